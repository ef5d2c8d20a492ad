package loader

import (
	"strings"
	"sync"
	"sync/atomic"

	"github.com/myplugload/myplugload/internal/native"
)

// Session is a client session of the host: what a plugin sees as a
// MYSQL_THD. It holds the session values of THD-local variables and the
// session's sql_mode. A Session is used by one goroutine at a time.
type Session struct {
	h       *Host
	id      uint64
	thd     native.THD
	mu      sync.Mutex
	mode    string
	allocs  map[int]uintptr // MEMALLOC session strings by offset
	closed  bool
	conds   []Warning // conditions plugins raised (my_error, my_printf_error)
	queryID uint64
}

var nextConnectionID atomic.Uint64

// NewSession opens a session. Its THD-local variables start from their
// global values, as a new connection's do.
func (h *Host) NewSession() (*Session, error) {
	if err := h.lock(); err != nil {
		return nil, err
	}
	defer h.mu.Unlock()
	if !native.Available() {
		return nil, plainError(ErrNotSupported, "sessions need the host's C side (a cgo build)")
	}
	id := nextConnectionID.Add(1)
	s := &Session{h: h, id: id, thd: native.NewTHD(id), mode: h.cfg.profile.DefaultSQLMode,
		allocs: map[int]uintptr{}}
	h.sessions[s] = struct{}{}
	for _, hv := range h.varList {
		if hv.thdLocal() {
			s.copyGlobal(hv)
		}
	}
	return s, nil
}

// ID is the session's connection id.
func (s *Session) ID() uint64 { return s.id }

// THD is the session's MYSQL_THD handle.
func (s *Session) THD() uintptr { return s.thd.Addr() }

// SQLMode returns the session's sql_mode.
func (s *Session) SQLMode() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mode
}

// SetSQLMode sets the session's sql_mode; STRICT_ALL_TABLES makes an
// adjusted SET value an error instead of a warning.
func (s *Session) SetSQLMode(mode string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mode = strings.ToUpper(mode)
}

func (s *Session) strict() bool {
	for _, m := range strings.Split(s.SQLMode(), ",") {
		if strings.TrimSpace(m) == "STRICT_ALL_TABLES" {
			return true
		}
	}
	return false
}

// Close ends the session and frees its variables.
func (s *Session) Close() {
	h := s.h
	h.mu.Lock()
	defer h.mu.Unlock()
	if s.closed {
		return
	}
	s.closed = true
	delete(h.sessions, s)
	for _, p := range s.allocs {
		native.Free(p)
	}
	s.thd.Free()
	s.thd = native.THD{} // a use after Close finds no THD, not freed memory
}

// live fails the methods of a closed session.
func (s *Session) live() error {
	if s.closed || s.thd.Addr() == 0 {
		return plainError(ErrClosed, "session %d is closed", s.id)
	}
	return nil
}

// copyGlobal copies a THD-local variable's global value into the session,
// duplicating a MEMALLOC string so the session owns its copy.
func (s *Session) copyGlobal(hv *hostVar) {
	size := hv.slotSize()
	src := native.GlobalDynvars() + uintptr(hv.offset)
	dst := s.thd.Dynvars() + uintptr(hv.offset)
	if hv.v.Desc.MemAlloc() && hv.v.Desc.Type == strType {
		if old := s.allocs[hv.offset]; old != 0 {
			native.Free(old)
			delete(s.allocs, hv.offset)
		}
		var p uintptr
		if g := native.Uint64(src); g != 0 {
			p = native.CString(native.GoString(uintptr(g)))
			s.allocs[hv.offset] = p
		}
		native.PutUint64(dst, uint64(p))
		return
	}
	native.Write(dst, native.Read(src, size))
}

// SetUser sets the session's account as audit events report it: the user
// it authenticated as, the client's host name and IP address. The
// privilege user is the same user.
func (s *Session) SetUser(user, host, ip string) {
	if s.live() == nil {
		s.thd.SetIdentity(user, host, ip, user, "")
	}
}

// SetDB sets the session's current database.
func (s *Session) SetDB(db string) {
	if s.live() == nil {
		s.thd.SetDB(db)
	}
}

// collect moves the conditions plugins raised into the session's list.
func (s *Session) collect() {
	if s.live() == nil {
		s.conds = append(s.conds, takeConds(s.thd)...)
	}
}

// takeConds takes the conditions plugins raised on a THD.
func takeConds(t native.THD) []Warning {
	if t.Addr() == 0 {
		return nil
	}
	var out []Warning
	for _, c := range t.TakeConds() {
		level := []Level{LevelNote, LevelWarning, LevelError}[min(max(c.Level, 0), 2)]
		out = append(out, Warning{Level: level, Code: c.Code, Message: c.Message})
	}
	return out
}

// TakeConditions returns and clears the conditions plugins raised for the
// session (my_error, my_printf_error), for the statement's warning list.
func (s *Session) TakeConditions() []Warning {
	s.collect()
	out := s.conds
	s.conds = nil
	return out
}
