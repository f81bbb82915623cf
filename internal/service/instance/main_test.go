package instance_test

import (
	"testing"

	"github.com/terraform-baidu/terraform-provider-baidu/internal/acctest"
)

func TestMain(m *testing.M) { acctest.Main(m) }
