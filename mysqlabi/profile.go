package mysqlabi

import (
	"fmt"
	"sort"
	"strings"
)

// Flavor is the server product a Profile emulates.
type Flavor string

// Server flavors.
const (
	FlavorMySQL   Flavor = "MySQL"
	FlavorMariaDB Flavor = "MariaDB"
)

// TypeVersion is a server's accepted descriptor interface version range for
// one plugin type: a descriptor version v is accepted when v >= Min and
// v>>8 <= Cur>>8 (same major, minor not older than Min).
type TypeVersion struct {
	Min, Cur int32
}

// Service is a plugin service a server links into libraries, with its version.
type Service struct {
	Name    string // the exported pointer symbol, e.g. "my_plugin_log_service"
	Version uint32
}

// Profile is everything about one server version that decides whether and
// how it loads a plugin library. It is data: the live host and
// `myplugload check --server` read the same values.
type Profile struct {
	Name          string // "mysql-8.0", the name --server takes
	Flavor        Flavor
	Version       string // the release whose sources the values come from
	VersionID     int32  // MYSQL_VERSION_ID, e.g. 80043
	ServerVersion string // the server_version string the host exports

	// ABI is the server's own plugin ABI: family, MYSQL_PLUGIN_INTERFACE_VERSION
	// (or MARIA_PLUGIN_INTERFACE_VERSION) and sizeof of its declaration struct.
	ABI ABI
	// MySQLInterfaceVersion is MYSQL_PLUGIN_INTERFACE_VERSION; for MariaDB it
	// governs MySQL-family libraries, which MariaDB also loads.
	MySQLInterfaceVersion int32
	// Families lists the declaration sets the server reads, in the order it
	// tries them: MariaDB takes _maria_ symbols first.
	Families []Family

	// MaxPluginType is MYSQL_MAX_PLUGIN_TYPE_NUM: types at or above it are skipped.
	MaxPluginType PluginType
	// TypeNames are the names information_schema.PLUGINS prints, by type number.
	TypeNames []string
	// TypeVersions are the accepted descriptor interface versions, by type number.
	TypeVersions []TypeVersion
	// Services the server links, in its link order.
	Services []Service
	// AuditClassMaskSize is the number of class_mask entries in st_mysql_audit.
	AuditClassMaskSize int

	// MariaDB only: the default --plugin-maturity and the server's own maturity.
	DefaultPluginMaturity Maturity
	ServerMaturity        Maturity

	// SonameSuffix is appended to a library name that does not end in it
	// (compared case-insensitively): ".so" for MariaDB, "" for MySQL.
	SonameSuffix string
	// AlreadyInstalled is the error of INSTALL PLUGIN for a name that is
	// already installed: ER_UDF_EXISTS in MySQL, ER_PLUGIN_INSTALLED in MariaDB.
	AlreadyInstalled ServerError
	// AuditInitGetsNull: mariadbd calls an audit plugin's init with NULL,
	// mysqld with the plugin handle.
	AuditInitGetsNull bool
	// SkipsMySQLType8: mariadbd ignores type 8 from a MySQL-family library
	// (MySQL's validate_password type, a different descriptor from its own).
	SkipsMySQLType8 bool
	// DeinitFailureIsBusy: mariadbd treats a deinit that returns non-zero
	// like a busy plugin (warning 1620, the plugin stays INACTIVE until
	// shutdown); mysqld ignores deinit's result.
	DeinitFailureIsBusy bool
	// MySQLFamilyMaturity is the maturity a server gives a MySQL-family
	// declaration, which has no maturity member (MariaDB: Unknown).
	MySQLFamilyMaturity Maturity

	// System variable semantics that differ between the servers.
	//
	// SignedBlockUnsigned: mariadbd rounds a signed value to its block size
	// as an unsigned 64-bit pattern (-25 with block 10 becomes -26); mysqld
	// truncates toward zero (-20).
	SignedBlockUnsigned bool
	// HugeIntLiteralOverflow: mariadbd turns an integer literal beyond 64
	// bits into 9223372036854775807 (or its negative) with warning 1916
	// before the range check; mysqld parses it as a DECIMAL, which an
	// integer variable refuses (1232).
	HugeIntLiteralOverflow bool
	// OptionPrefixes: mariadbd accepts a unique prefix of an option name
	// (with a note); mysqld 5.7+ requires the exact name.
	OptionPrefixes bool
	// StatusNameCase: how SHOW STATUS prints plugin status names. MariaDB
	// upper-cases the first letter and lower-cases the rest; MySQL keeps
	// the declared case.
	StatusNameFirstUpper bool
	// ThdNoCmdOptDefault: mariadbd gives a THD-local NOCMDOPT variable its
	// declared default (server_audit's per-connection loc_info relies on
	// it); mysqld leaves it zero (its session block is zero-filled).
	ThdNoCmdOptDefault bool
	// DefaultSQLMode is the server's default sql_mode (STRICT_ALL_TABLES
	// makes an adjusted SET value an error).
	DefaultSQLMode string
}

