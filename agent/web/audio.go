package web

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"strconv"
	"strings"

	"candor/agent/audio"
	"candor/agent/store"
)

// waveBars is how many peaks the waveform shows.
const waveBars = 240

// waveform is the SVG model of a recording's peaks.
type waveform struct {
	Width, Height int
	Bars          []waveBar
	Seconds       float64
}

type waveBar struct {
	X, Y, H string
}

// openRecording opens <id>.wav inside the recordings folder. The id must
// be a call identifier (hex), and os.Root refuses any path, symbolic link
// included, that would leave the folder.
func (s *Server) openRecording(id string) (*os.File, error) {
	if s.cfg.RecordingsDir == "" {
		return nil, fs.ErrNotExist
	}
	if !ValidCallID(id) {
		return nil, fmt.Errorf("web: recording %q: %w", id, fs.ErrInvalid)
	}
	root, err := os.OpenRoot(s.cfg.RecordingsDir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	f, err := root.Open(id + ".wav")
	if err != nil {
		return nil, err
	}
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("web: recording %q is not a regular file: %w", id, fs.ErrInvalid)
	}
	return f, nil
}

// recording reports whether call id has a recording and computes its waveform.
func (s *Server) recording(id string) (bool, *waveform, string) {
	f, err := s.openRecording(id)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			s.cfg.Logger.Warn("recording", "call", id, "err", err)
			return false, nil, "The recording cannot be read."
		}
		return false, nil, ""
	}
	defer f.Close()
	pcm, err := audio.ReadWAV(f)
	if err != nil {
		return true, nil, "The recording is not a WAV file this server can read."
	}
	return true, peaks(pcm.Samples, pcm.Rate, waveBars, 60), ""
}

// recordingLabel reads the AI-content label of call id's recording: nil
// when there is no recording.
func (s *Server) recordingLabel(id string) *recordingLabel {
	f, err := s.openRecording(id)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		s.cfg.Logger.Warn("recording label", "call", id, "err", err)
		return &recordingLabel{Standard: audio.LabelStandard, Error: "the recording cannot be read"}
	}
	defer f.Close()
	l, err := audio.ReadWAVLabel(f)
	if err != nil {
		return &recordingLabel{Standard: audio.LabelStandard, Error: "the recording is not a WAV file this server can read"}
	}
	if l == nil {
		return &recordingLabel{Standard: audio.LabelStandard}
	}
	return &recordingLabel{Standard: audio.LabelStandard, Labelled: true, Text: l.Text(), Provider: l.Provider,
		Business: l.Business, ContentID: l.ContentID, Where: "WAV LIST/INFO ICMT and ISFT; AIGC chunk (JSON)"}
}

// peaks draws samples as bars, each the loudest absolute sample of its slice.
func peaks(samples []int16, rate, bars, height int) *waveform {
	w := &waveform{Width: bars * 3, Height: height}
	if rate > 0 {
		w.Seconds = float64(len(samples)) / float64(rate)
	}
	if len(samples) == 0 || bars <= 0 {
		return w
	}
	for b := range bars {
		lo, hi := b*len(samples)/bars, (b+1)*len(samples)/bars
		peak := 0
		for _, v := range samples[lo:hi] {
			a := int(v)
			if a < 0 {
				a = -a
			}
			peak = max(peak, a)
		}
		h := max(1, peak*height/32768)
		w.Bars = append(w.Bars, waveBar{X: strconv.Itoa(b * 3), Y: strconv.Itoa((height - h) / 2), H: strconv.Itoa(h)})
	}
	return w
}

func (s *Server) audio(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !ValidCallID(id) || strings.ContainsAny(id, `/\.`) {
		s.fail(w, r, http.StatusNotFound, "not found")
		return
	}
	f, err := s.openRecording(id)
	if err != nil {
		s.fail(w, r, http.StatusNotFound, "no recording")
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	// A recording is personal data: who plays it is audited, once a play
	// (the player's later range requests for the rest are not).
	if rg := r.Header.Get("Range"); rg == "" || strings.HasPrefix(rg, "bytes=0-") {
		if err := s.cfg.Store.Audit(r.Context(), store.AuditEntry{Actor: who(r).User.Name, Action: "play_recording", Subject: id}); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	w.Header().Set("Content-Type", "audio/wav")
	http.ServeContent(w, r, id+".wav", st.ModTime(), f)
}
