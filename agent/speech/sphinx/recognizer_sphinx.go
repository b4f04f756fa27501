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

// candor_speech_frames counts the frames of the best path spent in words
// (not silence or fillers, whose names start with '<' or '[' or '+').
static int candor_speech_frames(ps_decoder_t *ps) {
	int n = 0;
	for (ps_seg_t *seg = ps_seg_iter(ps); seg != NULL; seg = ps_seg_next(seg)) {
		const char *w = ps_seg_word(seg);
		int sf = 0, ef = 0;
		ps_seg_frames(seg, &sf, &ef);
		if (w != NULL && w[0] != '<' && w[0] != '[' && w[0] != '+') n += ef - sf + 1;
	}
	return n;
}

static int candor_process(ps_decoder_t *ps, const short *data, size_t n) {
	return ps_process_raw(ps, (const int16 *)data, n, 0, 0);
}
*/
import "C"

import (
	"errors"
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
	ref      *C.ps_decoder_t // Config.Reference search (nil when off)
	expected map[string]bool // accepted results when rejection is on
	started  bool
	closed   bool
	samples  int
	energy   []float64 // per 10 ms frame of the utterance, in dB
	tail     []int16   // samples of an incomplete 10 ms frame

	// Pooled mode (NewPooled): the utterance is buffered and decoded by a
	// decoder of the shared Model once it ends.
	pool  *Model
	kinds map[string]phraseKind
	buf   []int16
	cmn   []float32 // the call's cepstral-mean estimate

	heardOptOut bool // of the last Final
}

// NewPooled returns a Recognizer for one call that decodes with the shared
// Model m: it buffers each utterance (at most MaxUtterance) and, once it
// ends, decodes it with cfg.Grammar and cfg.Reference, the general language
// model and the keyword search, and cross-checks them (Result.Source). It
// holds no decoder of its own; Partial is always "". cfg.Telephone is
// ignored (it is m's).
func NewPooled(m *Model, cfg Config) (*Recognizer, error) {
	return newPooled(m, cfg, nil)
}