// HasMaturity reports whether the server gates plugins by maturity.
func (p *Profile) HasMaturity() bool { return p.Flavor == FlavorMariaDB }

// id shifts a MYSQL_VERSION_ID into the descriptor version that daemon,
// information schema and storage engine plugins must carry.
func id(v int32) int32 { return v << 8 }

var mysqlTypeNames = []string{"UDF", "STORAGE ENGINE", "FTPARSER", "DAEMON", "INFORMATION SCHEMA", "AUDIT",
	"REPLICATION", "AUTHENTICATION", "VALIDATE PASSWORD", "GROUP REPLICATION", "KEYRING", "CLONE"}

var mariaTypeNames = []string{"UDF", "STORAGE ENGINE", "FTPARSER", "DAEMON", "INFORMATION SCHEMA", "AUDIT",
	"REPLICATION", "AUTHENTICATION", "PASSWORD VALIDATION", "ENCRYPTION", "DATA TYPE", "FUNCTION"}

// mysqlServices80 is list_of_services of MySQL 8.0.43 (sql_plugin_services.h);
// 8.4 and 9.x Doxygen show the same handlers and versions.
var mysqlServices80 = []Service{
	{"srv_session_service", 0x0100}, {"command_service", 0x0100}, {"srv_session_info_service", 0x0100},
	{"thd_alloc_service", 0x0100}, {"thd_wait_service", 0x0100}, {"my_thread_scheduler_service", 0x0100},
	{"my_plugin_log_service", 0x0100}, {"mysql_string_service", 0x0100}, {"mysql_malloc_service", 0x0100},
	{"mysql_password_policy_service", 0x0100}, {"mysql_parser_service", 0x0100},
	{"rpl_transaction_ctx_service", 0x0100}, {"transaction_write_set_service", 0x0100},
	{"security_context_service", 0x0101}, {"mysql_locking_service", 0x0100},
	{"mysql_keyring_service", 0x0100}, {"plugin_registry_service", 0x0100},
}

// mysqlServices57 is list_of_services of MySQL 5.7.32.
var mysqlServices57 = []Service{
	{"my_snprintf_service", 0x0100},
	{"srv_session_service", 0x0100}, {"command_service", 0x0100}, {"srv_session_info_service", 0x0100},
	{"thd_alloc_service", 0x0100}, {"thd_wait_service", 0x0100}, {"my_thread_scheduler_service", 0x0100},
	{"my_plugin_log_service", 0x0100}, {"mysql_string_service", 0x0100}, {"mysql_malloc_service", 0x0100},
	{"mysql_password_policy_service", 0x0100}, {"mysql_parser_service", 0x0100},
	{"rpl_transaction_ctx_service", 0x0100}, {"transaction_write_set_service", 0x0100},
	{"security_context_service", 0x0101}, {"mysql_locking_service", 0x0100},
	{"mysql_keyring_service", 0x0100},
}

// mariaServices is list_of_services of MariaDB 10.11.19, dumped from
// Debian's libmariadbd.a.
var mariaServices = []Service{
	{"base64_service", 0x0100}, {"debug_sync_service", 0x1000}, {"encryption_scheme_service", 0x0100},
	{"encryption_service", 0x0300}, {"logger_service", 0x0100}, {"my_crypt_service", 0x0100},
	{"my_md5_service", 0x0100}, {"my_print_error_service", 0x0100}, {"print_check_msg_service", 0x0100},
	{"my_sha1_service", 0x0101}, {"my_sha2_service", 0x0100}, {"my_snprintf_service", 0x0100},
	{"progress_report_service", 0x0100}, {"thd_alloc_service", 0x0200}, {"thd_autoinc_service", 0x0100},
	{"thd_error_context_service", 0x0200}, {"thd_kill_statement_service", 0x1000},
	{"thd_rnd_service", 0x0100}, {"thd_specifics_service", 0x0100}, {"thd_timezone_service", 0x0100},
	{"thd_wait_service", 0x0100}, {"wsrep_service", 0x0500}, {"json_service", 0x0100},
	{"sql_service", 0x0102}, {"thd_mdl_service", 0x0100},
	{"provider_service_bzip2", 0x0100}, {"provider_service_lz4", 0x0100}, {"provider_service_lzma", 0x0100},
	{"provider_service_lzo", 0x0100}, {"provider_service_snappy", 0x0100},
}

