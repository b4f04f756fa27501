//go:build sphinx && cgo

package sphinx

/*
#cgo pkg-config: pocketsphinx sphinxbase
#include <stdlib.h>
#include <pocketsphinx.h>
#include <sphinxbase/err.h>
#include <sphinxbase/feat.h>
#include <sphinxbase/cmn.h>

// cgo cannot call the variadic cmd_ln_init: build the configuration from an
// argv array instead (argv[0] is a program name, as cmd_ln_parse_r expects).
static cmd_ln_t *candor_config(int argc, char **argv) {
	return cmd_ln_parse_r(NULL, ps_args(), argc, argv, 1);
}

static void candor_log_off(void) { err_set_logfp(NULL); }
static int candor_log_file(const char *path) { return err_set_logfile(path); }

// candor_cmn copies the live cepstral mean into out; returns its length.
static int candor_cmn(ps_decoder_t *ps, float *out, int n) {
	feat_t *f = ps_get_feat(ps);
	if (f == NULL || f->cmn_struct == NULL) return 0;
	int m = f->cmn_struct->veclen;
	if (m > n) m = n;
	for (int i = 0; i < m; i++) out[i] = (float)f->cmn_struct->cmn_mean[i];
	return m;
}

static int candor_process(ps_decoder_t *ps, const short *data, size_t n) {
	return ps_process_raw(ps, (const int16 *)data, n, 0, 0);
}
*/
import "C"

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
	"unsafe"

	"candor/agent/audio"
)

// initMu serialises decoder creation: pocketsphinx's logging and some of its
// model-loading code use process-global state.
var (
	initMu  sync.Mutex
	logOnce sync.Once
)

// SetLogFile sends pocketsphinx's diagnostic log to path (process-wide; by
// default the log is off). For troubleshooting only.
func SetLogFile(path string) error {
	initMu.Lock()
	defer initMu.Unlock()
	logOnce.Do(func() {})
	cs := C.CString(path)
	defer C.free(unsafe.Pointer(cs))
	if C.candor_log_file(cs) < 0 {
		return fmt.Errorf("%w: cannot open log file %s", ErrBadConfig, path)
	}
	return nil
}

// Recognizer decodes one call's utterances. It owns C memory: call Close.
// A Recognizer is not safe for concurrent use; use one per call. Utterances
// follow each other (Start, Write..., End); the cepstral-mean estimate carries
// over from one utterance to the next, which is why one call keeps one
// Recognizer.
type Recognizer struct {
	cfg      Config
	ps       *C.ps_decoder_t // grammar search
	expected map[string]bool // accepted results when rejection is on
	started  bool
	closed   bool
	samples  int
}

// New loads the model and the grammar. It returns an error wrapping
// ErrBadConfig, ErrModel or ErrGrammar.
func New(cfg Config) (*Recognizer, error) {
	cfg = cfg.withDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	for _, p := range []string{cfg.ModelDir, cfg.Dict} {
		if _, err := os.Stat(p); err != nil {
			return nil, fmt.Errorf("%w: %w (apt-get install pocketsphinx-en-us)", ErrModel, err)
		}
	}
	tmp, err := os.MkdirTemp("", "candor-sphinx-")
	if err != nil {
		return nil, fmt.Errorf("sphinx: %w", err)
	}
	// Everything written here is read by ps_init/ps_set_* before New returns.
	defer os.RemoveAll(tmp)

	args := []string{"-hmm", cfg.ModelDir, "-dict", cfg.Dict}
	if cfg.Telephone {
		orig, err := os.ReadFile(filepath.Join(cfg.ModelDir, "feat.params"))
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrModel, err)
		}
		fp := filepath.Join(tmp, "feat.params")
		if err := os.WriteFile(fp, []byte(telephoneFeatParams(string(orig))), 0o600); err != nil {
			return nil, fmt.Errorf("sphinx: %w", err)
		}
		args = append(args, "-featparams", fp)
	}

	r := &Recognizer{cfg: cfg}
	r.ps, err = newDecoder(args)
	if err != nil {
		return nil, err
	}
	if err := r.setGrammar(cfg.Grammar); err != nil {
		r.Close()
		return nil, err
	}
	if len(cfg.Expected) > 0 {
		r.expected = make(map[string]bool, len(cfg.Expected))
		for _, e := range cfg.Expected {
			r.expected[strings.Join(strings.Fields(strings.ToLower(e)), " ")] = true
		}
	}
	return r, nil
}

