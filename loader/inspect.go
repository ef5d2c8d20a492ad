package loader

import (
	"errors"
	"fmt"

	"github.com/myplugload/myplugload/internal/elfimage"
	"github.com/myplugload/myplugload/mysqlabi"
)

// ErrNotPlugin: the file exports none of the plugin declaration symbols.
var ErrNotPlugin = errors.New("not a plugin library")

// ErrMalformed is mysqlabi.ErrMalformed: the library's plugin data is
// inconsistent (a missing terminator, a bad size, a pointer outside it).
var ErrMalformed = mysqlabi.ErrMalformed

// Library is what one plugin library declares, as plain Go values.
type Library struct {
	Path string
	// Sets holds one declaration set per server-plugin family the library
	// exports: MariaDB's server_audit.so exports both _mysql_ and _maria_.
	Sets []DeclarationSet
	// Client is the client plugin declaration, if the library is one.
	Client *mysqlabi.ClientPlugin
	// Needed lists the shared libraries it links (DT_NEEDED).
	Needed []string
}

// DeclarationSet is one family's declarations in a library.
type DeclarationSet struct {
	ABI     mysqlabi.ABI
	Plugins []mysqlabi.Declaration
}

// Inspect reads the library at path without running any of its code.
func Inspect(path string) (*Library, error) {
	lib, err := inspect(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return lib, nil
}

func inspect(path string) (*Library, error) {
	im, err := elfimage.Open(path)
	if err != nil {
		return nil, err
	}
	lib := &Library{Path: path, Needed: im.Needed}
	for _, fam := range []mysqlabi.Family{mysqlabi.FamilyMySQL, mysqlabi.FamilyMaria} {
		set, ok, err := readSet(im, fam)
		if err != nil {
			return nil, err
		}
		if ok {
			lib.Sets = append(lib.Sets, set)
		}
	}
	if s, ok := im.Symbol(mysqlabi.SymClientDeclaration); ok {
		c, err := mysqlabi.DecodeClientPlugin(im, s.Value, mysqlabi.DefaultLimits)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", mysqlabi.SymClientDeclaration, err)
		}
		lib.Client = &c
	}
	if len(lib.Sets) == 0 && lib.Client == nil {
		return nil, fmt.Errorf("%w: no %s, %s or %s symbol", ErrNotPlugin, mysqlabi.SymMySQLInterfaceVersion,
			mysqlabi.SymMariaInterfaceVersion, mysqlabi.SymClientDeclaration)
	}
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
	sizeSym, ok := im.Symbol(syms.SizeofPlugin)
	if !ok {
		return DeclarationSet{}, false, fmt.Errorf("%w: no %s symbol", ErrMalformed, syms.SizeofPlugin)
	}
	size, err := readInt(im, sizeSym)
	if err != nil {
		return DeclarationSet{}, false, err
	}
	declSym, ok := im.Symbol(syms.Declarations)
	if !ok {
		return DeclarationSet{}, false, fmt.Errorf("%w: no %s symbol", ErrMalformed, syms.Declarations)
	}
	abi := mysqlabi.ABI{Family: fam, InterfaceVersion: iv, SizeofPlugin: size}
	decls, err := mysqlabi.DecodeDeclarations(im, declSym.Value, mysqlabi.DecodeOptions{ABI: abi, MaxBytes: declSym.Size})
	if err != nil {
		return DeclarationSet{}, false, fmt.Errorf("%s: %w", syms.Declarations, err)
	}
	return DeclarationSet{ABI: abi, Plugins: decls}, true, nil
}

// readInt reads an int symbol, refusing one smaller than an int.
func readInt(im *elfimage.Image, s elfimage.Symbol) (int32, error) {
	if s.Size != 0 && s.Size < 4 {
		return 0, fmt.Errorf("%w: %s is %d bytes, an int is 4", ErrMalformed, s.Name, s.Size)
	}
	v, err := mysqlabi.ReadInt32(im, s.Value)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", s.Name, err)
	}
	return v, nil
}