func mysqlTypeVersions(versionID int32, auth, gr int32, clone bool) []TypeVersion {
	v := []TypeVersion{
		{0x0000, 0x0000},               // UDF
		{id(versionID), id(versionID)}, // STORAGE ENGINE
		{0x0101, 0x0101},               // FTPARSER
		{id(versionID), id(versionID)}, // DAEMON
		{id(versionID), id(versionID)}, // INFORMATION SCHEMA
		{0x0401, 0x0401},               // AUDIT
		{0x0400, 0x0400},               // REPLICATION
		{auth, auth},                   // AUTHENTICATION
		{0x0100, 0x0100},               // VALIDATE PASSWORD
		{gr, gr},                       // GROUP REPLICATION
		{0x0101, 0x0101},               // KEYRING
	}
	if clone {
		v = append(v, TypeVersion{0x0100, 0x0100}) // CLONE
	}
	return v
}

// The server profiles. Values come from ../shared/reference: MySQL 5.7.32
// and 8.0.43 sources, MySQL 8.4 Doxygen (where the 8.4 tree could not be
// read, 8.0.43's values are used: interface 0x010B, the same services and
// type versions), and Debian's MariaDB 10.11.19 binaries.
var (
	MySQL57 = &Profile{
		Name: "mysql-5.7", Flavor: FlavorMySQL, Version: "5.7.44", VersionID: 50744, ServerVersion: "5.7.44",
		ABI:                   ABI{FamilyMySQL, 0x0107, int32(PluginDecl57.Size)},
		MySQLInterfaceVersion: 0x0107,
		Families:              []Family{FamilyMySQL},
		MaxPluginType:         11,
		TypeNames:             mysqlTypeNames[:11],
		TypeVersions:          mysqlTypeVersions(50744, 0x0101, 0x0101, false),
		Services:              mysqlServices57,
		AuditClassMaskSize:    11,
		AlreadyInstalled:      ErUDFExists,
		DefaultSQLMode:        "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION",
	}
	MySQL80 = &Profile{
		Name: "mysql-8.0", Flavor: FlavorMySQL, Version: "8.0.43", VersionID: 80043, ServerVersion: "8.0.43",
		ABI:                   ABI{FamilyMySQL, 0x010B, int32(PluginDecl80.Size)},
		MySQLInterfaceVersion: 0x010B,
		Families:              []Family{FamilyMySQL},
		MaxPluginType:         12,
		TypeNames:             mysqlTypeNames,
		TypeVersions:          mysqlTypeVersions(80043, 0x0201, 0x0104, true),
		Services:              mysqlServices80,
		AuditClassMaskSize:    13,
		AlreadyInstalled:      ErUDFExists,
		DefaultSQLMode:        "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION",
	}
	MySQL84 = &Profile{
		Name: "mysql-8.4", Flavor: FlavorMySQL, Version: "8.4.7", VersionID: 80407, ServerVersion: "8.4.7",
		ABI:                   ABI{FamilyMySQL, 0x010B, int32(PluginDecl80.Size)},
		MySQLInterfaceVersion: 0x010B,
		Families:              []Family{FamilyMySQL},
		MaxPluginType:         12,
		TypeNames:             mysqlTypeNames,
		TypeVersions:          mysqlTypeVersions(80407, 0x0201, 0x0104, true),
		Services:              mysqlServices80,
		AuditClassMaskSize:    13,
		AlreadyInstalled:      ErUDFExists,
		DefaultSQLMode:        "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION",
	}
	MariaDB1011 = &Profile{
		Name: "mariadb-10.11", Flavor: FlavorMariaDB, Version: "10.11.19", VersionID: 101119,
		ServerVersion:         "10.11.19-MariaDB-myplugload",
		ABI:                   ABI{FamilyMaria, 0x010f, int32(MariaPluginDecl.Size)},
		MySQLInterfaceVersion: 0x0104,
		Families:              []Family{FamilyMaria, FamilyMySQL},
		MaxPluginType:         12,
		TypeNames:             mariaTypeNames,
		TypeVersions: []TypeVersion{
			{0, 0},                   // UDF (never loaded)
			{id(101119), id(101119)}, // STORAGE ENGINE
			{0x0100, 0x0100},         // FTPARSER
			{id(101119), id(101119)}, // DAEMON
			{id(101119), id(101119)}, // INFORMATION SCHEMA
			{0x0302, 0x0302},         // AUDIT
			{0x0200, 0x0200},         // REPLICATION
			{0x0200, 0x0202},         // AUTHENTICATION
			{0x0101, 0x0101},         // PASSWORD VALIDATION
			{0x0300, 0x0300},         // ENCRYPTION
			{id(101119), id(101119)}, // DATA TYPE
			{id(101119), id(101119)}, // FUNCTION
		},
		Services:               mariaServices,
		AuditClassMaskSize:     1,
		DefaultPluginMaturity:  MaturityGamma,
		ServerMaturity:         MaturityStable,
		SonameSuffix:           ".so",
		AlreadyInstalled:       ErPluginInstalled,
		AuditInitGetsNull:      true,
		SkipsMySQLType8:        true,
		DeinitFailureIsBusy:    true,
		MySQLFamilyMaturity:    MaturityUnknown,
		SignedBlockUnsigned:    true,
		HugeIntLiteralOverflow: true,
		OptionPrefixes:         true,
		StatusNameFirstUpper:   true,
		ThdNoCmdOptDefault:     true,
		DefaultSQLMode:         "STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION",
	}
)

