package sphinx

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultLM is the general en-US language model of Debian's pocketsphinx-en-us.
const DefaultLM = "/usr/share/pocketsphinx/model/en-us/en-us.lm.bin"

// Keyword is a phrase the keyword search spots anywhere in an utterance, with
// its detection threshold (a probability, smaller finds more: 1e-30 for a
// short phrase, 1e-40 for a long one).
type Keyword struct {
	Phrase    string
	Threshold float64
}

// KeywordHit is one detection of the keyword search: the phrase, its
// posterior and its first and last 10 ms frame.
type KeywordHit struct {
	Phrase     string
	Prob       float64
	Start, End int
}

// ModelConfig configures a Model.
type ModelConfig struct {
	// ModelDir, Dict and LM are the acoustic model, the pronunciation
	// dictionary and the general language model (the Debian paths when empty).
	ModelDir, Dict, LM string
	// Domain holds the sentences of the domain language model, one per
	// line (default: the embedded domain_en.txt), and DomainWeight its share
	// of the general pass's language model, mixed with LM (0:
	// DefaultDomainWeight; 1: the domain model alone; negative: LM alone).
	Domain       string
	DomainWeight float64
	// Telephone selects the phone-band feature settings (see Config).
	Telephone bool
	// Decoders is the number of utterances decoded at once (the pool size;
	// default: the number of CPUs, at most 4). Each decoder holds its own
	// copy of the acoustic model (about 6 MB); the language model (about
	// 90 MB) is loaded once for all.
	Decoders int
	// Keywords are spotted in every utterance (default OptOutKeywords).
	Keywords []Keyword
	// MaxWait bounds how long a finished utterance waits for a free decoder
	// (default DefaultMaxWait). Past it the utterance is not decoded: End
	// returns an error wrapping ErrBusy (the voice line ends the call with
	// it: a call that goes on deaf could miss an opt-out), and Model.Busy
	// counts it.
	MaxWait time.Duration
}

// DefaultMaxWait is ModelConfig.MaxWait's default: under the voice line's
// 8 s wait for a result, leaving time to decode.
const DefaultMaxWait = 4 * time.Second

func (c ModelConfig) withDefaults() ModelConfig {
	if c.ModelDir == "" {
		c.ModelDir = DefaultModelDir
	}
	if c.Dict == "" {
		c.Dict = DefaultDict
	}
	if c.LM == "" {
		c.LM = DefaultLM
	}
	if c.Decoders <= 0 {
		c.Decoders = min(runtime.NumCPU(), 4)
	}
	if c.Domain == "" {
		c.Domain = domainEN
	}
	if c.DomainWeight == 0 {
		c.DomainWeight = DefaultDomainWeight
	}
	if c.MaxWait <= 0 {
		c.MaxWait = DefaultMaxWait
	}
	if c.Keywords == nil {
		c.Keywords = OptOutKeywords()
	}
	return c
}

// Model is the recogniser's memory shared by every call of a process: a
// bounded pool of pocketsphinx decoders, each with the acoustic model, the
// general language-model search, the keyword search and the grammars used so
// far, all sharing one language model. A call's Recognizer buffers an
// utterance and borrows a decoder only to decode it once it has ended, so
// 100 calls cost the pool plus their audio buffers, not 100 models.
//
// A Model is safe for concurrent use.
type Model struct {
	cfg  ModelConfig
	free chan *decoder
	all  []*decoder

	closeOnce sync.Once
	busy      atomic.Int64
}

// Busy returns how many utterances were not decoded because every decoder
// stayed busy past MaxWait.
func (m *Model) Busy() int64 { return m.busy.Load() }

// NewModel loads a Model: cfg.Decoders decoders and one language model.
// It returns an error wrapping ErrModel, ErrGrammar or ErrNotBuilt.
func NewModel(cfg ModelConfig) (*Model, error) { return newModel(cfg) }

// Decoders returns the pool size.
func (m *Model) Decoders() int { return m.cfg.Decoders }

// Close waits for every decoder to be returned and frees them; the Model
// must not be used afterwards.
func (m *Model) Close() error {
	m.closeOnce.Do(func() {
		for range len(m.all) - len(m.free) {
			<-m.free
		}
		m.freeDecoders()
	})
	return nil
}

var (
	sharedMu     sync.Mutex
	sharedModels = map[bool]*Model{}
)

// SharedModel returns the process's Model for phone-band (telephone) or
// wide-band audio, loading it on first use with the default configuration.
// It is never closed.
func SharedModel(telephone bool) (*Model, error) {
	sharedMu.Lock()
	defer sharedMu.Unlock()
	if m := sharedModels[telephone]; m != nil {
		return m, nil
	}
	m, err := NewModel(ModelConfig{Telephone: telephone})
	if err != nil {
		return nil, fmt.Errorf("sphinx: shared model: %w", err)
	}
	sharedModels[telephone] = m
	return m, nil
}
