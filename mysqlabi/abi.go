package mysqlabi

import "fmt"

// ABI identifies the ABI a library was built for, from what it exports:
// its family, its interface version and its declared struct size. Every
// layout and numbering a decoder needs follows from it.
type ABI struct {
	Family           Family
	InterfaceVersion int32 // _mysql_plugin_interface_version_ or _maria_plugin_interface_version_
	SizeofPlugin     int32 // _mysql_sizeof_struct_st_plugin_ or _maria_sizeof_struct_st_plugin_
}

// Interface versions that mark ABI changes of the MySQL family.
const (
	// mysqlScopeSince is the first interface version with SHOW_VAR.scope,
	// NODEFAULT and INVISIBLE=0x10000 (5.7.32 has 0x0107; the exact 5.7.x
	// that introduced scope is not verified).
	mysqlScopeSince = 0x0107
	// mysql80Since is the first interface version of the 8.0 line: 5.7 ends
	// at 0x0107, 8.0.27 has 0x010A; 8.0's first value lies in 0x0108–0x010A.
	mysql80Since = 0x0108
)

// String formats the ABI as "mysql 0x010b/112".
func (a ABI) String() string {
	return fmt.Sprintf("%s 0x%04x/%d", a.Family, a.InterfaceVersion, a.SizeofPlugin)
}

// DeclarationLayout returns the layout of one declaration entry.
func (a ABI) DeclarationLayout() (*Struct, error) {
	switch a.Family {
	case FamilyMaria:
		// mariadbd reads every MariaDB-family library with its own struct;
		// a library built with an older sizeof has its trailing members
		// zero (the stride is the library's sizeof).
		if a.SizeofPlugin <= 0 || int(a.SizeofPlugin) > MariaPluginDecl.Size || a.SizeofPlugin%8 != 0 {
			return nil, fmt.Errorf("%w: %s is %d, st_maria_plugin is %d bytes", ErrMalformed,
				SymMariaSizeofPlugin, a.SizeofPlugin, MariaPluginDecl.Size)
		}
		return MariaPluginDecl, nil
	case FamilyMySQL:
		if l, ok := DeclarationLayout(int(a.SizeofPlugin)); ok {
			return l, nil
		}
		return nil, fmt.Errorf("%w: %s is %d, which matches no st_mysql_plugin layout (96, 104 or 112)",
			ErrMalformed, SymMySQLSizeofPlugin, a.SizeofPlugin)
	}
	return nil, fmt.Errorf("%w: family %q has no declaration array", ErrMalformed, a.Family)
}

// ShowVarLayout returns the SHOW_VAR layout of this ABI.
func (a ABI) ShowVarLayout() *Struct {
	if a.Family == FamilyMySQL && a.InterfaceVersion >= mysqlScopeSince {
		return ShowVarScoped
	}
	return ShowVarPlain
}

// ShowTypes returns how this ABI numbers SHOW_VAR types.
func (a ABI) ShowTypes() ShowNumbering {
	switch {
	case a.Family == FamilyMaria:
		return showTypesMaria
	case a.InterfaceVersion >= mysql80Since:
		return showTypesMySQL80
	case a.InterfaceVersion >= mysqlScopeSince:
		return showTypesMySQL57
	}
	return showTypesMySQL55
}

// VarFlags returns what the generation-dependent PLUGIN_VAR_ bits mean in
// this ABI.
func (a ABI) VarFlags() VarFlagBits {
	switch {
	case a.Family == FamilyMaria:
		return varFlagsMaria
	case a.InterfaceVersion >= mysql80Since:
		return varFlagsMySQL80
	case a.InterfaceVersion >= mysqlScopeSince:
		return varFlagsMySQL57
	}
	return VarFlagBits{}
}

// Typelib returns the TYPELIB layout of this ABI.
func (a ABI) Typelib() *Struct {
	if a.Family == FamilyMySQL && a.InterfaceVersion >= mysql80Since {
		return Typelib80
	}
	return Typelib57
}

// ShowNumbering maps raw SHOW_VAR type numbers to their meaning.
type ShowNumbering map[int32]ShowType

// Type returns the meaning of raw type number n.
func (s ShowNumbering) Type(n int32) ShowType {
	if t, ok := s[n]; ok {
		return t
	}
	return ShowUnknown
}

