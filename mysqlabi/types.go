package mysqlabi

import "fmt"

// Family is the ABI family of a library: which set of exported symbols
// declares its plugins.
type Family string

// The ABI families.
const (
	FamilyMySQL  Family = "mysql"  // _mysql_plugin_* symbols
	FamilyMaria  Family = "maria"  // _maria_plugin_* symbols
	FamilyClient Family = "client" // _mysql_client_plugin_declaration_
)

// The symbols a plugin library exports.
const (
	SymMySQLInterfaceVersion = "_mysql_plugin_interface_version_"
	SymMySQLSizeofPlugin     = "_mysql_sizeof_struct_st_plugin_"
	SymMySQLDeclarations     = "_mysql_plugin_declarations_"
	SymMariaInterfaceVersion = "_maria_plugin_interface_version_"
	SymMariaSizeofPlugin     = "_maria_sizeof_struct_st_plugin_"
	SymMariaDeclarations     = "_maria_plugin_declarations_"
	SymClientDeclaration     = "_mysql_client_plugin_declaration_"
)

// Symbols names the three symbols of a server-plugin family.
type Symbols struct {
	InterfaceVersion string
	SizeofPlugin     string
	Declarations     string
}

// Symbols returns the exported symbol names of family f. The client family
// has a single declaration symbol and no version or sizeof symbol.
func (f Family) Symbols() Symbols {
	switch f {
	case FamilyMaria:
		return Symbols{SymMariaInterfaceVersion, SymMariaSizeofPlugin, SymMariaDeclarations}
	case FamilyClient:
		return Symbols{Declarations: SymClientDeclaration}
	}
	return Symbols{SymMySQLInterfaceVersion, SymMySQLSizeofPlugin, SymMySQLDeclarations}
}

// PluginType is the type number of a server plugin declaration. Numbers 8
// to 11 mean different types in MySQL and MariaDB; a Profile names them.
type PluginType int32

// Plugin types. MySQL and MariaDB share 0–7.
const (
	PluginUDF                     PluginType = 0  // MYSQL_UDF_PLUGIN
	PluginStorageEngine           PluginType = 1  // MYSQL_STORAGE_ENGINE_PLUGIN
	PluginFTParser                PluginType = 2  // MYSQL_FTPARSER_PLUGIN
	PluginDaemon                  PluginType = 3  // MYSQL_DAEMON_PLUGIN
	PluginInformationSchema       PluginType = 4  // MYSQL_INFORMATION_SCHEMA_PLUGIN
	PluginAudit                   PluginType = 5  // MYSQL_AUDIT_PLUGIN
	PluginReplication             PluginType = 6  // MYSQL_REPLICATION_PLUGIN
	PluginAuthentication          PluginType = 7  // MYSQL_AUTHENTICATION_PLUGIN
	PluginValidatePassword        PluginType = 8  // MYSQL_VALIDATE_PASSWORD_PLUGIN
	PluginGroupReplication        PluginType = 9  // MYSQL_GROUP_REPLICATION_PLUGIN
	PluginKeyring                 PluginType = 10 // MYSQL_KEYRING_PLUGIN
	PluginClone                   PluginType = 11 // MYSQL_CLONE_PLUGIN
	MariaPluginPasswordValidation PluginType = 8  // MariaDB_PASSWORD_VALIDATION_PLUGIN
	MariaPluginEncryption         PluginType = 9  // MariaDB_ENCRYPTION_PLUGIN
	MariaPluginDataType           PluginType = 10 // MariaDB_DATA_TYPE_PLUGIN
	MariaPluginFunction           PluginType = 11 // MariaDB_FUNCTION_PLUGIN

	MaxPluginTypeNum = 12 // MYSQL_MAX_PLUGIN_TYPE_NUM (8.0 and MariaDB 10.11)
)

// License is a plugin's license code.
type License int32

// Licenses.
const (
	LicenseProprietary License = 0 // PLUGIN_LICENSE_PROPRIETARY
	LicenseGPL         License = 1 // PLUGIN_LICENSE_GPL
	LicenseBSD         License = 2 // PLUGIN_LICENSE_BSD
)

// String returns the license as information_schema.PLUGINS prints it: any
// value other than GPL and BSD is PROPRIETARY.
func (l License) String() string {
	switch l {
	case LicenseGPL:
		return "GPL"
	case LicenseBSD:
		return "BSD"
	}
	return "PROPRIETARY"
}

// PluginOption is the flags member of a MySQL declaration (PLUGIN_OPT_*).
type PluginOption uint64

