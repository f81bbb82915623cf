package bceauth

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/hex"
	"errors"
	"fmt"
)

// EncryptPassword encrypts an instance admin password the way the BCC API
// expects adminPass: AES-128-ECB with PKCS#7 padding, keyed with the first 16
// bytes of the (possibly temporary) secret key, as lowercase hex.
//
// ECB is Baidu's choice, not ours; the value only travels inside a signed
// HTTPS request.
func EncryptPassword(plain, secretKey string) (string, error) {
	block, err := passwordCipher(secretKey)
	if err != nil {
		return "", err
	}
	pad := aes.BlockSize - len(plain)%aes.BlockSize
	buf := make([]byte, len(plain)+pad)
	copy(buf, plain)
	for i := len(plain); i < len(buf); i++ {
		buf[i] = byte(pad)
	}
	for off := 0; off < len(buf); off += aes.BlockSize {
		block.Encrypt(buf[off:off+aes.BlockSize], buf[off:off+aes.BlockSize])
	}
	return hex.EncodeToString(buf), nil
}

// DecryptPassword reverses EncryptPassword. The mock uses it to check that an
// adminPass was encrypted with the caller's secret key.
func DecryptPassword(encrypted, secretKey string) (string, error) {
	block, err := passwordCipher(secretKey)
	if err != nil {
		return "", err
	}
	buf, err := hex.DecodeString(encrypted)
	if err != nil {
		return "", errors.New("encrypted password is not hex")
	}
	if len(buf) == 0 || len(buf)%aes.BlockSize != 0 {
		return "", errors.New("encrypted password is not a whole number of AES blocks")
	}
	for off := 0; off < len(buf); off += aes.BlockSize {
		block.Decrypt(buf[off:off+aes.BlockSize], buf[off:off+aes.BlockSize])
	}
	pad := int(buf[len(buf)-1])
	if pad == 0 || pad > aes.BlockSize {
		return "", errors.New("encrypted password has bad padding (wrong key?)")
	}
	for _, b := range buf[len(buf)-pad:] {
		if int(b) != pad {
			return "", errors.New("encrypted password has bad padding (wrong key?)")
		}
	}
	return string(buf[:len(buf)-pad]), nil
}

func passwordCipher(secretKey string) (cipher.Block, error) {
	if len(secretKey) < 16 {
		return nil, fmt.Errorf("secret key must be at least 16 characters to encrypt a password (got %d)", len(secretKey))
	}
	return aes.NewCipher([]byte(secretKey[:16]))
}
