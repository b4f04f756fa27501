package audio

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func seqPayload(seq uint16) []byte { return binary.BigEndian.AppendUint16(nil, seq) }

// drain pops until nothing is ready, spelling what came out: the sequence
// number of a packet, "L" for a loss.
func drain(b *ReorderBuffer, out []string) []string {
	for {
		p, ok, lost := b.Pop()
		switch {
		case !ok:
			return out
		case lost:
			out = append(out, "L")
		default:
			out = append(out, strconv.Itoa(int(binary.BigEndian.Uint16(p))))
		}
	}
}

func TestReorderBuffer(t *testing.T) {
	tests := []struct {
		name  string
		depth int
		push  []uint16
		want  string
		stats ReorderStats
	}{
		{"in order", 3, []uint16{1, 2, 3}, "1 2 3", ReorderStats{}},
		{"swapped pair", 3, []uint16{1, 3, 2, 4}, "1 2 3 4", ReorderStats{}},
		{"two late by two", 3, []uint16{1, 3, 4, 2, 5}, "1 2 3 4 5", ReorderStats{}},
		{"gap reported lost after depth", 3, []uint16{1, 3, 4, 5}, "1 L 3 4 5", ReorderStats{Lost: 1}},
		{"too late after given up", 3, []uint16{1, 3, 4, 5, 2, 6}, "1 L 3 4 5 6", ReorderStats{Lost: 1, Late: 1}},
		{"two gaps", 2, []uint16{10, 13, 14, 16}, "10 L L 13 14", ReorderStats{Lost: 2}},
		{"depth 1 tolerates no reordering", 1, []uint16{1, 3, 2}, "1 L 3", ReorderStats{Lost: 1, Late: 1}},
		{"duplicate buffered", 3, []uint16{1, 3, 3, 2}, "1 2 3", ReorderStats{Duplicates: 1}},
		{"duplicate already played", 3, []uint16{1, 2, 2, 1, 3}, "1 2 3", ReorderStats{Late: 2}},
		{"wraparound", 3, []uint16{65534, 65535, 1, 0, 2}, "65534 65535 0 1 2", ReorderStats{}},
		{"loss across wrap", 2, []uint16{65535, 1, 2}, "65535 L 1 2", ReorderStats{Lost: 1}},
		{"jump within resync range: losses as later packets come", 3, []uint16{1, 7, 8, 9}, "1 L L L L L 7 8 9", ReorderStats{Lost: 5}},
		{"far jump restarts", 3, []uint16{1, 2, 5000, 5001}, "1 2 5000 5001", ReorderStats{Resyncs: 1}},
		{"old packet after far jump is late", 3, []uint16{5000, 4000, 5001}, "5000 5001", ReorderStats{Late: 1}},
		{"depth clamped to 1", 0, []uint16{1, 3}, "1 L 3", ReorderStats{Lost: 1}},
	}
	for _, tt := range tests {
		b := NewReorderBuffer(tt.depth)
		var out []string
		for _, s := range tt.push {
			b.Push(s, seqPayload(s))
			out = drain(b, out)
		}
		if got := strings.Join(out, " "); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
		if got := b.Stats(); got != tt.stats {
			t.Errorf("%s: stats got %+v, want %+v", tt.name, got, tt.stats)
		}
	}
}

