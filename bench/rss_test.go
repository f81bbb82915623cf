package main

import (
	"os"
	"testing"
	"time"
)

func TestProcStatusKB(t *testing.T) {
	status := "Name:\tterraform-provi\nVmPeak:\t  812340 kB\nVmHWM:\t   41234 kB\nVmRSS:\t   40000 kB\nThreads:\t12\n"
	if kb, ok := procStatusKB(status, "VmHWM"); !ok || kb != 41234 {
		t.Errorf("VmHWM = %d, %v; want 41234", kb, ok)
	}
	if _, ok := procStatusKB(status, "VmSwap"); ok {
		t.Error("a missing key was found")
	}
	if _, ok := procStatusKB(status, "Threads"); ok {
		t.Error("a value without kB was read as kB")
	}
	if kb, ok := procStatusKB("MemTotal:       24684032 kB\n", "MemTotal"); !ok || kb != 24684032 {
		t.Errorf("MemTotal = %d, %v", kb, ok)
	}
}

func TestProcStatTicks(t *testing.T) {
	// A command name with a space and a ')' must not shift the fields.
	stat := "4242 (odd) name) S 1 4242 4242 0 -1 4194560 1000 0 0 0 321 45 0 0 20 0 12 0 123 456 789"
	if ticks, ok := procStatTicks(stat); !ok || ticks != 366 {
		t.Errorf("ticks = %d, %v; want 321+45", ticks, ok)
	}
	if _, ok := procStatTicks("4242 (short) S 1"); ok {
		t.Error("a truncated stat line was read")
	}
}

// The sampler finds processes by executable: this test binary itself.
func TestRSSSamplerSeesProcessesByExecutable(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	s := startRSSSampler(self, 5*time.Millisecond)
	for spin := time.Now(); time.Since(spin) < 100*time.Millisecond; {
		// Burn CPU so that the process has clock ticks to report.
	}
	seen := s.Stop()
	if seen.Processes != 1 || seen.PeakRSS <= 0 || seen.CPU <= 0 {
		t.Fatalf("saw %+v; want this test process with a peak", seen)
	}
	other := startRSSSampler("/nonexistent/terraform-provider-baidu", 5*time.Millisecond)
	if seen := other.Stop(); seen.Processes != 0 {
		t.Errorf("matched %d processes for an executable that does not exist", seen.Processes)
	}
}
