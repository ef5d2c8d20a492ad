package loader

import (
	"fmt"
	"strings"

	"github.com/myplugload/myplugload/mysqlabi"
)

// CheckOptions are the server settings that decide whether a library loads.
type CheckOptions struct {
	// Maturity is --plugin-maturity (MariaDB); zero means the profile's default.
	Maturity mysqlabi.Maturity
	// MaturitySet marks Maturity as given (MaturityUnknown is a valid setting).
	MaturitySet bool
	// Install applies the rules of INSTALL PLUGIN / INSTALL SONAME
	// (PLUGIN_OPT_NO_INSTALL); --plugin-load ignores that flag.
	Install bool
	// Early applies the rules of --early-plugin-load (PLUGIN_OPT_ALLOW_EARLY).
	Early bool
	// Families overrides which declaration sets are read, in order.
	Families []mysqlabi.Family
	// Server, when set, is what the real server executable exports: a
	// library importing a symbol it lacks fails the server's dlopen
	// (ER_CANT_OPEN_LIBRARY, "undefined symbol"). Without it the server
	// symbols are not judged (only Hostable judges them, for myplugload).
	Server *ServerExports
}

func (o CheckOptions) maturity(p *mysqlabi.Profile) mysqlabi.Maturity {
	if o.MaturitySet {
		return o.Maturity
	}
	return p.DefaultPluginMaturity
}

// Verdict is what a server profile would do with a library.
type Verdict struct {
	Profile *mysqlabi.Profile
	// Family is the declaration set the server reads; empty when it finds none.
	Family mysqlabi.Family
	// Errors are the reasons the server refuses the whole library.
	Errors []*Error
	// Plugins has one entry per declared plugin, in declaration order.
	Plugins []PluginVerdict
}

// PluginVerdict is what the server does with one declared plugin.
type PluginVerdict struct {
	Name     string
	Type     string // the type as this server names it
	Skipped  bool   // the server ignores the declaration (unknown type number ...)
	Errors   []*Error
	Warnings []Warning
}

// Loads reports whether the server would load the plugin.
func (v PluginVerdict) Loads() bool { return !v.Skipped && len(v.Errors) == 0 }

// OK reports whether the server loads the library and every plugin in it
// that it does not skip.
func (v Verdict) OK() bool {
	if len(v.Errors) > 0 {
		return false
	}
	for _, p := range v.Plugins {
		if !p.Skipped && len(p.Errors) > 0 {
			return false
		}
	}
	return true
}

// Reasons lists every error of the verdict, library first.
func (v Verdict) Reasons() []*Error {
	out := append([]*Error(nil), v.Errors...)
	for _, p := range v.Plugins {
		out = append(out, p.Errors...)
	}
	return out
}

// Check applies every loading rule of server profile p to the library, as
// INSTALL SONAME (or --plugin-load, without opts.Install) would, and
// returns every reason it would refuse it or any of its plugins, without
// running any code.
func (l *Library) Check(p *mysqlabi.Profile, opts CheckOptions) Verdict {
	v := Verdict{Profile: p}
	set, errs := checkLibrary(l, p, opts, l.File)
	v.Errors = errs
	if set == nil {
		return v
	}
	v.Family = set.ABI.Family
	for _, pl := range set.Plugins {
		v.Plugins = append(v.Plugins, checkPlugin(p, set, pl, opts, l.File))
	}
	return v
}

// serverSetOf returns the declaration set a server reads: the first of
// families (the profile's, unless overridden) the library exports. None is
// ER_CANT_FIND_DL_ENTRY naming the interface symbol of the last family
// tried.
func serverSetOf(l *Library, p *mysqlabi.Profile, families []mysqlabi.Family) (*DeclarationSet, *Error) {
	for _, f := range families {
		if s, ok := l.Set(f); ok {
			return s, nil
		}
	}
	last := families[len(families)-1]
	e := newError(p, mysqlabi.ErCantFindDLEntry, ErrNotPlugin, last.Symbols().InterfaceVersion).withLibrary(l.File)
	if l.Client != nil {
		e.withDetail("%s is a client plugin library", l.File)
	}
	return nil, e
}

