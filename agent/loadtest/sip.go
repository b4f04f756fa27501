package loadtest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"candor/agent"
	"candor/agent/audio"
	"candor/agent/telephony/sip"
	"candor/agent/voice"
)

// SippScenario is sipp's side of SIP (a callee for any test): answer, hold the call for -d
// milliseconds (sipp echoes the RTP it gets with -rtp_echo), then hang up.
const SippScenario = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="candor load uas">
  <recv request="INVITE" rrs="true" />
  <send>
    <![CDATA[
SIP/2.0 180 Ringing
[last_Via:]
[last_From:]
[last_To:];tag=[pid]L[call_number]
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0

    ]]>
  </send>
  <send retrans="500">
    <![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:];tag=[pid]L[call_number]
[last_Call-ID:]
[last_CSeq:]
Contact: <sip:[local_ip]:[local_port];transport=[transport]>
Content-Type: application/sdp
Content-Length: [len]

v=0
o=sipp 1 1 IN IP[local_ip_type] [local_ip]
s=-
c=IN IP[media_ip_type] [media_ip]
t=0 0
m=audio [media_port] RTP/AVP 0 101
a=rtpmap:0 PCMU/8000
a=rtpmap:101 telephone-event/8000
a=ptime:20
    ]]>
  </send>
  <recv request="ACK">
    <action>
      <ereg regexp=".*" search_in="hdr" header="From:" assign_to="ackfrom" />
      <ereg regexp=".*" search_in="hdr" header="To:" assign_to="ackto" />
    </action>
  </recv>
  <pause />
  <send retrans="500">
    <![CDATA[
BYE [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From:[$ackto]
To:[$ackfrom]
[last_Call-ID:]
CSeq: 2 BYE
Contact: <sip:[local_ip]:[local_port];transport=[transport]>
Max-Forwards: 70
Content-Length: 0

    ]]>
  </send>
  <recv response="200" />
</scenario>
`

// SIPConfig is what SIP runs.
type SIPConfig struct {
	Calls int
	Hold  time.Duration // how long sipp keeps each call up
	Ramp  time.Duration // calls are dialled evenly over this time
	// CPUProfile and MemProfile, when set, are the files the run's CPU and
	// allocation profiles are written to (see StartProfiles).
	CPUProfile, MemProfile string
}

// SIPResult is what SIP measures.
type SIPResult struct {
	Calls, Connected, Completed int
	Packets                     int    // RTP packets sent (agent audio)
	Echoed                      uint64 // RTP packets received back
	Resyncs                     int    // pacer timelines restarted (over 100 ms late)
	P50, P99, P999, Max         float64
	Wall                        time.Duration
	Cores                       float64 // candor's CPU, in cores
	SippCores                   float64
	MemPerCall                  float64 // heap + stacks, bytes
	MaxRSS                      int64   // bytes, whole process
	SippOK                      bool
	Failures                    []string
}

// StartProfiles starts a CPU profile to cpuFile and sets the allocation
// profile to be written to memFile (either may be empty); the returned func
// stops and writes them.
func StartProfiles(cpuFile, memFile string) (stop func() error, err error) {
	var cpu *os.File
	if cpuFile != "" {
		if cpu, err = os.Create(cpuFile); err != nil {
			return nil, fmt.Errorf("cpu profile: %w", err)
		}
		if err := pprof.StartCPUProfile(cpu); err != nil {
			cpu.Close()
			return nil, fmt.Errorf("cpu profile: %w", err)
		}
	}
	return func() error {
		var errs []error
		if cpu != nil {
			pprof.StopCPUProfile()
			errs = append(errs, cpu.Close())
		}
		if memFile != "" {
			f, err := os.Create(memFile)
			if err != nil {
				return errors.Join(append(errs, fmt.Errorf("memory profile: %w", err))...)
			}
			errs = append(errs, pprof.Lookup("allocs").WriteTo(f, 0), f.Close())
		}
		return errors.Join(errs...)
	}, nil
}

// rtpLateness wraps a call's transport and times each RTP packet's send
// against its slot in the voice line's pacer: the n-th frame of a run is due
// at t0 + n*20 ms, t0 being when the run's first frame reached the pacer. The
// timeline is mirrored from the frames' arrival at the pacer (stamped by
// anchorWriter just before it), with the pacer's rule: a frame arriving more
// than audio.DefaultMaxLag frames behind restarts the run.
type rtpLateness struct {
	next voice.Transport

	mu      sync.Mutex
	running bool
	t0      time.Time
	n       int
	slot    time.Time // of the frame on its way through the pacer
	resyncs int
	late    []float64 // ms
}

// arrive computes the slot of a frame reaching the pacer now.
func (t *rtpLateness) arrive(now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.running {
		t.running, t.t0, t.n = true, now, 0
	}
	slot := t.t0.Add(time.Duration(t.n) * audio.FrameDuration)
	if now.Sub(slot) > audio.DefaultMaxLag*audio.FrameDuration {
		t.t0, t.n, slot = now, 0, now
		t.resyncs++
	}
	t.n++
	t.slot = slot
}

func (t *rtpLateness) WriteFrame(f audio.Frame) error {
	err := t.next.WriteFrame(f)
	now := time.Now() // after the packet was handed to the kernel
	t.mu.Lock()
	if !t.slot.IsZero() {
		t.late = append(t.late, float64(now.Sub(t.slot).Microseconds())/1000)
	}
	t.mu.Unlock()
	return err
}
func (t *rtpLateness) Clear()       { t.next.Clear() }
func (t *rtpLateness) Close() error { return t.next.Close() }

// anchoredTone "synthesizes" a 4 s tone instantly, stamping each frame's
// arrival at the line (the pacer forwards it in this same goroutine).
type anchoredTone struct {
	tone toneStreamer
	m    *rtpLateness
}

func (a anchoredTone) Stream(ctx context.Context, text, lang string, w audio.FrameWriter) (time.Duration, error) {
	return a.tone.Stream(ctx, text, lang, anchorWriter{w, a.m})
}

type anchorWriter struct {
	w audio.FrameWriter
	m *rtpLateness
}

func (a anchorWriter) WriteFrame(f audio.Frame) error {
	a.m.arrive(time.Now())
	return a.w.WriteFrame(f)
}

// freeUDPPort returns a free UDP port on 127.0.0.1.
func freeUDPPort() (int, error) {
	c, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer c.Close()
	return c.LocalAddr().(*net.UDPAddr).Port, nil
}

// SIP places cfg.Calls concurrent SIP calls to a sipp callee on 127.0.0.1
// (sipp -rtp_echo; it hangs up after cfg.Hold). Each call is a voice line
// playing paced agent audio as RTP and hearing its echo; SIP measures how
// late each RTP packet left against its slot (t0 + n*20 ms), whether every
// call completed, CPU and memory per call. It needs sipp (Debian's
// sip-tester).
func SIP(ctx context.Context, cfg SIPConfig) (SIPResult, error) {
	stop, err := StartProfiles(cfg.CPUProfile, cfg.MemProfile)
	if err != nil {
		return SIPResult{}, err
	}
	res, err := sipRun(ctx, cfg)
	if perr := stop(); perr != nil && err == nil {
		err = perr
	}
	return res, err
}

func sipRun(ctx context.Context, cfg SIPConfig) (SIPResult, error) {
	res := SIPResult{Calls: cfg.Calls}
	dir, err := os.MkdirTemp("", "candor-bench-sip")
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(dir)
	sf := filepath.Join(dir, "uas.xml")
	if err := os.WriteFile(sf, []byte(SippScenario), 0o600); err != nil {
		return res, err
	}
	port, err := freeUDPPort()
	if err != nil {
		return res, err
	}
	mport, err := freeUDPPort()
	if err != nil {
		return res, err
	}
	sippCtx, stopSipp := context.WithCancel(context.Background())
	defer stopSipp()
	sipp := exec.CommandContext(sippCtx, "sipp", "-sf", sf, "-i", "127.0.0.1", "-p", strconv.Itoa(port),
		"-mi", "127.0.0.1", "-mp", strconv.Itoa(mport), "-rtp_echo", "-m", strconv.Itoa(cfg.Calls),
		"-d", strconv.FormatInt(cfg.Hold.Milliseconds(), 10), "-timeout", strconv.Itoa(int((cfg.Hold+cfg.Ramp).Seconds())+60)+"s",
		"-timeout_error", "-trace_err", "-error_file", filepath.Join(dir, "err.log"), "-nostdin", "-max_socket", "2048")
	sipp.Dir = dir
	sippOut := &syncBuffer{}
	sipp.Stdout, sipp.Stderr = sippOut, sippOut
	if err := sipp.Start(); err != nil {
		return res, fmt.Errorf("starting sipp: %w", err)
	}
	sippDone := make(chan error, 1)
	go func() { sippDone <- sipp.Wait() }()
	time.Sleep(300 * time.Millisecond) // sipp binds its sockets

	tone := audio.Frame{Rate: 8000, Samples: make([]int16, 160)}
	for i := range tone.Samples {
		tone.Samples[i] = int16(4000 * math.Sin(float64(i)*2*math.Pi*400/8000))
	}
	var mu sync.Mutex
	meters := make([]*rtpLateness, 0, cfg.Calls)
	meterOf := map[*sip.Call]*rtpLateness{}
	d, err := sip.NewDialer(sip.Config{
		Trunk:   sip.Trunk{Name: "bench", Host: "127.0.0.1", Port: port, CallerID: "+15550100"},
		LocalIP: "127.0.0.1", RingTimeout: sip.MinRingTimeout,
		NewLine: func(c *sip.Call) (sip.AudioLine, error) {
			m := &rtpLateness{next: c, late: make([]float64, 0, int(cfg.Hold/audio.FrameDuration)+64)}
			mu.Lock()
			meters = append(meters, m)
			meterOf[c] = m
			mu.Unlock()
			return quietLines.NewLine(m, nil)
		}})
	if err != nil {
		return res, err
	}
	defer d.Close()

	runtime.GC()
	var m0, mMid runtime.MemStats
	runtime.ReadMemStats(&m0)
	var ru0 syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
	start := time.Now()
	var connected, completed atomic.Int64
	var echoed atomic.Uint64
	var failMu sync.Mutex
	fail := func(format string, a ...any) {
		failMu.Lock()
		res.Failures = append(res.Failures, fmt.Sprintf(format, a...))
		failMu.Unlock()
	}
	var wg sync.WaitGroup
	for i := range cfg.Calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Until(start.Add(cfg.Ramp * time.Duration(i) / time.Duration(cfg.Calls))))
			callCtx, cancel := context.WithTimeout(ctx, cfg.Hold+30*time.Second)
			defer cancel()
			c, err := d.DialCall(callCtx, fmt.Sprintf("sip:load%d@127.0.0.1:%d", i, port))
			if err != nil {
				fail("call %d: dial: %v", i, err)
				return
			}
			connected.Add(1)
			l := c.Line()
			mu.Lock()
			synth := voice.Synth{Streamer: anchoredTone{toneStreamer{tone}, meterOf[c]}}
			mu.Unlock()
			talkCtx, stopTalking := context.WithCancel(callCtx)
			talked := make(chan struct{})
			go func() { // the agent talks until the callee hangs up
				defer close(talked)
				for talkCtx.Err() == nil {
					sp, err := synth.Synthesize(talkCtx, "benchmark sentence", "en")
					if err != nil {
						return
					}
					sp.Protected = true // its own echo must not pause it
					if _, err := l.Play(talkCtx, sp); err != nil {
						return
					}
				}
			}()
			// The line reports the BYE as an event; under load an event can
			// be dropped (the line never blocks its audio path), so the
			// call's own flag is polled as well.
			poll := time.NewTicker(100 * time.Millisecond)
			defer poll.Stop()
			hungUp := false
		wait:
			for !hungUp {
				select {
				case ev, ok := <-l.Events():
					if !ok {
						break wait
					}
					hungUp = ev.Kind == agent.CalleeHangup
				case <-poll.C:
					hungUp = c.HungUpByCallee()
				case <-callCtx.Done():
					break wait
				}
			}
			stopTalking()
			<-talked
			_ = l.Hangup(context.Background())
			st := c.Stats()
			echoed.Add(st.Received)
			switch {
			case !hungUp:
				fail("call %d: no BYE from the callee (%v)", i, callCtx.Err())
			case st.Received == 0:
				fail("call %d: no RTP came back", i)
			default:
				completed.Add(1)
			}
		}()
	}
	go func() {
		time.Sleep(cfg.Ramp + cfg.Hold/2)
		runtime.ReadMemStats(&mMid)
	}()
	wg.Wait()
	res.Wall = time.Since(start)
	var ru1 syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
	cpu := time.Duration(ru1.Utime.Nano() - ru0.Utime.Nano() + ru1.Stime.Nano() - ru0.Stime.Nano())
	res.Cores = cpu.Seconds() / res.Wall.Seconds()
	res.MaxRSS = ru1.Maxrss * 1024
	res.Connected, res.Completed, res.Echoed = int(connected.Load()), int(completed.Load()), echoed.Load()

	select {
	case err := <-sippDone:
		res.SippOK = err == nil
		if err != nil {
			fail("sipp: %v: %s", err, lastLines(sippOut.String(), 5))
		}
	case <-time.After(15 * time.Second):
		stopSipp()
		<-sippDone
		fail("sipp did not finish its %d calls", cfg.Calls)
	}
	if ps := sipp.ProcessState; ps != nil {
		res.SippCores = (ps.UserTime() + ps.SystemTime()).Seconds() / res.Wall.Seconds()
	}
	mu.Lock()
	var all []float64
	for _, m := range meters {
		m.mu.Lock()
		all = append(all, m.late...)
		res.Resyncs += m.resyncs
		m.mu.Unlock()
	}
	mu.Unlock()
	sort.Float64s(all)
	if n := len(all); n > 0 {
		res.P50, res.P99, res.P999, res.Max = all[n/2], all[min(n*99/100, n-1)], all[min(n*999/1000, n-1)], all[n-1]
	}
	res.Packets = len(all)
	if mMid.HeapInuse > 0 {
		res.MemPerCall = float64(int64(mMid.HeapInuse+mMid.StackInuse)-int64(m0.HeapInuse+m0.StackInuse)) / float64(cfg.Calls)
	}
	return res, nil
}

// syncBuffer collects a process's output.
type syncBuffer struct {
	mu sync.Mutex
	b  []byte
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b = append(s.b, p...)
	return len(p), nil
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return string(s.b)
}

// lastLines returns the last n lines of s.
func lastLines(s string, n int) string {
	end := len(s)
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '\n' && i < end-1 {
			n--
			if n == 0 {
				return s[i+1:]
			}
		}
	}
	return s[:end]
}
