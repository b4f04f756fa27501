package openai

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"time"
)

// Defaults applied by Config.WithDefaults.
const (
	DefaultBaseURL        = "https://api.openai.com/v1"
	DefaultModel          = "gpt-4o-mini"
	DefaultRequestTimeout = 30 * time.Second
	DefaultIdleTimeout    = 10 * time.Second
	// DefaultTranscribeModel is the transcription model when none is given.
	DefaultTranscribeModel = "whisper-1"
	// DefaultSpeechModel is the speech model when none is given.
	DefaultSpeechModel = "tts-1"
	// DefaultVoice is the speech voice when none is given.
	DefaultVoice = "alloy"
)

// Environment variables read by ConfigFromEnv.
const (
	EnvAPIKey  = "OPENAI_API_KEY"
	EnvBaseURL = "OPENAI_BASE_URL"
	EnvModel   = "CANDOR_OPENAI_MODEL"
)

// Config configures the adapter for one OpenAI-compatible endpoint. Zero
// fields take the defaults above. The key is never printed: Config
// implements slog.LogValuer and fmt.Stringer with the key hidden.
type Config struct {
	// BaseURL is the API root, e.g. "https://api.openai.com/v1" or
	// "http://127.0.0.1:11434/v1".
	BaseURL string
	// APIKey is sent as a bearer token. It may be empty for local servers
	// that need none; api.openai.com requires it.
	APIKey string
	// Model is the chat model.
	Model string
	// Temperature is the sampling temperature, 0 to 2 (0 sends none: the
	// server's default).
	Temperature float32
	// MaxTokens caps the reply length (0: no cap).
	MaxTokens int
	// RequestTimeout is the longest wait for the response headers of any
	// request, and for the whole of a transcription request.
	RequestTimeout time.Duration
	// IdleTimeout is the longest wait for the next streamed chunk of a reply.
	IdleTimeout time.Duration
	// Dialer, when set, opens the connections instead of the TCP dialer (an
	// in-process server such as openaitest's, or a test's in-memory pipe).
	Dialer Dialer
}

// Dialer opens a connection to addr (a *net.Dialer is one).
type Dialer interface {
	DialContext(ctx context.Context, network, addr string) (net.Conn, error)
}

// ConfigFromEnv reads OPENAI_API_KEY, OPENAI_BASE_URL and CANDOR_OPENAI_MODEL.
// Unset variables leave their fields zero (the defaults).
func ConfigFromEnv() Config {
	return Config{
		APIKey:  os.Getenv(EnvAPIKey),
		BaseURL: os.Getenv(EnvBaseURL),
		Model:   os.Getenv(EnvModel),
	}
}

// WithDefaults returns c with its zero fields set to the defaults.
func (c Config) WithDefaults() Config {
	if c.BaseURL == "" {
		c.BaseURL = DefaultBaseURL
	}
	if c.Model == "" {
		c.Model = DefaultModel
	}
	if c.RequestTimeout == 0 {
		c.RequestTimeout = DefaultRequestTimeout
	}
	if c.IdleTimeout == 0 {
		c.IdleTimeout = DefaultIdleTimeout
	}
	return c
}

// Validate reports whether c, with its defaults applied, can be used. Errors
// wrap ErrInvalidConfig and never contain the key.
func (c Config) Validate() error {
	c = c.WithDefaults()
	u, err := url.Parse(c.BaseURL)
	if err != nil {
		// url.Error would repeat the raw URL, which may hold credentials.
		return fmt.Errorf("%w: base URL does not parse", ErrInvalidConfig)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("%w: base URL scheme %q: want http or https", ErrInvalidConfig, u.Scheme)
	}
	if u.Host == "" {
		return fmt.Errorf("%w: base URL has no host", ErrInvalidConfig)
	}
	if u.Hostname() == "api.openai.com" && c.APIKey == "" {
		return fmt.Errorf("%w: api.openai.com needs an API key (%s)", ErrInvalidConfig, EnvAPIKey)
	}
	if c.Temperature < 0 || c.Temperature > 2 || c.Temperature != c.Temperature {
		return fmt.Errorf("%w: temperature %v: want 0 to 2", ErrInvalidConfig, c.Temperature)
	}
	if c.MaxTokens < 0 {
		return fmt.Errorf("%w: max tokens %d: want 0 or more", ErrInvalidConfig, c.MaxTokens)
	}
	if c.RequestTimeout < 0 {
		return fmt.Errorf("%w: request timeout %v: want more than 0", ErrInvalidConfig, c.RequestTimeout)
	}
	if c.IdleTimeout < 0 {
		return fmt.Errorf("%w: idle timeout %v: want more than 0", ErrInvalidConfig, c.IdleTimeout)
	}
	return nil
}

// LogValue implements slog.LogValuer: everything but the key, which is shown
// only as set or unset; credentials in the base URL are masked.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("base_url", redactURL(c.BaseURL)),
		slog.String("api_key", keyState(c.APIKey)),
		slog.String("model", c.Model),
		slog.Float64("temperature", float64(c.Temperature)),
		slog.Int("max_tokens", c.MaxTokens),
		slog.Duration("request_timeout", c.RequestTimeout),
		slog.Duration("idle_timeout", c.IdleTimeout),
	)
}

// String implements fmt.Stringer without the key, so that printing a Config
// with %v or %s cannot leak it.
func (c Config) String() string {
	return fmt.Sprintf("openai.Config{BaseURL:%s APIKey:%s Model:%s Temperature:%v MaxTokens:%d RequestTimeout:%v IdleTimeout:%v}",
		redactURL(c.BaseURL), keyState(c.APIKey), c.Model, c.Temperature, c.MaxTokens, c.RequestTimeout, c.IdleTimeout)
}

// GoString implements fmt.GoStringer, so that %#v hides the key too.
func (c Config) GoString() string { return c.String() }

func keyState(key string) string {
	if key == "" {
		return "unset"
	}
	return "set"
}

// redactURL masks the user information and the query of a URL (either may
// hold a credential); an unparsable URL is not shown at all.
func redactURL(raw string) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable)"
	}
	if u.User != nil {
		u.User = url.User("redacted")
	}
	if u.RawQuery != "" {
		u.RawQuery = "redacted"
	}
	u.Fragment = ""
	return u.String()
}