func baseShowTypes() ShowNumbering {
	return ShowNumbering{0: ShowUndef, 1: ShowBool, 2: ShowInt, 3: ShowLong, 4: ShowLongLong, 5: ShowChar,
		6: ShowCharPtr, 7: ShowArray, 8: ShowFunc, 9: ShowDouble}
}

var (
	// MySQL 5.5/5.6: the public enum stops at SHOW_DOUBLE.
	showTypesMySQL55 = baseShowTypes()
	// MySQL 5.7: 10–20 are server types; SHOW_SIGNED_LONG is 21.
	showTypesMySQL57 = func() ShowNumbering {
		s := baseShowTypes()
		for n := int32(10); n <= 20; n++ {
			s[n] = ShowServerOnly
		}
		s[21] = ShowSignedLong
		return s
	}()
	// MySQL 8.0: 10–20 are server types; the signed types are 21–23.
	showTypesMySQL80 = func() ShowNumbering {
		s := baseShowTypes()
		for n := int32(10); n <= 20; n++ {
			s[n] = ShowServerOnly
		}
		s[21], s[22], s[23] = ShowSignedInt, ShowSignedLong, ShowSignedLongLong
		return s
	}()
	// MariaDB 10.11.
	showTypesMaria = func() ShowNumbering {
		s := baseShowTypes()
		s[10], s[11], s[12], s[13], s[14] = ShowSignedInt, ShowSignedLong, ShowSignedLongLong, ShowSimpleFunc, ShowSizeT
		return s
	}()
)

// VarFlagBits names the PLUGIN_VAR_ bits whose value depends on the
// generation. A zero member means the generation has no such flag.
type VarFlagBits struct {
	NoDefault         uint32 // PLUGIN_VAR_NODEFAULT (MySQL 5.7+)
	Deprecated        uint32 // PLUGIN_VAR_DEPRECATED (MariaDB)
	NoPersist         uint32 // PLUGIN_VAR_NOPERSIST (MySQL 8.0)
	PersistAsReadOnly uint32 // PLUGIN_VAR_PERSIST_AS_READ_ONLY (MySQL 8.0)
	Invisible         uint32 // PLUGIN_VAR_INVISIBLE: 0x10000 in 5.7, 0x40000 in 8.0
	Sensitive         uint32 // PLUGIN_VAR_SENSITIVE (MySQL 8.0.30+)
}

var (
	varFlagsMySQL57 = VarFlagBits{NoDefault: 0x4000, Invisible: 0x10000}
	varFlagsMySQL80 = VarFlagBits{NoDefault: 0x4000, NoPersist: 0x10000, PersistAsReadOnly: 0x20000,
		Invisible: 0x40000, Sensitive: 0x80000}
	varFlagsMaria = VarFlagBits{Deprecated: 0x4000}
)

// Names returns the names of the flag bits set in flags, the common ones
// and this generation's, without the PLUGIN_VAR_ prefix; unknown bits are
// given in hex.
func (b VarFlagBits) Names(flags uint32) []string {
	named := []struct {
		bit  uint32
		name string
	}{
		{VarUnsigned, "UNSIGNED"}, {VarThdLocal, "THDLOCAL"}, {VarReadOnly, "READONLY"},
		{VarNoSysVar, "NOSYSVAR"}, {VarNoCmdOpt, "NOCMDOPT"}, {VarNoCmdArg, "NOCMDARG"},
		{VarOpCmdArg, "OPCMDARG"}, {b.NoDefault, "NODEFAULT"}, {b.Deprecated, "DEPRECATED"},
		{VarMemAlloc, "MEMALLOC"}, {b.NoPersist, "NOPERSIST"}, {b.PersistAsReadOnly, "PERSIST_AS_READ_ONLY"},
		{b.Invisible, "INVISIBLE"}, {b.Sensitive, "SENSITIVE"},
	}
	rest := flags &^ VarTypeMask
	var out []string
	for _, n := range named {
		if n.bit != 0 && rest&n.bit != 0 {
			out = append(out, n.name)
			rest &^= n.bit
		}
	}
	if rest != 0 {
		out = append(out, fmt.Sprintf("0x%x", rest))
	}
	return out
}
