package sphinx

import (
	"errors"
	"strings"
	"testing"
)

func TestTelephoneFeatParams(t *testing.T) {
	orig := "-lowerf 130\n-upperf 6800\n-cmn batch\n-cmninit 41.00,-5.29,-0.12\n"
	got := telephoneFeatParams(orig)
	want := "-lowerf 130\n-upperf 6800\n-cmn batch\n-cmninit " + TelephoneCMNInit + "\n"
	if got != want {
		t.Errorf("telephoneFeatParams: got %q, want %q", got, want)
	}
	if got := telephoneFeatParams("-nfilt 25"); got != "-nfilt 25\n-cmninit "+TelephoneCMNInit+"\n" {
		t.Errorf("telephoneFeatParams without -cmninit: got %q, want the line added", got)
	}
	if n := len(strings.Split(TelephoneCMNInit, ",")); n != 13 {
		t.Errorf("TelephoneCMNInit: got %d values, want 13 (the model's cepstrum length)", n)
	}
}

func TestValidate(t *testing.T) {
	if err := (Config{}).Validate(); !errors.Is(err, ErrBadConfig) {
		t.Errorf("empty grammar: got %v, want ErrBadConfig", err)
	}
	if err := (Config{Grammar: "#JSGF V1.0;"}).Validate(); err != nil {
		t.Errorf("grammar only: got %v, want nil", err)
	}
	if c := (Config{}).withDefaults(); c.ModelDir != DefaultModelDir || c.Dict != DefaultDict {
		t.Errorf("defaults: got %q %q, want %q %q", c.ModelDir, c.Dict, DefaultModelDir, DefaultDict)
	}
}