// Plugin options.
const (
	OptNoInstall             PluginOption = 1  // PLUGIN_OPT_NO_INSTALL
	OptNoUninstall           PluginOption = 2  // PLUGIN_OPT_NO_UNINSTALL
	OptAllowEarly            PluginOption = 4  // PLUGIN_OPT_ALLOW_EARLY (8.0)
	OptDefaultOff            PluginOption = 8  // PLUGIN_OPT_DEFAULT_OFF (8.0.30+)
	OptDependentExtraPlugins PluginOption = 16 // PLUGIN_OPT_DEPENDENT_EXTRA_PLUGINS (built-ins only)

	knownPluginOptions = OptNoInstall | OptNoUninstall | OptAllowEarly | OptDefaultOff | OptDependentExtraPlugins
)

var pluginOptionNames = []struct {
	o    PluginOption
	name string
}{
	{OptNoInstall, "NO_INSTALL"}, {OptNoUninstall, "NO_UNINSTALL"}, {OptAllowEarly, "ALLOW_EARLY"},
	{OptDefaultOff, "DEFAULT_OFF"}, {OptDependentExtraPlugins, "DEPENDENT_EXTRA_PLUGINS"},
}

// Names returns the names of the options set, unknown bits as hex.
func (o PluginOption) Names() []string {
	var out []string
	for _, n := range pluginOptionNames {
		if o&n.o != 0 {
			out = append(out, n.name)
		}
	}
	if rest := o &^ knownPluginOptions; rest != 0 {
		out = append(out, fmt.Sprintf("0x%x", uint64(rest)))
	}
	return out
}

// Maturity is a MariaDB plugin's maturity level.
type Maturity uint32

// Maturity levels.
const (
	MaturityUnknown      Maturity = 0 // MariaDB_PLUGIN_MATURITY_UNKNOWN
	MaturityExperimental Maturity = 1 // MariaDB_PLUGIN_MATURITY_EXPERIMENTAL
	MaturityAlpha        Maturity = 2 // MariaDB_PLUGIN_MATURITY_ALPHA
	MaturityBeta         Maturity = 3 // MariaDB_PLUGIN_MATURITY_BETA
	MaturityGamma        Maturity = 4 // MariaDB_PLUGIN_MATURITY_GAMMA
	MaturityStable       Maturity = 5 // MariaDB_PLUGIN_MATURITY_STABLE
)

var maturityNames = []string{"Unknown", "Experimental", "Alpha", "Beta", "Gamma", "Stable"}

// String returns the maturity as information_schema.PLUGINS prints it
// ("Stable"); out-of-range values print as a number.
func (m Maturity) String() string {
	if int(m) < len(maturityNames) {
		return maturityNames[m]
	}
	return fmt.Sprintf("%d", uint32(m))
}

// ParseMaturity reads a maturity name as --plugin-maturity takes it
// (case-insensitive).
func ParseMaturity(s string) (Maturity, bool) {
	for i, n := range maturityNames {
		if equalFold(s, n) {
			return Maturity(i), true
		}
	}
	return 0, false
}

func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// VarType is the type code in the low bits of a SYS_VAR's flags
// (PLUGIN_VAR_TYPEMASK 0x7f). It is the same in every generation.
type VarType uint8

// System variable type codes.
const (
	VarBool     VarType = 1 // PLUGIN_VAR_BOOL
	VarInt      VarType = 2 // PLUGIN_VAR_INT
	VarLong     VarType = 3 // PLUGIN_VAR_LONG
	VarLongLong VarType = 4 // PLUGIN_VAR_LONGLONG
	VarStr      VarType = 5 // PLUGIN_VAR_STR
	VarEnum     VarType = 6 // PLUGIN_VAR_ENUM
	VarSet      VarType = 7 // PLUGIN_VAR_SET
	VarDouble   VarType = 8 // PLUGIN_VAR_DOUBLE

	VarTypeMask = 0x7f // PLUGIN_VAR_TYPEMASK
)

var varTypeNames = map[VarType]string{
	VarBool: "BOOL", VarInt: "INT", VarLong: "LONG", VarLongLong: "LONGLONG", VarStr: "STR",
	VarEnum: "ENUM", VarSet: "SET", VarDouble: "DOUBLE",
}

// String returns the PLUGIN_VAR_ name without its prefix.
func (t VarType) String() string {
	if n, ok := varTypeNames[t]; ok {
		return n
	}
	return fmt.Sprintf("0x%x", uint8(t))
}

// Valid reports whether t is a known type code.
func (t VarType) Valid() bool {
	_, ok := varTypeNames[t]
	return ok
}

func (t VarType) shapeName() string {
	switch t {
	case VarBool:
		return "bool"
	case VarInt:
		return "int"
	case VarLong:
		return "long"
	case VarLongLong:
		return "longlong"
	case VarStr:
		return "str"
	case VarEnum:
		return "enum"
	case VarSet:
		return "set"
	case VarDouble:
		return "double"
	}
	return "unknown"
}

