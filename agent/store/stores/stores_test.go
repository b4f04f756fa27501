package stores

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"candor/prompts"
)

func TestBusinesses(t *testing.T) {
	resolve, err := Businesses([]string{filepath.Join("..", "..", "..", "prompts", "testdata", "good")})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, want string
		err        error
	}{
		{"Brightwater Plumbing", "brightwater-plumbing-services-llc", nil},
		{"acme heating", "acme-heating-co", nil}, // from the folder's campaign file
		{"清泉管道维修", "上海清泉管道维修服务有限公司", nil},
		{"Acme", "", prompts.ErrUnknownBusiness},
		{" * ", "*", nil},
	} {
		got, err := resolve(tt.name)
		if got != tt.want || !errors.Is(err, tt.err) {
			t.Errorf("resolve(%q): got %q, %v; want %q, %v", tt.name, got, err, tt.want, tt.err)
		}
	}
	if _, err := Businesses([]string{"no/such/file.yaml"}); err == nil || !strings.Contains(err.Error(), "file.yaml") {
		t.Errorf("Businesses(missing file): got %v, want an error naming it", err)
	}
}
