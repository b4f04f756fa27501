package web

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"candor/agent/audio"
)

// The evidence export says whether the call's recording carries the
// implicit AI-content label, and what it says.
func TestEvidenceRecordingLabel(t *testing.T) {
	a := newTestApp(t)
	if err := os.MkdirAll(a.recs, 0o755); err != nil {
		t.Fatal(err)
	}
	rita := a.login("rita", reviewerPW)
	get := func() *recordingLabel {
		t.Helper()
		code, body, _ := a.get(rita, "/calls/"+blockedID+"/evidence.json")
		if code != http.StatusOK {
			t.Fatalf("evidence: got %d, want 200", code)
		}
		var out struct {
			RecordingLabel *recordingLabel `json:"recording_label"`
		}
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			t.Fatalf("evidence: %v in %.300s", err, body)
		}
		return out.RecordingLabel
	}
	if got := get(); got != nil {
		t.Errorf("no recording: got label %+v, want none", got)
	}
	path := filepath.Join(a.recs, blockedID+".wav")
	writeWAV(t, path) // unlabelled
	if got := get(); got == nil || got.Labelled || got.Standard != audio.LabelStandard {
		t.Errorf("unlabelled recording: got %+v, want labelled false under %q", got, audio.LabelStandard)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := audio.WriteLabelledWAV(f, 8000, make([]int16, 800), audio.AILabel{Provider: audio.Provider, Business: "杭州清泉家政服务有限公司", ContentID: blockedID}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	got := get()
	want := recordingLabel{Standard: audio.LabelStandard, Labelled: true, Provider: "candor", Business: "杭州清泉家政服务有限公司", ContentID: blockedID,
		Text:  "AI-generated content (人工智能生成内容); provider: candor; business: 杭州清泉家政服务有限公司; content id: " + blockedID,
		Where: "WAV LIST/INFO ICMT and ISFT; AIGC chunk (JSON)"}
	if got == nil || *got != want {
		t.Errorf("labelled recording: got %+v, want %+v", got, want)
	}
	// The call page still reads the labelled file.
	if code, body, _ := a.get(rita, "/calls/"+blockedID); code != http.StatusOK || contains(body, "not a WAV file") {
		t.Errorf("call page: got %d, want 200 with the waveform", code)
	}
}
