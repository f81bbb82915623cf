package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// rssSampler watches the provider processes Terraform starts and keeps the
// largest peak resident set size (VmHWM in /proc/PID/status) it sees. VmHWM
// is the kernel's own high-water mark for the process, so sampling only has
// to catch each process alive once near its end, not at its peak. Processes
// are matched by their executable, the provider binary built for this run,
// so other Terraform runs on the machine are never counted.
type rssSampler struct {
	exe   string
	every time.Duration
	stop  chan struct{}
	done  chan struct{}

	mu   sync.Mutex
	peak map[int]int64 // pid -> VmHWM in KiB
	cpu  map[int]int64 // pid -> user+system clock ticks, last seen
}

func startRSSSampler(exe string, every time.Duration) *rssSampler {
	if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	s := &rssSampler{exe: exe, every: every, stop: make(chan struct{}), done: make(chan struct{}), peak: map[int]int64{}, cpu: map[int]int64{}}
	go s.loop()
	return s
}

func (s *rssSampler) loop() {
	defer close(s.done)
	t := time.NewTicker(s.every)
	defer t.Stop()
	for {
		s.sample()
		select {
		case <-s.stop:
			return
		case <-t.C:
		}
	}
}

func (s *rssSampler) sample() {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		dir := filepath.Join("/proc", e.Name())
		if target, err := os.Readlink(filepath.Join(dir, "exe")); err != nil || target != s.exe {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, "status"))
		if err != nil {
			continue // exited between the two reads
		}
		kb, hwmOK := procStatusKB(string(data), "VmHWM")
		stat, err := os.ReadFile(filepath.Join(dir, "stat"))
		ticks, cpuOK := procStatTicks(string(stat))
		s.mu.Lock()
		if hwmOK && kb > s.peak[pid] {
			s.peak[pid] = kb
		}
		if err == nil && cpuOK && ticks > s.cpu[pid] {
			s.cpu[pid] = ticks
		}
		s.mu.Unlock()
	}
}

// samples is what the sampler saw of the provider processes.
type samples struct {
	PeakRSS   int64         // the largest VmHWM, in bytes
	Processes int           // how many provider processes were seen
	CPU       time.Duration // their user+system CPU time, as last sampled
}

// Stop ends the sampling and returns what it saw.
func (s *rssSampler) Stop() samples {
	close(s.stop)
	<-s.done
	s.mu.Lock()
	defer s.mu.Unlock()
	var out samples
	for _, kb := range s.peak {
		out.PeakRSS = max(out.PeakRSS, kb*1024)
	}
	for _, ticks := range s.cpu {
		out.CPU += time.Duration(ticks) * time.Second / clockTicksPerSecond
	}
	out.Processes = len(s.peak)
	return out
}

// clockTicksPerSecond is USER_HZ, the unit of /proc/PID/stat times: 100 on
// every Linux architecture Go supports.
const clockTicksPerSecond = 100

// procStatTicks reads utime+stime (fields 14 and 15) of /proc/PID/stat. The
// command name (field 2) may hold spaces and parentheses, so the fields are
// counted from the last ')'.
func procStatTicks(stat string) (int64, bool) {
	i := strings.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, false
	}
	fields := strings.Fields(stat[i+1:]) // fields[0] is field 3, the state
	if len(fields) < 13 {
		return 0, false
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return utime + stime, true
}

// procStatusKB reads a "Key:   1234 kB" line of /proc/PID/status or
// /proc/meminfo.
func procStatusKB(text, key string) (int64, bool) {
	for _, line := range strings.Split(text, "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok || k != key {
			continue
		}
		fields := strings.Fields(v)
		if len(fields) != 2 || fields[1] != "kB" {
			return 0, false
		}
		n, err := strconv.ParseInt(fields[0], 10, 64)
		return n, err == nil
	}
	return 0, false
}