func newDecoder(args []string) (*C.ps_decoder_t, error) {
	initMu.Lock()
	defer initMu.Unlock()
	logOnce.Do(func() { C.candor_log_off() })
	argv := append([]string{"candor"}, args...)
	cargv := C.malloc(C.size_t(len(argv)) * C.size_t(unsafe.Sizeof(uintptr(0))))
	defer C.free(cargv)
	ptrs := unsafe.Slice((**C.char)(cargv), len(argv))
	for i, a := range argv {
		ptrs[i] = C.CString(a)
	}
	defer func() {
		for _, p := range ptrs {
			C.free(unsafe.Pointer(p))
		}
	}()
	config := C.candor_config(C.int(len(argv)), (**C.char)(cargv))
	if config == nil {
		return nil, fmt.Errorf("%w: invalid decoder arguments %v", ErrBadConfig, args)
	}
	ps := C.ps_init(config)
	// ps_init takes its own reference to config.
	C.cmd_ln_free_r(config)
	if ps == nil {
		return nil, fmt.Errorf("%w: ps_init failed for %v", ErrModel, args)
	}
	return ps, nil
}

func (r *Recognizer) setGrammar(jsgf string) error {
	name := C.CString("grammar")
	defer C.free(unsafe.Pointer(name))
	text := C.CString(jsgf)
	defer C.free(unsafe.Pointer(text))
	if C.ps_set_jsgf_string(r.ps, name, text) < 0 {
		return fmt.Errorf("%w: syntax error or a word missing from %s", ErrGrammar, r.cfg.Dict)
	}
	if C.ps_set_search(r.ps, name) < 0 {
		return fmt.Errorf("%w: cannot activate the grammar", ErrGrammar)
	}
	return nil
}

// Start begins an utterance.
func (r *Recognizer) Start() error {
	switch {
	case r.closed:
		return ErrClosed
	case r.started:
		return fmt.Errorf("%w: Start during an utterance", ErrState)
	}
	if C.ps_start_utt(r.ps) < 0 {
		return fmt.Errorf("%w: ps_start_utt", ErrDecode)
	}
	r.started = true
	r.samples = 0
	return nil
}

// Write decodes one frame of 16 kHz audio.
func (r *Recognizer) Write(f audio.Frame) error {
	switch {
	case r.closed:
		return ErrClosed
	case !r.started:
		return fmt.Errorf("%w: Write before Start", ErrState)
	case f.Rate != SampleRate:
		return fmt.Errorf("%w: got %d Hz", ErrRate, f.Rate)
	case len(f.Samples) == 0:
		return nil
	}
	return r.process(f.Samples)
}

func (r *Recognizer) process(s []int16) error {
	data := (*C.short)(unsafe.Pointer(&s[0]))
	if C.candor_process(r.ps, data, C.size_t(len(s))) < 0 {
		return fmt.Errorf("%w: ps_process_raw", ErrDecode)
	}
	r.samples += len(s)
	return nil
}

// WriteFrame is Write, so a Recognizer can sit at the end of an audio chain.
func (r *Recognizer) WriteFrame(f audio.Frame) error { return r.Write(f) }

// Partial returns the current best phrase of the utterance ("" if none yet).
func (r *Recognizer) Partial() string {
	if r.closed || !r.started {
		return ""
	}
	var score C.int32
	h := C.ps_get_hyp(r.ps, &score)
	if h == nil {
		return ""
	}
	return C.GoString(h)
}

// End finishes the utterance and returns its result.
func (r *Recognizer) End() (Result, error) {
	switch {
	case r.closed:
		return Result{}, ErrClosed
	case !r.started:
		return Result{}, fmt.Errorf("%w: End before Start", ErrState)
	}
	r.started = false
	res := Result{Audio: time.Duration(r.samples) * time.Second / SampleRate}
	if C.ps_end_utt(r.ps) < 0 {
		return res, fmt.Errorf("%w: ps_end_utt", ErrDecode)
	}
	var score C.int32
	if h := C.ps_get_hyp(r.ps, &score); h != nil {
		res.Text = C.GoString(h)
		res.Score = int(score)
	}
	if r.expected != nil {
		res.Rejected = !r.expected[res.Text]
	}
	return res, nil
}

// cmnMean returns the grammar decoder's current cepstral mean (for measuring
// TelephoneCMNInit).
func (r *Recognizer) cmnMean() []float32 {
	if r.closed {
		return nil
	}
	out := make([]float32, 64)
	n := C.candor_cmn(r.ps, (*C.float)(unsafe.Pointer(&out[0])), C.int(len(out)))
	return out[:int(n)]
}

// Close frees the decoders. It is idempotent.
func (r *Recognizer) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	if r.ps != nil {
		C.ps_free(r.ps)
		r.ps = nil
	}
	return nil
}