// checkLibrary applies the library-level rules: declaration set, library
// interface version, service versions, declaration size, and the
// install/early flags that mysqld checks for the whole library. shown is
// the library name as the server's messages print it (the full path for
// open-time refusals).
func checkLibrary(l *Library, p *mysqlabi.Profile, opts CheckOptions, shown string) (*DeclarationSet, []*Error) {
	families := opts.Families
	if len(families) == 0 {
		families = p.Families
	}
	set, err := serverSetOf(l, p, families)
	if err != nil {
		return nil, []*Error{err}
	}
	var errs []*Error
	if opts.Server != nil {
		// The server's dlopen(RTLD_NOW) fails on the first import it
		// cannot bind, before any symbol lookup.
		if missing := opts.Server.Missing(l.ServerSymbols); len(missing) > 0 {
			errs = append(errs, newError(p, mysqlabi.ErCantOpenLibrary, ErrIncompatible, shown, statErrno(l.Path),
				l.Path+": undefined symbol: "+missing[0]).withLibrary(l.File).
				withDetail("%s exports none of: %s", opts.Server.Path, strings.Join(missing, ", ")))
			return set, errs
		}
	}
	iv := set.ABI.InterfaceVersion
	if !p.AcceptsLibraryVersion(set.ABI.Family, iv) {
		errno, text := p.InterfaceMismatch()
		serverIV := p.MySQLInterfaceVersion
		if set.ABI.Family == mysqlabi.FamilyMaria {
			serverIV = p.ABI.InterfaceVersion
		}
		errs = append(errs, newError(p, mysqlabi.ErCantOpenLibrary, ErrIncompatible, shown, errno, text).
			withLibrary(l.File).withDetail("%s is 0x%04x; %s accepts 0x%04x to 0x%04x",
			set.ABI.Family.Symbols().InterfaceVersion, iv, p.Name, serverIV&^0xff, serverIV|0xff))
	}
	for _, ref := range l.Services {
		svc, ok := p.Service(ref.Name)
		if ok && !mysqlabi.AcceptsServiceVersion(svc, ref.Version) {
			errno, text := p.ServiceMismatch(ref.Name)
			errs = append(errs, newError(p, mysqlabi.ErCantOpenLibrary, ErrIncompatible, shown, errno, text).
				withLibrary(l.File).withDetail("the library wants version 0x%04x, %s provides 0x%04x",
				ref.Version, p.Name, svc.Version))
		}
	}
	if e := checkSizeof(l, set, p); e != nil {
		errs = append(errs, e)
	}
	if p.Flavor == mysqlabi.FlavorMySQL && set.ABI.Family == mysqlabi.FamilyMySQL {
		for _, pl := range set.Plugins {
			if opts.Install && pl.Flags&mysqlabi.OptNoInstall != 0 {
				errs = append(errs, newError(p, mysqlabi.ErPluginNoInstall, ErrRefused, pl.Name).withLibrary(l.File))
				break
			}
		}
		for _, pl := range set.Plugins {
			if opts.Early && pl.Flags&mysqlabi.OptAllowEarly == 0 {
				errs = append(errs, newError(p, mysqlabi.ErPluginNotEarly, ErrRefused, pl.Name).withLibrary(l.File))
				break
			}
		}
	}
	return set, errs
}