// Packets displaced by fewer than depth-1 places, with duplicates, across
// the wrap: all come out in order, none lost.
func TestReorderBufferShuffled(t *testing.T) {
	for _, depth := range []int{2, 3, 5, 16} {
		r := rand.New(rand.NewPCG(uint64(depth), 99))
		const n = 3000
		first := uint16(65536 - 1500)
		type arrival struct {
			key float64
			seq uint16
		}
		var arr []arrival
		for i := range n {
			key := float64(i) + r.Float64()*float64(depth-1)
			arr = append(arr, arrival{key, first + uint16(i)})
			if r.IntN(10) == 0 { // duplicate, arriving later
				arr = append(arr, arrival{key + r.Float64()*3, first + uint16(i)})
			}
		}
		slices.SortFunc(arr, func(a, b arrival) int { return int(a.key*1000) - int(b.key*1000) })
		b := NewReorderBuffer(depth)
		var got []uint16
		for _, a := range arr {
			b.Push(a.seq, seqPayload(a.seq))
			for {
				p, ok, lost := b.Pop()
				if !ok {
					break
				}
				if lost {
					t.Fatalf("depth %d: got a loss after %d packets, want none", depth, len(got))
				}
				got = append(got, binary.BigEndian.Uint16(p))
			}
		}
		if len(got) != n {
			t.Fatalf("depth %d: got %d packets, want %d", depth, len(got), n)
		}
		for i, s := range got {
			if want := first + uint16(i); s != want {
				t.Fatalf("depth %d: packet %d got seq %d, want %d", depth, i, s, want)
			}
		}
		if st := b.Stats(); st.Duplicates+st.Late == 0 || st.Lost != 0 {
			t.Errorf("depth %d: got stats %+v, want duplicates dropped and no loss", depth, st)
		}
	}
}

func TestReorderBufferOverflowAndReset(t *testing.T) {
	b := NewReorderBuffer(maxReorderDepth)
	b.Push(0, nil)
	b.Pop()
	// A missing packet 1 and more than the capacity behind it, never popped.
	for s := 2; s < 2+reorderCapacity+10; s++ {
		b.Push(uint16(s), seqPayload(uint16(s)))
	}
	if got := b.Len(); got != reorderCapacity {
		t.Errorf("Len: got %d, want %d", got, reorderCapacity)
	}
	if got := b.Stats().Overflow; got != 10 {
		t.Errorf("Overflow: got %d, want 10", got)
	}
	b.Reset()
	if next, ok := b.Next(); b.Len() != 0 || ok {
		t.Errorf("after Reset: got Len %d Next (%d, %v), want 0 and not started", b.Len(), next, ok)
	}
	b.Push(40000, seqPayload(40000))
	if out := drain(b, nil); fmt.Sprint(out) != "[40000]" {
		t.Errorf("after Reset: got %v, want [40000]", out)
	}
}

func FuzzReorder(f *testing.F) {
	f.Add(uint8(3), []byte{0, 1, 0, 3, 0, 2, 0, 4})
	f.Add(uint8(1), []byte{0xFF, 0xFF, 0, 1, 0, 0})
	f.Add(uint8(5), []byte{0, 1, 0, 1, 0x13, 0x88, 0, 2, 0x13, 0x89})
	f.Add(uint8(0), []byte{})
	f.Fuzz(func(t *testing.T, depth uint8, ops []byte) {
		b := NewReorderBuffer(int(depth))
		pushed := map[uint16]bool{}
		for len(ops) >= 2 {
			seq := binary.BigEndian.Uint16(ops)
			ops = ops[2:]
			b.Push(seq, seqPayload(seq))
			pushed[seq] = true
			for {
				want, _ := b.Next()
				p, ok, lost := b.Pop()
				if !ok {
					if p != nil || lost {
						t.Fatalf("not ready: got (%v, %v, %v), want (nil, false, false)", p, ok, lost)
					}
					break
				}
				if next, _ := b.Next(); next != want+1 {
					t.Fatalf("Pop of %d: Next got %d, want %d", want, next, want+1)
				}
				if lost {
					continue
				}
				if got := binary.BigEndian.Uint16(p); got != want || !pushed[got] {
					t.Fatalf("Pop: got seq %d (pushed %v), want %d", got, pushed[got], want)
				}
			}
			if b.Len() > reorderCapacity {
				t.Fatalf("Len: got %d, want <= %d", b.Len(), reorderCapacity)
			}
		}
	})
}

func BenchmarkReorderInOrder(b *testing.B) {
	rb := NewReorderBuffer(3)
	p := make([]byte, 160)
	var seq uint16
	for b.Loop() {
		rb.Push(seq, p)
		rb.Pop()
		seq++
	}
}
