//go:build sphinx && cgo

package sphinx

/*
#cgo pkg-config: pocketsphinx sphinxbase
#include <stdlib.h>
#include <string.h>
#include <pocketsphinx.h>
#include <sphinxbase/err.h>
#include <sphinxbase/ngram_model.h>
#include <sphinxbase/feat.h>
#include <sphinxbase/cmn.h>

// candor_cmn_get copies the cepstral mean into out (at most n values) and
// returns how many; candor_cmn_set writes it back.
static int candor_cmn_get(ps_decoder_t *ps, float *out, int n) {
	feat_t *f = ps_get_feat(ps);
	if (f == NULL || f->cmn_struct == NULL) return 0;
	int m = f->cmn_struct->veclen;
	if (m > n) m = n;
	for (int i = 0; i < m; i++) out[i] = (float)f->cmn_struct->cmn_mean[i];
	return m;
}
// candor_cmn_set restarts the live estimate from in (its running sums too).
static void candor_cmn_set(ps_decoder_t *ps, const float *in, int n) {
	feat_t *f = ps_get_feat(ps);
	if (f == NULL || f->cmn_struct == NULL) return;
	int m = f->cmn_struct->veclen;
	if (m > n) return;
	mfcc_t vec[64];
	if (m > 64) return;
	for (int i = 0; i < m; i++) vec[i] = (mfcc_t)in[i];
	cmn_live_set(f->cmn_struct, vec);
}

static cmd_ln_t *candor_model_config(int argc, char **argv) {
	return cmd_ln_parse_r(NULL, ps_args(), argc, argv, 1);
}

// candor_set_beams sets the beams a search reads when it is created.
static void candor_set_beams(ps_decoder_t *ps, double beam, double pbeam, double wbeam) {
	cmd_ln_t *c = ps_get_config(ps);
	cmd_ln_set_float_r(c, "-beam", beam);
	cmd_ln_set_float_r(c, "-pbeam", pbeam);
	cmd_ln_set_float_r(c, "-wbeam", wbeam);
}

static void candor_set_float(ps_decoder_t *ps, const char *name, double v) {
	cmd_ln_set_float_r(ps_get_config(ps), name, v);
}
static void candor_set_int(ps_decoder_t *ps, const char *name, long v) {
	cmd_ln_set_int_r(ps_get_config(ps), name, v);
}

static double candor_get_float(ps_decoder_t *ps, const char *name) {
	return cmd_ln_float_r(ps_get_config(ps), name);
}
static long candor_get_int(ps_decoder_t *ps, const char *name) {
	return cmd_ln_int_r(ps_get_config(ps), name);
}

static ngram_model_t *candor_read_lm(ps_decoder_t *ps, const char *path) {
	return ngram_model_read(ps_get_config(ps), path, NGRAM_AUTO, ps_get_logmath(ps));
}

// candor_mix interpolates two language models (weights a and 1-a) into a
// set that owns them.
static ngram_model_t *candor_mix(ps_decoder_t *ps, ngram_model_t *general, ngram_model_t *domain, double a) {
	ngram_model_t *lms[2] = {general, domain};
	const char *names[2] = {"general", "domain"};
	float32 w[2] = {(float32)a, (float32)(1 - a)};
	ngram_model_retain(general);
	ngram_model_retain(domain);
	return ngram_model_set_init(ps_get_config(ps), lms, (char **)names, w, 2);
}

static int candor_set_lm(ps_decoder_t *ps, const char *name, ngram_model_t *lm) {
	ngram_model_retain(lm);
	int rv = ps_set_lm(ps, name, lm);
	if (rv < 0) ngram_model_free(lm);
	return rv;
}

// candor_pass decodes one whole utterance with the named search. The hypothesis
// is copied into hyp (at most hn bytes with the NUL); for a keyword search
// each detection is written as "phrase\tprob\n".
static int candor_pass(ps_decoder_t *ps, const char *search, const short *data, size_t n,
		int kws, char *hyp, int hn, int *score, int *prob, int *frames, int *words) {
	hyp[0] = 0;
	*score = 0; *prob = 0; *frames = 0; *words = 0;
	if (ps_set_search(ps, search) < 0) return -1;
	if (ps_start_utt(ps) < 0) return -2;
	if (n > 0 && ps_process_raw(ps, (const int16 *)data, n, 0, 0) < 0) { ps_end_utt(ps); return -3; }
	if (ps_end_utt(ps) < 0) return -4;
	*frames = ps_get_n_frames(ps);
	int32 sc = 0;
	const char *h = ps_get_hyp(ps, &sc);
	*score = sc;
	if (kws) {
		int off = 0;
		for (ps_seg_t *seg = ps_seg_iter(ps); seg != NULL; seg = ps_seg_next(seg)) {
			const char *w = ps_seg_word(seg);
			int32 a, l, b;
			int32 p = ps_seg_prob(seg, &a, &l, &b);
			int sf = 0, ef = 0;
			ps_seg_frames(seg, &sf, &ef);
			if (w == NULL) continue;
			int m = snprintf(hyp + off, hn - off, "%s\t%d\t%d\t%d\n", w, p, sf, ef);
			if (m < 0 || m >= hn - off) { ps_seg_free(seg); break; }
			off += m;
		}
		return 0;
	}
	if (h == NULL) return 0;
	strncpy(hyp, h, hn - 1);
	hyp[hn - 1] = 0;
	for (ps_seg_t *seg = ps_seg_iter(ps); seg != NULL; seg = ps_seg_next(seg)) {
		const char *w = ps_seg_word(seg);
		int sf = 0, ef = 0;
		ps_seg_frames(seg, &sf, &ef);
		if (w != NULL && w[0] != '<' && w[0] != '[' && w[0] != '+') *words += ef - sf + 1;
	}
	return 0;
}

static double candor_exp(ps_decoder_t *ps, int logp) {
	return logmath_exp(ps_get_logmath(ps), logp);
}
*/
import "C"

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unsafe"
)

