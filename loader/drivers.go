package loader

import (
	"encoding/binary"

	"github.com/myplugload/myplugload/internal/native"
)

// checkDescriptor is the typed drivers' common gate before they call a
// plugin's entry points: its descriptor (info) is set, and the descriptor's
// interface_version (every type-specific descriptor starts with it) is one
// the profile accepts for the plugin's type. what names the driver in the
// error.
func (h *Host) checkDescriptor(p Plugin, what string) *Error {
	if p.Info == 0 {
		return plainError(ErrMalformed, "plugin '%s': its %s descriptor (info) is NULL", p.Name, what).withPlugin(p.Name)
	}
	v := int32(binary.LittleEndian.Uint32(native.Read(uintptr(p.Info), 4)))
	prof := h.cfg.profile
	if !prof.AcceptsTypeVersion(p.Type, v) {
		e := plainError(ErrIncompatible, "plugin '%s': %s interface version %s is not one %s accepts",
			p.Name, what, fmtVersion(v), prof.Name)
		if int(p.Type) < len(prof.TypeVersions) {
			tv := prof.TypeVersions[p.Type]
			e = plainError(ErrIncompatible, "plugin '%s': %s interface version %s is not one %s accepts (%s to %d.255)",
				p.Name, what, fmtVersion(v), prof.Name, fmtVersion(tv.Min), tv.Cur>>8)
		}
		return e.withPlugin(p.Name)
	}
	return nil
}
