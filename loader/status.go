package loader

import (
	"encoding/binary"

	"github.com/myplugload/myplugload/internal/native"
	"github.com/myplugload/myplugload/mysqlabi"
	"github.com/myplugload/myplugload/statusvar"
)

// statusSource is process memory plus SHOW_FUNC calls through the C side.
type statusSource struct {
	*processMemory
	thd uintptr
}

// CallShowFunc calls fn(thd, &copy, buf) as the servers do: the copy of
// the entry and the buffer are C memory, freed by release.
func (s statusSource) CallShowFunc(e mysqlabi.ShowVar) (int32, mysqlabi.Addr, func(), error) {
	if !native.Available() {
		return 0, 0, nil, plainError(ErrNotSupported, "SHOW_FUNC status variables need the host's C side (a cgo build)")
	}
	entry := native.Malloc(mysqlabi.ShowVarScoped.Size)
	buf := native.Malloc(mysqlabi.ShowVarFuncBuffSize + 16)
	if e.Addr != 0 {
		b := make([]byte, mysqlabi.ShowVarScoped.Size)
		if err := s.ReadAt(b, e.Addr); err != nil {
			native.Free(entry)
			native.Free(buf)
			return 0, 0, nil, err
		}
		native.Write(entry, b)
	}
	native.PutUint64(entry+8, uint64(e.Value))
	native.CallShowFunc(uintptr(e.Value), s.thd, entry, buf)
	typ := int32(binary.LittleEndian.Uint32(native.Read(entry+16, 4)))
	value := mysqlabi.Addr(native.Uint64(entry + 8))
	// The buffer is C heap memory, maybe mapped after the mappings'
	// snapshot was taken: the next read outside the loaded objects takes
	// a new one.
	s.processMemory.forgetMaps()
	giveEntry := s.lend(entry, mysqlabi.ShowVarScoped.Size)
	giveBuf := s.lend(buf, mysqlabi.ShowVarFuncBuffSize+16)
	return typ, value, func() { giveEntry(); giveBuf(); native.Free(entry); native.Free(buf) }, nil
}

// ShowStatus is SHOW STATUS [LIKE pattern] for the plugins' status
// variables: those of ACTIVE plugins (they are registered after a
// successful init), as the emulated server names and renders them.
func (h *Host) ShowStatus(s *Session, like string) ([]statusvar.Row, error) {
	if err := h.lock(); err != nil {
		return nil, err
	}
	defer h.mu.Unlock()
	mem, err := newProcessMemory()
	if err != nil {
		return nil, err
	}
	src := statusSource{processMemory: mem}
	if s != nil {
		src.thd = s.thd.Addr()
	}
	r := statusvar.RulesFor(h.cfg.profile)
	var rows []statusvar.Row
	for _, ip := range h.plugins {
		if ip.state != StateReady {
			continue
		}
		got, err := statusvar.Evaluate(src, ip.plugin.StatusVarsAddr, ip.plugin.Name, r)
		if err != nil {
			return nil, plainError(err, "plugin '%s': status variables: %v", ip.plugin.Name, err).withPlugin(ip.plugin.Name)
		}
		for _, row := range got {
			if like == "" || Like(row.Name, like) {
				rows = append(rows, row)
			}
		}
	}
	statusvar.Sort(rows)
	return rows, nil
}

// FlushStatus is FLUSH STATUS: it zeroes the SHOW_LONG and
// SHOW_SIGNED_LONG counters of the active plugins.
func (h *Host) FlushStatus() error {
	if err := h.lock(); err != nil {
		return err
	}
	defer h.mu.Unlock()
	mem, err := newProcessMemory()
	if err != nil {
		return err
	}
	r := statusvar.RulesFor(h.cfg.profile)
	for _, ip := range h.plugins {
		if ip.state != StateReady {
			continue
		}
		addrs, err := statusvar.Counters(mem, ip.plugin.StatusVarsAddr, r)
		if err != nil {
			return plainError(err, "plugin '%s': status variables: %v", ip.plugin.Name, err)
		}
		for _, a := range addrs {
			native.PutUint64(uintptr(a), 0)
		}
	}
	return nil
}