// Search names inside a pooled decoder.
const (
	searchGeneral  = "general"
	searchKeywords = "keywords"
)

// decoder is one pocketsphinx decoder of a Model: the acoustic model, the
// general language-model search, the keyword search and the grammar searches
// added so far (by grammar hash).
type decoder struct {
	ps       *C.ps_decoder_t
	grammars map[string]bool
	hyp      []byte // C buffer for hypotheses
	// cmn is the initial cepstral mean (the model's, or TelephoneCMNInit),
	// the start of every call's own estimate.
	cmn  []float32
	ncmn C.int
}

// newModel loads n decoders sharing one language model.
func newModel(cfg ModelConfig) (*Model, error) {
	cfg = cfg.withDefaults()
	for _, p := range []string{cfg.ModelDir, cfg.Dict, cfg.LM} {
		if _, err := os.Stat(p); err != nil {
			return nil, fmt.Errorf("%w: %w (apt-get install pocketsphinx-en-us)", ErrModel, err)
		}
	}
	tmp, err := os.MkdirTemp("", "candor-sphinx-")
	if err != nil {
		return nil, fmt.Errorf("sphinx: %w", err)
	}
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
	kwsFile := filepath.Join(tmp, "keywords")
	var kb strings.Builder
	for _, k := range cfg.Keywords {
		fmt.Fprintf(&kb, "%s /%s/\n", k.Phrase, strconv.FormatFloat(k.Threshold, 'e', -1, 64))
	}
	if err := os.WriteFile(kwsFile, []byte(kb.String()), 0o600); err != nil {
		return nil, fmt.Errorf("sphinx: %w", err)
	}

	m := &Model{cfg: cfg, free: make(chan *decoder, cfg.Decoders)}
	var models lms
	defer func() { models.free() }()
	for i := 0; i < cfg.Decoders; i++ {
		ps, err := newDecoder(args)
		if err != nil {
			m.Close()
			return nil, err
		}
		d := &decoder{ps: ps, grammars: map[string]bool{}, hyp: make([]byte, hypBytes), cmn: make([]float32, 64)}
		d.ncmn = C.candor_cmn_get(ps, (*C.float)(unsafe.Pointer(&d.cmn[0])), C.int(len(d.cmn)))
		m.all = append(m.all, d)
		if models.general == nil && models.domain == nil {
			if models, err = loadLMs(ps, cfg, tmp); err != nil {
				m.Close()
				return nil, err
			}
		}
		lm, err := models.forDecoder(ps)
		if err != nil {
			m.Close()
			return nil, err
		}
		// The general search's settings hold only for it: the grammar
		// searches created later read the decoder's defaults again.
		defaults := apply(ps, generalSettings)
		name := C.CString(searchGeneral)
		rv := C.candor_set_lm(ps, name, lm)
		C.ngram_model_free(lm)
		C.free(unsafe.Pointer(name))
		apply(ps, defaults)
		if rv < 0 {
			m.Close()
			return nil, fmt.Errorf("%w: cannot use the language model %s", ErrModel, cfg.LM)
		}
		if len(cfg.Keywords) > 0 {
			C.candor_set_beams(ps, 1e-80, 1e-80, 1e-80)
			name, file := C.CString(searchKeywords), C.CString(kwsFile)
			rv := C.ps_set_kws(ps, name, file)
			C.free(unsafe.Pointer(name))
			C.free(unsafe.Pointer(file))
			if rv < 0 {
				m.Close()
				return nil, fmt.Errorf("%w: keyword list refused (a word missing from %s?)", ErrGrammar, cfg.Dict)
			}
		}
		m.free <- d
	}
	return m, nil
}