// Profiles lists every profile, in the order `--server` documents them.
var Profiles = []*Profile{MySQL57, MySQL80, MySQL84, MariaDB1011}

// LookupProfile finds a profile by name ("mysql-8.0", "mariadb-10.11").
func LookupProfile(name string) (*Profile, error) {
	for _, p := range Profiles {
		if p.Name == name {
			return p, nil
		}
	}
	names := make([]string, len(Profiles))
	for i, p := range Profiles {
		names[i] = p.Name
	}
	sort.Strings(names)
	return nil, fmt.Errorf("unknown server profile %q (known: %s)", name, strings.Join(names, ", "))
}

// String returns the profile's name.
func (p *Profile) String() string { return p.Name }

// TypeName returns the name information_schema.PLUGINS prints for type t,
// or "" for a type this server does not know.
func (p *Profile) TypeName(t PluginType) string {
	if t < 0 || int(t) >= len(p.TypeNames) {
		return ""
	}
	return p.TypeNames[t]
}

// libraryVersion returns the server's interface version for family f.
func (p *Profile) libraryVersion(f Family) (int32, bool) {
	switch {
	case f == FamilyMaria && p.Flavor == FlavorMariaDB:
		return p.ABI.InterfaceVersion, true
	case f == FamilyMySQL:
		return p.MySQLInterfaceVersion, true
	}
	return 0, false
}

// AcceptsLibraryVersion applies the server's library rule to a library of
// family f declaring interface version v: the same major version and not
// below its x.00 (a newer minor is accepted).
func (p *Profile) AcceptsLibraryVersion(f Family, v int32) bool {
	cur, ok := p.libraryVersion(f)
	if !ok {
		return false
	}
	return v >= cur&^0xff && v>>8 <= cur>>8
}

// ReadsFamily reports whether the server reads declarations of family f.
func (p *Profile) ReadsFamily(f Family) bool {
	for _, g := range p.Families {
		if g == f {
			return true
		}
	}
	return false
}

// KnowsType reports whether t is a plugin type number the server handles
// (0 <= t < MYSQL_MAX_PLUGIN_TYPE_NUM); others are skipped by the server.
func (p *Profile) KnowsType(t PluginType) bool {
	return t >= 0 && t < p.MaxPluginType
}

// AcceptsTypeVersion applies the per-type descriptor rule: v >= min and
// v>>8 <= cur>>8. It is false for a type the server does not know.
func (p *Profile) AcceptsTypeVersion(t PluginType, v int32) bool {
	if !p.KnowsType(t) || int(t) >= len(p.TypeVersions) {
		return false
	}
	tv := p.TypeVersions[t]
	return v >= tv.Min && v>>8 <= tv.Cur>>8
}

// Service returns the server's service called name.
func (p *Profile) Service(name string) (Service, bool) {
	for _, s := range p.Services {
		if s.Name == name {
			return s, true
		}
	}
	return Service{}, false
}

// AcceptsServiceVersion applies the service rule to a library wanting
// version want of service s: the same major and a minor not newer than the
// server's.
func AcceptsServiceVersion(s Service, want uint32) bool {
	return want <= s.Version && want>>8 >= s.Version>>8
}

// FormatVersion formats a plugin or descriptor version as "major.minor"
// (version>>8, version&0xff), the way information_schema.PLUGINS prints it.
func FormatVersion(v uint32) string {
	return fmt.Sprintf("%d.%d", v>>8, v&0xff)
}
