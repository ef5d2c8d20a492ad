package loader

import (
	"fmt"
	"slices"
	"strings"

	"github.com/myplugload/myplugload/internal/native"
	"github.com/myplugload/myplugload/mysqlabi"
)

// hostable refuses a library that needs what the host does not provide: a
// service the emulated server does not list or the host does not
// implement (a plugin calling it would dereference a version number), a
// server symbol the host does not export (dlopen would fail), a shared
// library it links that is not installed, or the C
// side itself in a build without cgo.
func (h *Host) hostable(l *Library) error { return l.Hostable(h.cfg.profile) }

// Hostable tells, from the static view alone, whether a Host emulating p
// in this build can run the library: it returns nil, or an *Error
// wrapping ErrNotHostable that names the shared libraries, plugin services
// or server symbols it needs and the host cannot give it. (Whether the
// server's loading rules accept it is Check's question.)
func (l *Library) Hostable(p *mysqlabi.Profile) error {
	if len(l.MissingLibraries) > 0 {
		return plainError(ErrNotHostable, "%s needs shared libraries not found on this system: %s",
			l.File, strings.Join(l.MissingLibraries, ", ")).withLibrary(l.File)
	}
	var missing []string
	for _, s := range l.Services {
		_, listed := p.Service(s.Name)
		switch {
		case !listed:
			missing = append(missing, fmt.Sprintf("%s (not a service of %s)", s.Name, p.Name))
		case !native.Available() || native.ServiceHandler(s.Name) == 0:
			missing = append(missing, s.Name)
		}
	}
	if len(missing) > 0 {
		return plainError(ErrNotHostable, "%s needs plugin services the host does not provide: %s",
			l.File, strings.Join(missing, ", ")).withLibrary(l.File)
	}
	var symbols []string
	for _, s := range l.ServerSymbols {
		if !native.Available() || !slices.Contains(native.ServerSymbols, s) {
			symbols = append(symbols, s)
		}
	}
	if len(symbols) > 0 {
		return plainError(ErrNotHostable, "%s needs server symbols the host does not export: %s",
			l.File, strings.Join(symbols, ", ")).withLibrary(l.File)
	}
	return nil
}

// linkServices points every service pointer the library exports at the
// host's implementation, as the servers do right after dlopen and before
// any plugin function runs. The versions were checked with the profile.
func linkServices(handle uintptr, l *Library) error {
	for _, s := range l.Services {
		addr, ok := dlsym(handle, s.Name)
		if !ok {
			return plainError(ErrMalformed, "service pointer %s not found after dlopen", s.Name)
		}
		native.PutUint64(addr, uint64(native.ServiceHandler(s.Name)))
	}
	return nil
}

// prepareDlopen sets what constructors may read during dlopen.
func (h *Host) prepareDlopen() {
	if native.Available() {
		native.SetServerVersion(h.cfg.profile.ServerVersion)
	}
}
