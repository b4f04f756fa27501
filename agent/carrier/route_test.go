package carrier

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"candor/prompts"
)

func TestRoute(t *testing.T) {
	file := filepath.Join(t.TempDir(), "trunks.json")
	if err := os.WriteFile(file, []byte(`{"trunks": [{"name": "lab", "host": "127.0.0.1", "port": 5999, "caller_id": "+15550100"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := (Route{Trunk: "lab", Ring: 30 * time.Second}).Check(); !errors.Is(err, ErrNoTrunkFile) {
		t.Errorf("a trunk without a trunk file: got %v, want ErrNoTrunkFile", err)
	}
	if err := (Route{Trunk: "lab", TrunksFile: file, Ring: time.Second}).Check(); err == nil || !strings.Contains(err.Error(), "--ring") {
		t.Errorf("a short ring: got %v, want it refused", err)
	}
	if err := (Route{Trunk: "nosuch", TrunksFile: file, Ring: 30 * time.Second}).Check(); err == nil || !strings.Contains(err.Error(), "nosuch") {
		t.Errorf("an unknown trunk: got %v, want it named", err)
	}
	camp, err := prompts.Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := Route{Trunk: "lab", TrunksFile: file, Ring: 30 * time.Second}.Config(camp, nil)
	if err != nil || cfg.Kind != SIP || cfg.Trunk.Name != "lab" {
		t.Errorf("got %+v, %v; want the lab SIP trunk", cfg, err)
	}
	if cfg, _ := (Route{Listen: "127.0.0.1:0"}).Config(camp, nil); cfg.Kind != Twilio || cfg.Listen != "127.0.0.1:0" {
		t.Errorf("no trunk: got kind %q, want Twilio on the listen address", cfg.Kind)
	}
	if err := (Route{Ring: 30 * time.Second}).Check(); err == nil {
		t.Error("Twilio without an account: got nil, want an error")
	}
}