// lms are the language models every decoder's general search uses: the
// general model and the domain model (nil when off), both read once.
type lms struct {
	general, domain *C.ngram_model_t
	weight          float64
}

// loadLMs reads the general language model and, unless cfg.DomainWeight is
// negative, the domain model built from cfg.Domain (see BuildARPA).
func loadLMs(ps *C.ps_decoder_t, cfg ModelConfig, tmp string) (lms, error) {
	read := func(path string) (*C.ngram_model_t, error) {
		cp := C.CString(path)
		defer C.free(unsafe.Pointer(cp))
		lm := C.candor_read_lm(ps, cp)
		if lm == nil {
			return nil, fmt.Errorf("%w: cannot read the language model %s", ErrModel, path)
		}
		return lm, nil
	}
	var l lms
	var err error
	l.weight = min(cfg.DomainWeight, 1)
	if l.weight < 1 {
		if l.general, err = read(cfg.LM); err != nil || cfg.DomainWeight <= 0 {
			return l, err
		}
	}
	path := filepath.Join(tmp, "domain.lm")
	if err := writeDomainLM(path, cfg); err != nil {
		l.free()
		return lms{}, err
	}
	if l.domain, err = read(path); err != nil {
		l.free()
		return lms{}, err
	}
	return l, nil
}

// forDecoder returns the model for one decoder's general search (a new
// reference the caller frees): a mixture is per decoder, as a set keeps
// scratch state while it scores.
func (l lms) forDecoder(ps *C.ps_decoder_t) (*C.ngram_model_t, error) {
	switch {
	case l.domain == nil:
		return C.ngram_model_retain(l.general), nil
	case l.weight >= 1:
		return C.ngram_model_retain(l.domain), nil
	}
	set := C.candor_mix(ps, l.general, l.domain, C.double(1-l.weight))
	if set == nil {
		return nil, fmt.Errorf("%w: cannot mix the general and domain language models", ErrModel)
	}
	return set, nil
}

