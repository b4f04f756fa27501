// Package openaitest is an in-process OpenAI-compatible chat server for
// tests and the offline demo: an http.Server on in-memory connections (no
// port, no network), helpers that write OpenAI's SSE wire format, and an
// adversarial model persona that streams forbidden sentences.
package openaitest

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
)

// URL is the base URL of every Server: the host is never resolved, since
// connections are made by the Server's DialContext.
const URL = "http://openaitest.invalid/v1"

// ErrClosed is returned by DialContext and Accept once the Server is closed.
var ErrClosed = errors.New("openaitest: server closed")

// Server serves an http.Handler over in-memory connections. Use URL as the
// client's base URL and the Server as its dialer (it has DialContext).
type Server struct {
	srv    *http.Server
	conns  chan net.Conn
	closed chan struct{}
	once   sync.Once
	served chan struct{}

	mu      sync.Mutex // guards closing and the Add of active
	closing bool
	active  sync.WaitGroup // running handlers
}

// NewServer starts serving h. Close it when done.
func NewServer(h http.Handler) *Server {
	s := &Server{
		conns:  make(chan net.Conn),
		closed: make(chan struct{}),
		served: make(chan struct{}),
	}
	s.srv = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// No handler starts once Close waits for the running ones (an Add
		// beside a Wait on a zero count is a race).
		s.mu.Lock()
		if s.closing {
			s.mu.Unlock()
			Error(w, http.StatusServiceUnavailable, "server closing")
			return
		}
		s.active.Add(1)
		s.mu.Unlock()
		defer s.active.Done()
		h.ServeHTTP(w, r)
	})}
	go func() {
		defer close(s.served)
		_ = s.srv.Serve(listener{s})
	}()
	return s
}

// DialContext opens a connection to the server (network and addr are ignored).
func (s *Server) DialContext(ctx context.Context, _, _ string) (net.Conn, error) {
	client, server := net.Pipe()
	select {
	case s.conns <- server:
		return client, nil
	case <-s.closed:
	case <-ctx.Done():
		client.Close()
		server.Close()
		return nil, ctx.Err()
	}
	client.Close()
	server.Close()
	return nil, ErrClosed
}

// Close stops the server and closes its connections; it waits for the
// serving goroutine and for the handlers still running (a handler must
// return once its request's context is done). It is idempotent.
func (s *Server) Close() error {
	var err error
	s.once.Do(func() {
		s.mu.Lock()
		s.closing = true
		s.mu.Unlock()
		close(s.closed)
		err = s.srv.Close()
		<-s.served
		s.active.Wait()
	})
	return err
}

// listener hands the server the connections dialled by DialContext.
type listener struct{ s *Server }

func (l listener) Accept() (net.Conn, error) {
	select {
	case c := <-l.s.conns:
		return c, nil
	case <-l.s.closed:
		return nil, ErrClosed
	}
}

func (l listener) Close() error   { return nil }
func (l listener) Addr() net.Addr { return pipeAddr{} }

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "openaitest" }