func newPooled(m *Model, cfg Config, kinds map[string]phraseKind) (*Recognizer, error) {
	cfg = cfg.withDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if m == nil {
		return nil, fmt.Errorf("%w: no Model", ErrBadConfig)
	}
	if kinds == nil {
		kinds = map[string]phraseKind{}
	}
	return &Recognizer{cfg: cfg, pool: m, kinds: kinds}, nil
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
	if err := setGrammar(r.ps, cfg.Grammar, cfg.Dict); err != nil {
		r.Close()
		return nil, err
	}
	if cfg.Reference != "" {
		r.ref, err = newDecoder(append(args, referenceArgs...))
		if err == nil {
			err = setGrammar(r.ref, cfg.Reference, cfg.Dict)
		}
		if err != nil {
			r.Close()
			return nil, err
		}
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

func setGrammar(ps *C.ps_decoder_t, jsgf, dict string) error {
	name := C.CString("grammar")
	defer C.free(unsafe.Pointer(name))
	text := C.CString(jsgf)
	defer C.free(unsafe.Pointer(text))
	if C.ps_set_jsgf_string(ps, name, text) < 0 {
		return fmt.Errorf("%w: syntax error or a word missing from %s", ErrGrammar, dict)
	}
	if C.ps_set_search(ps, name) < 0 {
		return fmt.Errorf("%w: cannot activate the grammar", ErrGrammar)
	}
	return nil
}

// referenceArgs narrow the reference decoder's beams: it only has to give a
// comparison score, and the word loop is costly at the default beams.
var referenceArgs = []string{"-beam", "1e-30", "-pbeam", "1e-30", "-wbeam", "1e-20"}

// Start begins an utterance.
func (r *Recognizer) Start() error {
	switch {
	case r.closed:
		return ErrClosed
	case r.started:
		return fmt.Errorf("%w: Start during an utterance", ErrState)
	}
	if r.pool != nil {
		r.started = true
		r.samples = 0
		r.buf = r.buf[:0]
		r.energy = r.energy[:0]
		r.tail = r.tail[:0]
		return nil
	}
	if C.ps_start_utt(r.ps) < 0 {
		return fmt.Errorf("%w: ps_start_utt", ErrDecode)
	}
	if r.ref != nil && C.ps_start_utt(r.ref) < 0 {
		C.ps_end_utt(r.ps)
		return fmt.Errorf("%w: ps_start_utt (reference)", ErrDecode)
	}
	r.started = true
	r.samples = 0
	r.energy = r.energy[:0]
	r.tail = r.tail[:0]
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
	if r.pool != nil {
		if room := MaxUtterance*SampleRate - len(r.buf); room > 0 {
			r.buf = append(r.buf, s[:min(len(s), room)]...)
		}
		r.samples += len(s)
		r.energy = appendEnergy(r.energy, &r.tail, s)
		return nil
	}
	data := (*C.short)(unsafe.Pointer(&s[0]))
	if C.candor_process(r.ps, data, C.size_t(len(s))) < 0 {
		return fmt.Errorf("%w: ps_process_raw", ErrDecode)
	}
	if r.ref != nil && C.candor_process(r.ref, data, C.size_t(len(s))) < 0 {
		return fmt.Errorf("%w: ps_process_raw (reference)", ErrDecode)
	}
	r.samples += len(s)
	r.energy = appendEnergy(r.energy, &r.tail, s)
	return nil
}

// WriteFrame is Write, so a Recognizer can sit at the end of an audio chain.
func (r *Recognizer) WriteFrame(f audio.Frame) error { return r.Write(f) }

// Partial returns the current best phrase of the utterance ("" if none yet).
func (r *Recognizer) Partial() string {
	if r.closed || !r.started || r.pool != nil {
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
	if r.pool != nil {
		return r.endPooled(res)
	}
	endErr := C.ps_end_utt(r.ps)
	if r.ref != nil && C.ps_end_utt(r.ref) < 0 {
		endErr = -1
	}
	if endErr < 0 {
		return res, fmt.Errorf("%w: ps_end_utt", ErrDecode)
	}
	var score C.int32
	if h := C.ps_get_hyp(r.ps, &score); h != nil {
		res.Text = C.GoString(h)
		res.Score = int(score)
	}
	res.Frames = int(C.ps_get_n_frames(r.ps))
	if res.Text != "" {
		res.SpeechFrames = int(C.candor_speech_frames(r.ps))
		res.Coverage = coverage(r.energy, res.SpeechFrames)
	}
	if r.expected != nil {
		res.Rejected = !r.expected[res.Text]
	}
	if r.ref != nil && res.Text != "" && res.Frames > 0 {
		var ls C.int32
		if C.ps_get_hyp(r.ref, &ls) != nil {
			res.Confidence = float64(res.Score-int(ls)) / float64(res.Frames)
			res.HasConfidence = true
		}
	}
	r.reject(&res)
	return res, nil
}

// endPooled decodes the buffered utterance with the shared Model and
// cross-checks its passes (see decide).
func (r *Recognizer) endPooled(res Result) (Result, error) {
	var g Result
	evidence := func(h hearing) grammarEvidence {
		g = Result{Text: h.grammar.text, Score: h.grammar.score, Frames: h.grammar.frames, Audio: res.Audio}
		if g.Text != "" {
			g.SpeechFrames = h.grammar.words
			g.Coverage = coverage(r.energy, g.SpeechFrames)
			if r.cfg.Reference != "" && g.Frames > 0 && h.reference.frames > 0 {
				g.Confidence = float64(g.Score-h.reference.score) / float64(g.Frames)
				g.HasConfidence = true
			}
		}
		r.reject(&g)
		return grammarEvidence{
			kind:       r.kinds[g.Text],
			confidence: g.Confidence,
			ok:         g.Text != "" && !g.Rejected,
			sureEnding: g.HasConfidence && g.Confidence >= EndingSureConfidence && g.Coverage >= EndingSureCoverage,
			sureAnswer: g.HasConfidence && g.Confidence >= AnswerSureConfidence && g.Coverage >= AnswerMinCoverage,
		}
	}
	var ev grammarEvidence
	h, cmn, err := r.pool.hear(r.cfg.Grammar, r.cfg.GarbageGrammar, r.cfg.Reference, r.buf, r.cmn, func(h hearing) bool {
		ev = evidence(h)
		return needGeneral(h, ev, r.cfg.Lang)
	})
	if cap(r.buf) > keepBuffer {
		r.buf = nil // a long utterance's buffer is not kept for the whole call
	}
	if errors.Is(err, ErrBusy) {
		// Overload ends the call with an error: going on deaf could miss
		// an opt-out and carry on the survey.
		res.Rejected, res.Busy = true, true
		return res, fmt.Errorf("%w after %v", err, r.pool.cfg.MaxWait)
	}
	if err != nil {
		return res, err
	}
	r.cmn = cmn
	if r.cfg.Grammar == "" {
		ev = evidence(h)
	}
	d := decide(h, ev, r.cfg.Lang)
	out := g
	out.Grammar, out.GrammarRejected = g.Text, g.Rejected
	out.General, out.GeneralRun = h.general.text, h.generalRun
	out.Keywords = h.keywords
	out.Text, out.Source, out.OptOut, out.HeardOptOut = d.text, d.source, d.optOut, d.heardOptOut
	out.Rejected = d.source == SourceNone
	return out, nil
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
	r.buf = nil
	if r.ps != nil {
		C.ps_free(r.ps)
		r.ps = nil
	}
	if r.ref != nil {
		C.ps_free(r.ref)
		r.ref = nil
	}
	return nil
}

// reject applies Config.Reject.
func (r *Recognizer) reject(res *Result) {
	if r.cfg.Reject != nil && !res.Rejected && res.Text != "" && r.cfg.Reject(*res) {
		res.Rejected = true
	}
}