func (l lms) free() {
	if l.general != nil {
		C.ngram_model_free(l.general)
	}
	if l.domain != nil {
		C.ngram_model_free(l.domain)
	}
}

// hypBytes bounds a hypothesis (and a keyword search's detections).
const hypBytes = 8192

func (m *Model) freeDecoders() {
	for _, d := range m.all {
		if d.ps != nil {
			C.ps_free(d.ps)
			d.ps = nil
		}
	}
}

// grammarID names a grammar search by the hash of its text.
func grammarID(jsgf string) string {
	h := sha256.Sum256([]byte(jsgf))
	return "g" + hex.EncodeToString(h[:8])
}

// ensureGrammar adds the grammar (and its reference loop) to d once.
func (d *decoder) ensureGrammar(id, jsgf string, beams [3]float64) error {
	if d.grammars[id] {
		return nil
	}
	C.candor_set_beams(d.ps, C.double(beams[0]), C.double(beams[1]), C.double(beams[2]))
	if err := setGrammarNamed(d.ps, id, jsgf); err != nil {
		return err
	}
	d.grammars[id] = true
	return nil
}

func setGrammarNamed(ps *C.ps_decoder_t, id, jsgf string) error {
	name := C.CString(id)
	defer C.free(unsafe.Pointer(name))
	text := C.CString(jsgf)
	defer C.free(unsafe.Pointer(text))
	if C.ps_set_jsgf_string(ps, name, text) < 0 {
		return fmt.Errorf("%w: syntax error or a word missing from the dictionary", ErrGrammar)
	}
	return nil
}

// run decodes samples (16 kHz, a whole utterance) with the named search.
func (d *decoder) run(search string, samples []int16, kws bool, cmn []float32) (pass, error) {
	var p pass
	name := C.CString(search)
	defer C.free(unsafe.Pointer(name))
	var data *C.short
	if len(samples) > 0 {
		data = (*C.short)(unsafe.Pointer(&samples[0]))
	}
	var score, prob, frames, words C.int // prob: unused without -bestpath
	k := C.int(0)
	if kws {
		k = 1
	}
	hyp := (*C.char)(unsafe.Pointer(&d.hyp[0]))
	C.candor_cmn_set(d.ps, (*C.float)(unsafe.Pointer(&cmn[0])), C.int(len(cmn)))
	rv := C.candor_pass(d.ps, name, data, C.size_t(len(samples)), k, hyp, C.int(len(d.hyp)), &score, &prob, &frames, &words)
	if rv < 0 {
		return p, fmt.Errorf("%w: %s search (step %d)", ErrDecode, search, -rv)
	}
	out := C.GoString(hyp)
	p.score, p.frames, p.words = int(score), int(frames), int(words)
	if kws {
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			f := strings.Split(line, "\t")
			if len(f) != 4 {
				continue
			}
			pr, _ := strconv.Atoi(f[1])
			sf, _ := strconv.Atoi(f[2])
			ef, _ := strconv.Atoi(f[3])
			p.hits = append(p.hits, KeywordHit{Phrase: strings.TrimSpace(f[0]), Prob: float64(C.candor_exp(d.ps, C.int(pr))), Start: sf, End: ef})
		}
		return p, nil
	}
	p.text = strings.TrimSpace(out)
	return p, nil
}

// keywordPad is the silence appended for the keyword search, which needs
// some after the last word to report it.
var keywordPad = make([]int16, SampleRate*3/10)

