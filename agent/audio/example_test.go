package audio_test

import (
	"bytes"
	"fmt"
	"math"

	"candor/agent/audio"
)

// sine is n samples of a tone at freq Hz and amplitude amp, at rate.
func sine(rate int, freq, amp float64, n int) []int16 {
	s := make([]int16, n)
	for i := range s {
		s[i] = int16(amp * math.Sin(2*math.Pi*freq*float64(i)/float64(rate)))
	}
	return s
}

// A telephone line carries G.711: one byte per sample, 160 bytes per 20 ms
// frame at 8 kHz. Decoding gives the sample back to within the codec's step.
func ExampleEncodeMulaw() {
	f := audio.Frame{Rate: 8000, Samples: sine(8000, 440, 8000, audio.SamplesPerFrame(8000))}
	payload := audio.EncodeMulaw(nil, f)
	back := audio.DecodeMulaw(nil, payload)
	fmt.Println(len(f.Samples), "samples ->", len(payload), "bytes ->", len(back), "samples")
	fmt.Println(audio.MulawToLinear(audio.LinearToMulaw(1000)))
	// Output:
	// 160 samples -> 160 bytes -> 160 samples
	// 988
}

// Every stage takes and gives 20 ms frames: resampling the line's 8 kHz to
// the recogniser's 16 kHz doubles the samples of each frame.
func ExampleNewResampler() {
	r, err := audio.NewResampler(8000, 16000)
	if err != nil {
		fmt.Println(err)
		return
	}
	in := sine(8000, 440, 8000, audio.SamplesPerFrame(8000))
	out := r.Process(nil, in)
	fmt.Println(len(in), "->", len(out), "samples per frame")
	// Output:
	// 160 -> 320 samples per frame
}

// The VAD judges each frame; the endpointer turns its verdicts into
// utterance boundaries, counted in frames, with no clock: here half a second
// of tone between silences. Speech starts once the VAD's onset (three
// frames) is met and ends after 500 ms of silence, at the last frame heard.
func ExampleEndpointer() {
	vad := audio.NewVAD(audio.VADConfig{})
	ep := audio.NewEndpointer(audio.EndpointConfig{})
	n := audio.SamplesPerFrame(8000)
	silence := make([]int16, n)
	tone := sine(8000, 220, 6000, n)
	for i := range 150 { // 3 s: 1 s silence, 0.5 s tone, 1.5 s silence
		s := silence
		if i >= 50 && i < 75 {
			s = tone
		}
		if ev, ok := ep.Process(vad.Process(audio.Frame{Rate: 8000, Samples: s})); ok {
			fmt.Println(ev.Kind, "at frame", ev.Frame, ev.At)
		}
	}
	// Output:
	// SpeechStart at frame 52 1.04s
	// SpeechEnd at frame 74 1.5s
}

// Recordings and test fixtures are WAV files; ReadWAV decodes them to the
// internal format (mono 16-bit), whatever their sample format.
func ExampleReadWAV() {
	var b bytes.Buffer
	if err := audio.WriteWAV(&b, 16000, sine(16000, 440, 8000, 16000)); err != nil {
		fmt.Println(err)
		return
	}
	pcm, err := audio.ReadWAV(&b)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(pcm.Rate, pcm.Duration())
	// Output:
	// 16000 1s
}
