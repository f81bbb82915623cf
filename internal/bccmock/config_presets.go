package bccmock

import "time"

// WithStorageTimes gives cfg timings that make every storage transition take
// time, as Baidu's do, so that a provider that does not wait is caught; a
// BootTime already set is kept. On a simulated clock they cost nothing.
func WithStorageTimes(cfg Config) Config {
	if cfg.BootTime == 0 {
		cfg.BootTime = 30 * time.Second
	}
	cfg.VolumeCreateTime = 20 * time.Second
	cfg.AttachTime = 10 * time.Second
	cfg.DetachTime = 10 * time.Second
	cfg.VolumeResizeTime = 30 * time.Second
	cfg.SnapshotTime = 40 * time.Second
	cfg.ImageTime = 60 * time.Second
	return cfg
}