// hear decodes one finished utterance with a pooled decoder: the grammar
// (when jsgf is not empty), its reference loop and the keyword search, then,
// when needGeneral says so (or is nil), the grammar with a garbage path and
// the general language model, the costly pass.
//
// cmn is the call's cepstral-mean estimate (nil: the model's initial
// value): every pass starts from it, so an utterance decodes the same
// whatever the decoder heard before from other calls; hear returns the
// estimate updated by the grammar (or general) pass, for the call's next
// utterance.
func (m *Model) hear(jsgf, garbage, ref string, samples []int16, cmn []float32, needGeneral func(hearing) bool) (hearing, []float32, error) {
	var h hearing
	var d *decoder
	timer := time.NewTimer(m.cfg.MaxWait)
	select {
	case d = <-m.free:
		timer.Stop()
	case <-timer.C:
		m.busy.Add(1)
		return h, cmn, ErrBusy
	}
	defer func() { m.free <- d }()
	if len(cmn) == 0 {
		cmn = d.cmn[:d.ncmn]
	}
	cmn = append([]float32(nil), cmn...)
	var next []float32
	grammar := func(id *string, text string, beams [3]float64, out *pass) error {
		if text == "" {
			return nil
		}
		gid := grammarID(text)
		if err := d.ensureGrammar(gid, text, beams); err != nil {
			return err
		}
		var err error
		*out, err = d.run(gid, samples, false, cmn)
		return err
	}
	if jsgf != "" {
		var id string
		if err := grammar(&id, jsgf, [3]float64{1e-48, 1e-48, 7e-29}, &h.grammar); err != nil {
			return h, nil, err
		}
		next = d.cmnNow()
		if err := grammar(&id, ref, [3]float64{1e-30, 1e-30, 1e-20}, &h.reference); err != nil {
			return h, nil, err
		}
	}
	if len(m.cfg.Keywords) > 0 {
		padded := append(append(make([]int16, 0, len(samples)+len(keywordPad)), samples...), keywordPad...)
		kw, err := d.run(searchKeywords, padded, true, cmn)
		if err != nil {
			return h, nil, err
		}
		h.keywords = kw.hits
	}
	if jsgf == "" || needGeneral == nil || needGeneral(h) {
		h.generalRun = true
		var id string
		if err := grammar(&id, garbage, [3]float64{1e-48, 1e-48, 7e-29}, &h.garbage); err != nil {
			return h, nil, err
		}
		var err error
		if h.general, err = d.run(searchGeneral, samples, false, cmn); err != nil {
			return h, nil, err
		}
		if next == nil {
			next = d.cmnNow()
		}
	}
	return h, next, nil
}

// cmnNow returns the decoder's current cepstral mean.
func (d *decoder) cmnNow() []float32 {
	out := make([]float32, len(d.cmn))
	n := C.candor_cmn_get(d.ps, (*C.float)(unsafe.Pointer(&out[0])), C.int(len(out)))
	return out[:n]
}

// setting is a decoder option set before a search is created (searches read
// their options then).
type setting struct {
	name  string
	v     float64
	isInt bool
}

// generalSettings make the general language-model search about five times
// cheaper than pocketsphinx's defaults for a few points of word error rate
// (measured on synthetic voices through G.711): narrower state and phone
// beams, at most 3000 active HMMs a frame, the tree pass only.
var generalSettings = []setting{
	{"-beam", 1e-40, false}, {"-pbeam", 1e-40, false}, {"-wbeam", 7e-29, false},
	{"-maxhmmpf", 3000, true}, {"-fwdflat", 0, true}, {"-bestpath", 0, true},
}

// apply sets each setting in ps's configuration and returns the values they
// replaced.
func apply(ps *C.ps_decoder_t, settings []setting) []setting {
	old := make([]setting, 0, len(settings))
	for _, kv := range settings {
		cn := C.CString(kv.name)
		if kv.isInt {
			old = append(old, setting{kv.name, float64(C.candor_get_int(ps, cn)), true})
			C.candor_set_int(ps, cn, C.long(kv.v))
		} else {
			old = append(old, setting{kv.name, float64(C.candor_get_float(ps, cn)), false})
			C.candor_set_float(ps, cn, C.double(kv.v))
		}
		C.free(unsafe.Pointer(cn))
	}
	return old
}
