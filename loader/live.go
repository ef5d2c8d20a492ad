package loader

import (
	"fmt"

	"github.com/myplugload/myplugload/internal/native"
	"github.com/myplugload/myplugload/mysqlabi"
)

// InspectLive loads the library with dlopen and reads its declarations
// from process memory, after its constructors ran; then it unloads it. It
// first reads the file statically and refuses a malformed library without
// loading it. The result has the same shape as Inspect's, with Live set.
func InspectLive(path string) (*Library, error) {
	static, err := Inspect(path)
	if err != nil {
		return nil, err
	}
	// Constructors may read server_version (server_audit's chooses its code
	// path by it): present the server the library was built for.
	if native.Available() {
		v := mysqlabi.MySQL80.ServerVersion
		if _, ok := static.Set(mysqlabi.FamilyMaria); ok {
			v = mysqlabi.MariaDB1011.ServerVersion
		}
		native.SetServerVersion(v)
	}
	handle, err := dlopen(path)
	if err != nil {
		return nil, newError(nil, mysqlabi.ErCantOpenLibrary, ErrNotHostable, path, statErrno(path), err.Error()).
			withLibrary(static.File)
	}
	defer func() { _ = dlclose(handle) }()
	return inspectLive(handle, static)
}

// inspectLive decodes a loaded library's declarations over process
// memory, bounded by the symbol sizes the static view found.
func inspectLive(handle uintptr, static *Library) (*Library, error) {
	mem, err := newProcessMemory()
	if err != nil {
		return nil, err
	}
	live := *static
	live.Live = true
	live.Sets = nil
	live.Client = nil
	sym := func(name string) (mysqlabi.Addr, error) {
		a, ok := dlsym(handle, name)
		if !ok {
			return 0, newError(nil, mysqlabi.ErCantFindDLEntry, ErrMalformed, name)
		}
		return mysqlabi.Addr(a), nil
	}
	readInt := func(name string) (int32, error) {
		a, err := sym(name)
		if err != nil {
			return 0, err
		}
		v, err := mysqlabi.ReadInt32(mem, a)
		if err != nil {
			return 0, plainError(err, "%s: %v", name, err)
		}
		return v, nil
	}
	for _, st := range static.Sets {
		syms := st.ABI.Family.Symbols()
		set := DeclarationSet{SizeofMissing: st.SizeofMissing, DeclarationsSize: st.DeclarationsSize, ABI: st.ABI}
		if set.ABI.InterfaceVersion, err = readInt(syms.InterfaceVersion); err != nil {
			return nil, err
		}
		if !st.SizeofMissing {
			if set.ABI.SizeofPlugin, err = readInt(syms.SizeofPlugin); err != nil {
				return nil, err
			}
		}
		addr, err := sym(syms.Declarations)
		if err != nil {
			return nil, err
		}
		decls, err := mysqlabi.DecodeDeclarations(mem, addr,
			mysqlabi.DecodeOptions{ABI: set.ABI, MaxBytes: st.DeclarationsSize})
		if err != nil {
			return nil, plainError(err, "%s (live): %v", syms.Declarations, err)
		}
		set.Plugins = namePlugins(set.ABI.Family, decls)
		live.Sets = append(live.Sets, set)
	}
	if static.Client != nil {
		addr, err := sym(mysqlabi.SymClientDeclaration)
		if err != nil {
			return nil, err
		}
		c, err := mysqlabi.DecodeClientPlugin(mem, addr, mysqlabi.DefaultLimits)
		if err != nil {
			return nil, fmt.Errorf("%s (live): %w", mysqlabi.SymClientDeclaration, err)
		}
		live.Client = &c
	}
	return &live, nil
}
