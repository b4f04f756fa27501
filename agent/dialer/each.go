package dialer

import (
	"context"
	"sync"

	"candor/agent"
)

// CallEach places n calls, workers at once (a demo's list, not a campaign's
// queue): call(ctx, i) places the i-th, and done gets each result in the
// goroutine of CallEach, in the order the calls end. Once ctx ends no call
// is started; CallEach returns when every started call has ended.
func CallEach(ctx context.Context, n, workers int, call func(ctx context.Context, i int) (*agent.CallRecord, error),
	done func(*agent.CallRecord, error)) {
	type result struct {
		rec *agent.CallRecord
		err error
	}
	jobs := make(chan int)
	results := make(chan result)
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				rec, err := call(ctx, i)
				results <- result{rec, err}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range n {
			if ctx.Err() != nil {
				return
			}
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()
	for r := range results {
		done(r.rec, r.err)
	}
}
