package audio

import "slices"

// ReorderStats counts what a ReorderBuffer dropped or gave up on.
type ReorderStats struct {
	Duplicates int // packets already buffered
	Late       int // packets behind the playout point (already played or given up)
	Lost       int // sequence numbers reported lost by Pop
	Overflow   int // packets dropped because the buffer was full
	Resyncs    int // jumps too far ahead that restarted the sequence
}

// Reorder limits.
const (
	maxReorderDepth = 256
	reorderCapacity = 2*maxReorderDepth + 64 // packets held when the reader does not pop
	reorderResync   = 1000                   // a jump this far ahead (20 s of 20 ms packets) restarts
)

type reorderPacket struct {
	seq     uint16
	payload []byte
}

// ReorderBuffer puts packets back in order by their 16-bit sequence number
// (wrapping around), drops duplicates and packets that come too late, and
// reports gaps as lost so the reader can fill silence. The reader pops after
// each push until Pop reports nothing ready: packets in order come out at
// once; a missing one is waited for until a packet depth positions past it
// has arrived, then reported lost. A jump of more than 1000 packets restarts
// the sequence at the new packet. It is not safe for concurrent use.
type ReorderBuffer struct {
	depth   int
	started bool
	next    uint16          // sequence number due next
	pkts    []reorderPacket // sorted by distance from next, all ahead of it
	stats   ReorderStats
}

// NewReorderBuffer returns a buffer that waits for a missing packet until
// depth later packets' worth of sequence has arrived (1 to 256; clamped).
// A depth of 1 tolerates no reordering, 3 tolerates a packet arriving up to
// two places late.
func NewReorderBuffer(depth int) *ReorderBuffer {
	return &ReorderBuffer{depth: min(max(depth, 1), maxReorderDepth)}
}

// dist returns how far seq is ahead of the next expected sequence number
// (negative: behind), in serial number arithmetic.
func (b *ReorderBuffer) dist(seq uint16) int { return int(int16(seq - b.next)) }

// Push adds a packet. The buffer keeps payload without copying it.
func (b *ReorderBuffer) Push(seq uint16, payload []byte) {
	if !b.started {
		b.started, b.next = true, seq
	}
	d := b.dist(seq)
	switch {
	case d < 0:
		b.stats.Late++
		return
	case d > reorderResync:
		b.stats.Resyncs++
		b.pkts = b.pkts[:0]
		b.next, d = seq, 0
	}
	i, found := slices.BinarySearchFunc(b.pkts, d, func(p reorderPacket, d int) int { return b.dist(p.seq) - d })
	if found {
		b.stats.Duplicates++
		return
	}
	if len(b.pkts) >= reorderCapacity {
		b.stats.Overflow++
		return
	}
	b.pkts = slices.Insert(b.pkts, i, reorderPacket{seq, payload})
}

// Pop returns the next packet in sequence: (payload, true, false) when it
// is here; (nil, true, true) when it is given up as lost (the reader plays
// one packet's worth of silence); (nil, false, false) when nothing is ready.
func (b *ReorderBuffer) Pop() (payload []byte, ok, lost bool) {
	if len(b.pkts) == 0 {
		return nil, false, false
	}
	if b.pkts[0].seq == b.next {
		p := b.pkts[0].payload
		b.pkts = slices.Delete(b.pkts, 0, 1) // few packets: shifting beats a ring here
		b.next++
		return p, true, false
	}
	if b.dist(b.pkts[len(b.pkts)-1].seq) >= b.depth {
		b.next++
		b.stats.Lost++
		return nil, true, true
	}
	return nil, false, false
}

// Next returns the sequence number Pop will deliver or report next, and
// whether any packet has been pushed.
func (b *ReorderBuffer) Next() (seq uint16, ok bool) { return b.next, b.started }

// Len returns how many packets are buffered.
func (b *ReorderBuffer) Len() int { return len(b.pkts) }

// Stats returns the counts of dropped and lost packets.
func (b *ReorderBuffer) Stats() ReorderStats { return b.stats }

// Reset empties the buffer; the next packet pushed starts the sequence.
// Stats are kept.
func (b *ReorderBuffer) Reset() {
	clear(b.pkts)
	b.pkts = b.pkts[:0]
	b.started = false
}