// The PLUGIN_VAR_ flag bits that mean the same in every generation. Bits
// from 0x4000 up differ between MySQL 5.7, MySQL 8.0 and MariaDB: a
// Profile's VarFlags table names them.
const (
	VarUnsigned uint32 = 0x0080 // PLUGIN_VAR_UNSIGNED
	VarThdLocal uint32 = 0x0100 // PLUGIN_VAR_THDLOCAL
	VarReadOnly uint32 = 0x0200 // PLUGIN_VAR_READONLY
	VarNoSysVar uint32 = 0x0400 // PLUGIN_VAR_NOSYSVAR
	VarNoCmdOpt uint32 = 0x0800 // PLUGIN_VAR_NOCMDOPT
	VarNoCmdArg uint32 = 0x1000 // PLUGIN_VAR_NOCMDARG
	VarRqCmdArg uint32 = 0x0000 // PLUGIN_VAR_RQCMDARG
	VarOpCmdArg uint32 = 0x2000 // PLUGIN_VAR_OPCMDARG
	VarMemAlloc uint32 = 0x8000 // PLUGIN_VAR_MEMALLOC
)

// ShowType is the canonical meaning of a SHOW_VAR type. The numbers in a
// library's SHOW_VAR entries are raw: a Profile's ShowTypes table maps them,
// because MySQL 5.7, MySQL 8.0 and MariaDB number the signed types
// differently.
type ShowType int

// Status variable types.
const (
	ShowUndef          ShowType = iota // SHOW_UNDEF
	ShowBool                           // SHOW_BOOL
	ShowInt                            // SHOW_INT (MariaDB SHOW_UINT): unsigned 32-bit
	ShowLong                           // SHOW_LONG (MariaDB SHOW_ULONG): unsigned long
	ShowLongLong                       // SHOW_LONGLONG (MariaDB SHOW_ULONGLONG)
	ShowChar                           // SHOW_CHAR: value is the string
	ShowCharPtr                        // SHOW_CHAR_PTR: value is a char **
	ShowArray                          // SHOW_ARRAY: value is a nested SHOW_VAR array
	ShowFunc                           // SHOW_FUNC: value is a mysql_show_var_func
	ShowDouble                         // SHOW_DOUBLE
	ShowSignedInt                      // SHOW_SIGNED_INT (MariaDB SHOW_SINT)
	ShowSignedLong                     // SHOW_SIGNED_LONG (MariaDB SHOW_SLONG)
	ShowSignedLongLong                 // SHOW_SIGNED_LONGLONG (MariaDB SHOW_SLONGLONG)
	ShowSimpleFunc                     // MariaDB SHOW_SIMPLE_FUNC
	ShowSizeT                          // MariaDB SHOW_SIZE_T
	ShowServerOnly                     // a number the server reserves for its own variables
	ShowUnknown                        // a number the profile does not define
)

var showTypeNames = []string{"UNDEF", "BOOL", "INT", "LONG", "LONGLONG", "CHAR", "CHAR_PTR", "ARRAY", "FUNC",
	"DOUBLE", "SIGNED_INT", "SIGNED_LONG", "SIGNED_LONGLONG", "SIMPLE_FUNC", "SIZE_T", "SERVER_ONLY", "UNKNOWN"}

// String returns the SHOW_ name without its prefix.
func (t ShowType) String() string {
	if t >= 0 && int(t) < len(showTypeNames) {
		return showTypeNames[t]
	}
	return fmt.Sprintf("ShowType(%d)", int(t))
}

// Show scopes (enum_mysql_show_scope, MySQL 5.7+).
const (
	ShowScopeUndef  = 0 // SHOW_SCOPE_UNDEF: never shown
	ShowScopeGlobal = 1 // SHOW_SCOPE_GLOBAL
)

// SHOW_VAR limits.
const (
	ShowVarMaxNameLen   = 64   // SHOW_VAR_MAX_NAME_LEN, NUL included
	ShowVarFuncBuffSize = 1024 // SHOW_VAR_FUNC_BUFF_SIZE
)

// Client plugin types (MYSQL_CLIENT_*_PLUGIN).
const (
	ClientReserved1      = 0
	ClientReserved2      = 1
	ClientAuthentication = 2 // MYSQL_CLIENT_AUTHENTICATION_PLUGIN
	ClientTrace          = 3 // MYSQL_CLIENT_TRACE_PLUGIN
	ClientMaxPlugins     = 4 // MYSQL_CLIENT_MAX_PLUGINS (8.0)
)
