package agent_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"candor/agent"
	"candor/agent/agenttest"
	"candor/agent/audio"
	"candor/agent/telephony/loopback"
	"candor/prompts"
)

// recordingLine is a loopback line that carries audio: it records one frame
// of silence when recording starts.
type recordingLine struct{ agent.Line }

func (l recordingLine) Record(w audio.FrameWriter) {
	if w != nil {
		_ = w.WriteFrame(audio.Frame{Rate: 8000, Samples: make([]int16, 160)})
	}
}

type recordingDialer struct{ agent.Dialer }

func (d recordingDialer) Dial(ctx context.Context, n string) (agent.Line, error) {
	l, err := d.Dialer.Dial(ctx, n)
	if err != nil {
		return nil, err
	}
	return recordingLine{l}, nil
}

// Every recording the controller writes carries the implicit AI-content
// label, in English and Chinese calls alike.
func TestControllerRecordingIsLabelled(t *testing.T) {
	for _, name := range []string{"service-followup-en", "service-followup-zh"} {
		t.Run(name, func(t *testing.T) {
			camp, err := prompts.Example(name)
			if err != nil {
				t.Fatal(err)
			}
			net := loopback.NewNetwork(camp, 200)
			if err := net.Add("+12125550101", "cooperative"); err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			ctrl := &agent.Controller{Store: agenttest.NewStore(&agenttest.Log{}), Dialer: recordingDialer{net}, Synth: agent.TextSynth{}, Recordings: dir}
			rec, err := ctrl.Call(context.Background(), agent.CallRequest{Campaign: camp, Number: "+12125550101"})
			if err != nil {
				t.Fatal(err)
			}
			f, err := os.Open(filepath.Join(dir, rec.ID+".wav"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			got, err := audio.ReadWAVLabel(f)
			want := audio.AILabel{Provider: "candor", Business: camp.Business.RegisteredName, ContentID: rec.ID}
			if err != nil || got == nil || *got != want {
				t.Errorf("label: got %+v, %v; want %+v", got, err, want)
			}
			if _, err := f.Seek(0, 0); err != nil {
				t.Fatal(err)
			}
			if p, err := audio.ReadWAV(f); err != nil || len(p.Samples) != 160 {
				t.Errorf("ReadWAV: got %v, %v; want 160 samples", p, err)
			}
		})
	}
}