// checkSizeof applies what a server does without a sizeof symbol. MySQL
// reads it only when the library's interface version differs from its own
// and otherwise walks with a stride of offsetof(st_mysql_plugin, version);
// MariaDB requires _maria_sizeof_struct_st_plugin_ when the MariaDB
// interface differs and converts every MySQL-family library.
func checkSizeof(l *Library, set *DeclarationSet, p *mysqlabi.Profile) *Error {
	if !set.SizeofMissing {
		return nil
	}
	iv := set.ABI.InterfaceVersion
	sym := set.ABI.Family.Symbols().SizeofPlugin
	if set.ABI.Family == mysqlabi.FamilyMaria {
		if iv == p.ABI.InterfaceVersion {
			return nil
		}
		return newError(p, mysqlabi.ErCantFindDLEntry, ErrMalformed, sym).withLibrary(l.File)
	}
	server := mysqlabi.PluginDecl80
	if p.Flavor == mysqlabi.FlavorMariaDB || p.MySQLInterfaceVersion < 0x0108 {
		server = mysqlabi.PluginDecl57
	}
	if p.Flavor == mysqlabi.FlavorMySQL && iv == p.MySQLInterfaceVersion {
		return nil // the array is used in place, with the server's own layout
	}
	return plainError(ErrIncompatible, "no %s: %s would walk the declarations with a stride of %d bytes "+
		"(offsetof(st_mysql_plugin, version)) and misread them", sym, p.Name, server.Off("version")).withLibrary(l.File)
}

// checkPlugin applies the per-plugin rules: type number, descriptor
// version, maturity.
func checkPlugin(p *mysqlabi.Profile, set *DeclarationSet, pl Plugin, opts CheckOptions, file string) PluginVerdict {
	v := PluginVerdict{Name: pl.Name, Type: p.TypeName(pl.Type)}
	if reason := skipReason(p, set.ABI.Family, pl.Type); reason != "" {
		v.Skipped = true
		v.Warnings = append(v.Warnings, Warning{Level: LevelNote, Message: reason})
		return v
	}
	if !p.AcceptsTypeVersion(pl.Type, pl.InfoVersion) {
		errno, text := p.TypeVersionMismatch(pl.Type, pl.Name)
		tv := p.TypeVersions[pl.Type]
		v.Errors = append(v.Errors, newError(p, mysqlabi.ErCantOpenLibrary, ErrIncompatible, file, errno, text).
			withLibrary(file).withPlugin(pl.Name).withDetail("descriptor version %s; %s accepts %s to %d.255",
			fmtVersion(pl.InfoVersion), p.Name, fmtVersion(tv.Min), tv.Cur>>8))
	}
	if p.HasMaturity() {
		m := pl.Maturity
		if set.ABI.Family == mysqlabi.FamilyMySQL {
			m = p.MySQLFamilyMaturity
		}
		limit := opts.maturity(p)
		switch {
		case m < limit:
			errno, text := p.MaturityRefusal(m, pl.Name, limit)
			v.Errors = append(v.Errors, newError(p, mysqlabi.ErCantOpenLibrary, ErrIncompatible, file, errno, text).
				withLibrary(file).withPlugin(pl.Name))
		case m < p.ServerMaturity:
			v.Warnings = append(v.Warnings, Warning{Level: LevelWarning, Message: fmt.Sprintf(
				"Plugin '%s' is of maturity level %s while the server is %s", pl.Name,
				strings.ToLower(m.String()), strings.ToLower(p.ServerMaturity.String()))})
		}
	}
	return v
}

// skipReason says why a server ignores a declaration of type t, or "".
func skipReason(p *mysqlabi.Profile, fam mysqlabi.Family, t mysqlabi.PluginType) string {
	switch {
	case !p.KnowsType(t):
		return fmt.Sprintf("type %d is not a plugin type of %s (0 to %d): the server skips this declaration",
			t, p.Name, p.MaxPluginType-1)
	case p.Flavor == mysqlabi.FlavorMariaDB && t == mysqlabi.PluginUDF:
		return "MariaDB skips UDF-type declarations"
	case p.SkipsMySQLType8 && fam == mysqlabi.FamilyMySQL && t == mysqlabi.PluginValidatePassword:
		return "MariaDB ignores MySQL's VALIDATE PASSWORD type (8) in a MySQL-family library"
	}
	return ""
}

// fmtVersion prints a descriptor version as information_schema does.
func fmtVersion(v int32) string { return mysqlabi.FormatVersion(uint32(v)) }
