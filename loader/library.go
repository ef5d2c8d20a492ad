package loader

import (
	"debug/elf"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"

	"github.com/myplugload/myplugload/internal/elfimage"
	"github.com/myplugload/myplugload/mysqlabi"
)

// Library is what one plugin library declares, as plain Go values: nothing
// in it points into the library, so it stays valid after the library is
// unloaded.
type Library struct {
	Path string
	File string // base name, as plugin_dir lookups and PLUGIN_LIBRARY show it
	// Sets holds one declaration set per server-plugin family the library
	// exports, MySQL first: Debian's server_audit.so exports both.
	Sets []DeclarationSet
	// Client is the client plugin declaration, if the library is one.
	Client *mysqlabi.ClientPlugin
	// Services lists the <name>_service pointers the library exports, with
	// the version each wants (their initial value).
	Services []ServiceRef
	// Needed lists the shared libraries it links (DT_NEEDED).
	Needed []string
	// Undefined lists its undefined, non-weak dynamic symbols.
	Undefined []string
	// ServerSymbols lists the undefined symbols that none of its needed
	// libraries define: what the server (or the host) must export.
	ServerSymbols []string
	// MissingLibraries lists needed libraries not found on this system.
	MissingLibraries []string
	// Live reports whether the declarations were read from process memory
	// after dlopen, rather than from the ELF file.
	Live bool
}

// DeclarationSet is one family's declarations in a library.
type DeclarationSet struct {
	ABI mysqlabi.ABI
	// SizeofMissing: the library exports no sizeof symbol; the layout was
	// inferred from its interface version.
	SizeofMissing bool
	// DeclarationsSize is the size of the declarations symbol in bytes.
	DeclarationsSize uint64
	Plugins          []Plugin
}

// Plugin is one declared plugin.
type Plugin struct {
	mysqlabi.Declaration
	Family mysqlabi.Family
	// TypeName is the type as information_schema.PLUGINS names it in the
	// family's own server (MySQL and MariaDB differ for 8 to 11); empty for
	// a type number the family does not define.
	TypeName string
}

// ServiceRef is a service pointer a library exports.
type ServiceRef struct {
	Name    string // e.g. "my_plugin_log_service"
	Version uint32 // the version it wants
}

// Set returns the library's declarations of family f.
func (l *Library) Set(f mysqlabi.Family) (*DeclarationSet, bool) {
	for i := range l.Sets {
		if l.Sets[i].ABI.Family == f {
			return &l.Sets[i], true
		}
	}
	return nil, false
}

// Inspect reads the library at path without running any of its code: it
// maps the ELF file, applies its relocations in memory and decodes every
// declaration set it exports.
func Inspect(path string) (*Library, error) {
	im, err := elfimage.Open(path)
	if err != nil {
		return nil, fileError(path, err)
	}
	return inspectImage(path, im)
}

// fileError turns an error opening or parsing a file into an *Error naming
// the file, as ER_CANT_OPEN_LIBRARY would.
func fileError(path string, err error) error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	cause := err
	switch {
	case errors.Is(err, elfimage.ErrNotELF), errors.Is(err, mysqlabi.ErrMalformed):
	case errors.Is(err, fs.ErrNotExist):
		cause = ErrNotFound
	default:
		cause = err
	}
	return &Error{Message: fmt.Sprintf("%s: %v", path, err), Library: filepath.Base(path), Err: joinCause(cause, err)}
}

// joinCause keeps both the sentinel and the original error reachable.
func joinCause(sentinel, err error) error {
	if sentinel == err {
		return err
	}
	return fmt.Errorf("%w: %w", sentinel, err)
}

func inspectImage(path string, im *elfimage.Image) (*Library, error) {
	lib := &Library{Path: path, File: filepath.Base(path), Needed: im.Needed}
	wrap := func(err error) error {
		var e *Error
		if errors.As(err, &e) {
			e.Library = lib.File
			return e
		}
		return &Error{Message: err.Error(), Library: lib.File, Err: err}
	}
	for _, fam := range []mysqlabi.Family{mysqlabi.FamilyMySQL, mysqlabi.FamilyMaria} {
		set, ok, err := readSet(im, fam)
		if err != nil {
			return nil, wrap(err)
		}
		if ok {
			lib.Sets = append(lib.Sets, set)
		}
	}
	if s, ok := im.Symbol(mysqlabi.SymClientDeclaration); ok {
		c, err := mysqlabi.DecodeClientPlugin(im, s.Value, mysqlabi.DefaultLimits)
		if err != nil {
			return nil, wrap(fmt.Errorf("%s: %w", mysqlabi.SymClientDeclaration, err))
		}
		lib.Client = &c
	}
	if len(lib.Sets) == 0 && lib.Client == nil {
		e := newError(nil, mysqlabi.ErCantFindDLEntry, ErrNotPlugin, mysqlabi.SymMySQLInterfaceVersion)
		return nil, wrap(e.withDetail("the file exports no %s, %s or %s symbol", mysqlabi.SymMySQLInterfaceVersion,
			mysqlabi.SymMariaInterfaceVersion, mysqlabi.SymClientDeclaration))
	}
	if err := readServices(im, lib); err != nil {
		return nil, wrap(err)
	}
	for _, s := range im.Undefined {
		if s.Bind != elf.STB_WEAK {
			lib.Undefined = append(lib.Undefined, s.Name)
		}
	}
	sort.Strings(lib.Undefined)
	lib.ServerSymbols, lib.MissingLibraries = resolveImports(im, lib.Undefined)
	return lib, nil
}

// readSet decodes one family's declarations; ok is false when the library
// does not export that family's interface version symbol.
func readSet(im *elfimage.Image, fam mysqlabi.Family) (DeclarationSet, bool, error) {
	syms := fam.Symbols()
	ivSym, ok := im.Symbol(syms.InterfaceVersion)
	if !ok {
		return DeclarationSet{}, false, nil
	}
	iv, err := readInt(im, ivSym)
	if err != nil {
		return DeclarationSet{}, false, err
	}
	declSym, ok := im.Symbol(syms.Declarations)
	if !ok {
		return DeclarationSet{}, false, newError(nil, mysqlabi.ErCantFindDLEntry, ErrMalformed, syms.Declarations)
	}
	set := DeclarationSet{DeclarationsSize: declSym.Size}
	var size int32
	if sizeSym, ok := im.Symbol(syms.SizeofPlugin); ok {
		if size, err = readInt(im, sizeSym); err != nil {
			return DeclarationSet{}, false, err
		}
	} else {
		set.SizeofMissing = true
		size = inferSizeof(fam, iv)
	}
	set.ABI = mysqlabi.ABI{Family: fam, InterfaceVersion: iv, SizeofPlugin: size}
	decls, err := mysqlabi.DecodeDeclarations(im, declSym.Value,
		mysqlabi.DecodeOptions{ABI: set.ABI, MaxBytes: declSym.Size})
	if err != nil {
		return DeclarationSet{}, false, plainError(err, "%s: %v", syms.Declarations, err)
	}
	set.Plugins = namePlugins(fam, decls)
	return set, true, nil
}

// inferSizeof gives the declaration size a library without a sizeof symbol
// was built with, from its interface version: 8.0 (0x0108+) 112, 5.5–5.7
// (0x0103+, which added flags) 104, 5.1 96; MariaDB's struct is 104.
func inferSizeof(fam mysqlabi.Family, iv int32) int32 {
	switch {
	case fam == mysqlabi.FamilyMaria:
		return int32(mysqlabi.MariaPluginDecl.Size)
	case iv >= 0x0108:
		return int32(mysqlabi.PluginDecl80.Size)
	case iv >= 0x0103:
		return int32(mysqlabi.PluginDecl57.Size)
	}
	return int32(mysqlabi.PluginDecl51.Size)
}

// familyProfile names a family's types the way its own servers do.
func familyProfile(f mysqlabi.Family) *mysqlabi.Profile {
	if f == mysqlabi.FamilyMaria {
		return mysqlabi.MariaDB1011
	}
	return mysqlabi.MySQL80
}

func namePlugins(fam mysqlabi.Family, decls []mysqlabi.Declaration) []Plugin {
	out := make([]Plugin, len(decls))
	for i, d := range decls {
		out[i] = Plugin{Declaration: d, Family: fam, TypeName: familyProfile(fam).TypeName(d.Type)}
	}
	return out
}

// readInt reads an int symbol, refusing one smaller than an int.
func readInt(im *elfimage.Image, s elfimage.Symbol) (int32, error) {
	if s.Size != 0 && s.Size < 4 {
		return 0, plainError(ErrMalformed, "%s is %d bytes, an int is 4", s.Name, s.Size)
	}
	v, err := mysqlabi.ReadInt32(im, s.Value)
	if err != nil {
		return 0, plainError(err, "%s: %v", s.Name, err)
	}
	return v, nil
}

// isServicePointer reports whether an exported data symbol is a service
// pointer: <name>_service, or MariaDB's provider_service_<name>.
func isServicePointer(s elfimage.Symbol) bool {
	return s.Type == elf.STT_OBJECT && s.Size == mysqlabi.PointerSize &&
		(strings.HasSuffix(s.Name, "_service") || strings.HasPrefix(s.Name, "provider_service_"))
}

func readServices(im *elfimage.Image, lib *Library) error {
	for _, s := range im.Symbols() {
		if !isServicePointer(s) {
			continue
		}
		v, err := mysqlabi.ReadPointer(im, s.Value)
		if err != nil {
			return plainError(err, "service pointer %s: %v", s.Name, err)
		}
		lib.Services = append(lib.Services, ServiceRef{Name: s.Name, Version: uint32(v)})
	}
	return nil
}
