package mysqlabi

import (
	"fmt"
	"sort"
)

// Generation names one ABI generation of the plugin structs. A server
// reads a library's declarations with the layout of the library's own
// generation, chosen by its family, interface version and declared sizeof.
type Generation string

// The ABI generations whose layouts mysqlabi knows.
const (
	GenMySQL51 Generation = "mysql-5.1" // st_mysql_plugin without flags: 96 bytes
	GenMySQL57 Generation = "mysql-5.7" // MySQL 5.5–5.7: 104 bytes, no check_uninstall
	GenMySQL80 Generation = "mysql-8.0" // MySQL 8.0, 8.4, 9.x: 112 bytes, check_uninstall
	GenMariaDB Generation = "mariadb"   // MariaDB 10.x: st_maria_plugin, 104 bytes
)

// Generations lists every generation, oldest first.
var Generations = []Generation{GenMySQL51, GenMySQL57, GenMySQL80, GenMariaDB}

// The struct layouts of every generation. They are data: decoders read
// members by name, and the conformance test compares each one, member by
// member, with what a C compiler makes of our headers and of MariaDB's.
var (
	// PluginDecl51 is equivalent to the MySQL 5.1 struct st_mysql_plugin.
	PluginDecl51 = cstruct("st_mysql_plugin", pluginHead(false, false)...)
	// PluginDecl57 is equivalent to struct st_mysql_plugin of MySQL 5.5–5.7
	// (and to MariaDB's copy of the MySQL struct).
	PluginDecl57 = cstruct("st_mysql_plugin", pluginHead(false, true)...)
	// PluginDecl80 is equivalent to struct st_mysql_plugin of MySQL 8.0+.
	PluginDecl80 = cstruct("st_mysql_plugin", pluginHead(true, true)...)
	// MariaPluginDecl is equivalent to MariaDB's struct st_maria_plugin.
	MariaPluginDecl = cstruct("st_maria_plugin",
		m("type", cInt), m("info", cPtr), m("name", cPtr), m("author", cPtr), m("descr", cPtr),
		m("license", cInt), m("init", cPtr), m("deinit", cPtr), m("version", cUint),
		m("status_vars", cPtr), m("system_vars", cPtr), m("version_info", cPtr), m("maturity", cUint))

	// ShowVarScoped is equivalent to SHOW_VAR of MySQL 5.7+ (with scope).
	ShowVarScoped = cstruct("SHOW_VAR", m("name", cPtr), m("value", cPtr), m("type", cInt), m("scope", cInt))
	// ShowVarPlain is equivalent to st_mysql_show_var of MySQL 5.5/5.6 and MariaDB.
	ShowVarPlain = cstruct("SHOW_VAR", m("name", cPtr), m("value", cPtr), m("type", cInt))

	// Typelib80 is equivalent to TYPELIB of MySQL 8.0 (size_t count).
	Typelib80 = cstruct("TYPELIB", m("count", cSizeT), m("name", cPtr), m("type_names", cPtr), m("type_lengths", cPtr))
	// Typelib57 is equivalent to TYPELIB of MySQL 5.x and MariaDB (unsigned count).
	Typelib57 = cstruct("TYPELIB", m("count", cUint), m("name", cPtr), m("type_names", cPtr), m("type_lengths", cPtr))

	// Value is equivalent to struct st_mysql_value, the value thunk given to
	// a system variable's check function.
	Value = cstruct("st_mysql_value", m("value_type", cPtr), m("val_str", cPtr), m("val_real", cPtr),
		m("val_int", cPtr), m("is_unsigned", cPtr))

	// Daemon is equivalent to struct st_mysql_daemon (and to the information
	// schema and storage engine descriptors, which have the same shape).
	Daemon = cstruct("st_mysql_daemon", m("interface_version", cInt))

	// ClientPlugin57 is equivalent to the st_mysql_client_plugin header of
	// MySQL 5.x and MariaDB Connector/C (interface 0x01xx).
	ClientPlugin57 = cstruct("st_mysql_client_plugin", clientHead(false)...)
	// ClientPlugin80 is the MySQL 8.0 header (interface 0x02xx), with get_options.
	ClientPlugin80 = cstruct("st_mysql_client_plugin", clientHead(true)...)
	// ClientAuth57 is equivalent to st_mysql_client_plugin_AUTHENTICATION, 0x01xx.
	ClientAuth57 = cstruct("st_mysql_client_plugin_AUTHENTICATION",
		append(clientHead(false), m("authenticate_user", cPtr))...)
	// ClientAuth80 is equivalent to st_mysql_client_plugin_AUTHENTICATION, 0x02xx.
	ClientAuth80 = cstruct("st_mysql_client_plugin_AUTHENTICATION",
		append(clientHead(true), m("authenticate_user", cPtr), m("authenticate_user_nonblocking", cPtr))...)

	// Audit80 is equivalent to struct st_mysql_audit of MySQL 8.0 (API 0x0401, 13 class masks).
	Audit80 = mysqlAudit(13)
	// Audit57 is struct st_mysql_audit of MySQL 5.7: the same API version 0x0401, 11 class masks.
	Audit57 = mysqlAudit(11)
	// MariaAudit is equivalent to MariaDB's struct st_mysql_audit (API 0x0302).
	MariaAudit = cstruct("st_mysql_audit", m("interface_version", cInt), m("release_thd", cPtr),
		m("event_notify", cPtr), m("class_mask", cArray(cUlong, 1)))

	// EventGeneral is equivalent to struct mysql_event_general of MySQL 5.7/8.0.
	EventGeneral = cstruct("mysql_event_general",
		m("event_subclass", cInt), m("general_error_code", cInt), m("general_thread_id", cUlong),
		m("general_user", cLexString), m("general_command", cLexString), m("general_query", cLexString),
		m("general_charset", cPtr), m("general_time", cULongLong), m("general_rows", cULongLong),
		m("general_host", cLexString), m("general_sql_command", cLexString),
		m("general_external_user", cLexString), m("general_ip", cLexString))
	// EventConnection is equivalent to struct mysql_event_connection of MySQL 5.7/8.0.
	EventConnection = cstruct("mysql_event_connection",
		m("event_subclass", cInt), m("status", cInt), m("connection_id", cUlong),
		m("user", cLexString), m("priv_user", cLexString), m("external_user", cLexString),
		m("proxy_user", cLexString), m("host", cLexString), m("ip", cLexString),
		m("database", cLexString), m("connection_type", cInt))
	// MariaEventGeneral is equivalent to MariaDB's struct mysql_event_general (0x0302).
	MariaEventGeneral = cstruct("mysql_event_general",
		m("event_subclass", cUint), m("general_error_code", cInt), m("general_thread_id", cUlong),
		m("general_user", cPtr), m("general_user_length", cUint),
		m("general_command", cPtr), m("general_command_length", cUint),
		m("general_query", cPtr), m("general_query_length", cUint),
		m("general_charset", cPtr), m("general_time", cULongLong), m("general_rows", cULongLong),
		m("query_id", cULongLong), m("database", cLexString))
	// MariaEventConnection is equivalent to MariaDB's struct mysql_event_connection (0x0302).
	MariaEventConnection = cstruct("mysql_event_connection",
		m("event_subclass", cUint), m("status", cInt), m("thread_id", cUlong),
		m("user", cPtr), m("user_length", cUint), m("priv_user", cPtr), m("priv_user_length", cUint),
		m("external_user", cPtr), m("external_user_length", cUint),
		m("proxy_user", cPtr), m("proxy_user_length", cUint),
		m("host", cPtr), m("host_length", cUint), m("ip", cPtr), m("ip_length", cUint),
		m("database", cLexString))

	// FTBooleanInfo is equivalent to MYSQL_FTPARSER_BOOLEAN_INFO of MySQL 5.7+ (with position).
	FTBooleanInfo = cstruct("MYSQL_FTPARSER_BOOLEAN_INFO",
		m("type", cInt), m("yesno", cInt), m("weight_adjust", cInt), m("wasign", cChar), m("trunc", cChar),
		m("position", cInt), m("prev", cChar), m("quot", cPtr))
	// MariaFTBooleanInfo is MYSQL_FTPARSER_BOOLEAN_INFO of MySQL 5.5 and MariaDB (no position).
	MariaFTBooleanInfo = cstruct("MYSQL_FTPARSER_BOOLEAN_INFO",
		m("type", cInt), m("yesno", cInt), m("weight_adjust", cInt), m("wasign", cChar), m("trunc", cChar),
		m("prev", cChar), m("quot", cPtr))
	// FTParserParam is equivalent to MYSQL_FTPARSER_PARAM.
	FTParserParam = cstruct("MYSQL_FTPARSER_PARAM",
		m("mysql_parse", cPtr), m("mysql_add_word", cPtr), m("ftparser_state", cPtr), m("mysql_ftparam", cPtr),
		m("cs", cPtr), m("doc", cPtr), m("length", cInt), m("flags", cInt), m("mode", cInt))
	// FTParser is equivalent to struct st_mysql_ftparser.
	FTParser = cstruct("st_mysql_ftparser", m("interface_version", cInt), m("parse", cPtr), m("init", cPtr), m("deinit", cPtr))

	// PluginVIO80 is equivalent to MYSQL_PLUGIN_VIO of MySQL 8.0 (with the nonblocking calls).
	PluginVIO80 = cstruct("MYSQL_PLUGIN_VIO", m("read_packet", cPtr), m("write_packet", cPtr), m("info", cPtr),
		m("read_packet_nonblocking", cPtr), m("write_packet_nonblocking", cPtr))
	// PluginVIO57 is equivalent to MYSQL_PLUGIN_VIO of MySQL 5.x and MariaDB.
	PluginVIO57 = cstruct("MYSQL_PLUGIN_VIO", m("read_packet", cPtr), m("write_packet", cPtr), m("info", cPtr))
	// ServerAuthInfo80 is equivalent to MYSQL_SERVER_AUTH_INFO of MySQL 8.0.
	ServerAuthInfo80 = cstruct("MYSQL_SERVER_AUTH_INFO", append(serverAuthInfoHead(),
		m("additional_auth_string", cPtr), m("additional_auth_string_length", cUlong),
		m("current_auth_factor", cUint), m("multi_factor_auth_info", cPtr))...)
	// ServerAuthInfo57 is equivalent to MYSQL_SERVER_AUTH_INFO of MySQL 5.7.
	ServerAuthInfo57 = cstruct("MYSQL_SERVER_AUTH_INFO", serverAuthInfoHead()...)
	// Auth80 is equivalent to struct st_mysql_auth of MySQL 8.0 (0x0201).
	Auth80 = cstruct("st_mysql_auth", append(authHead(), m("compare_password_with_hash", cPtr))...)
	// Auth57 is equivalent to struct st_mysql_auth of MySQL 5.7 (0x0101).
	Auth57 = cstruct("st_mysql_auth", authHead()...)

	// MariaPasswordValidation is equivalent to struct st_mariadb_password_validation (0x0101).
	MariaPasswordValidation = cstruct("st_mariadb_password_validation",
		m("interface_version", cInt), m("validate_password", cPtr))

	// MariaAuth is equivalent to MariaDB 10.11's struct st_mysql_auth
	// (0x0202): no account-management members, hash_password and
	// preprocess_hash instead.
	MariaAuth = cstruct("st_mysql_auth", m("interface_version", cInt), m("client_auth_plugin", cPtr),
		m("authenticate_user", cPtr), m("hash_password", cPtr), m("preprocess_hash", cPtr))
	// MariaServerAuthInfo is equivalent to MariaDB 10.11's
	// MYSQL_SERVER_AUTH_INFO: MYSQL_USERNAME_LENGTH is 512 there, and the
	// session's THD comes last.
	MariaServerAuthInfo = cstruct("MYSQL_SERVER_AUTH_INFO", m("user_name", cPtr), m("user_name_length", cUint),
		m("auth_string", cPtr), m("auth_string_length", cUlong), m("authenticated_as", cArray(cChar, 513)),
		m("external_user", cArray(cChar, 513)), m("password_used", cInt), m("host_or_ip", cPtr),
		m("host_or_ip_length", cUint), m("thd", cPtr))
	// ValidatePassword is equivalent to struct st_mysql_validate_password
	// (MySQL 5.7 and 8.0, 0x0100).
	ValidatePassword = cstruct("st_mysql_validate_password", m("interface_version", cInt),
		m("validate_password", cPtr), m("get_password_strength", cPtr))
	// MariaEncryption is equivalent to struct st_mariadb_encryption
	// (MariaDB encryption plugins, 0x0300).
	MariaEncryption = cstruct("st_mariadb_encryption", m("interface_version", cInt),
		m("get_latest_key_version", cPtr), m("get_key", cPtr), m("crypt_ctx_size", cPtr),
		m("crypt_ctx_init", cPtr), m("crypt_ctx_update", cPtr), m("crypt_ctx_finish", cPtr),
		m("encrypted_length", cPtr))

	// UDFArgs is equivalent to UDF_ARGS.
	UDFArgs = cstruct("UDF_ARGS", m("arg_count", cUint), m("arg_type", cPtr), m("args", cPtr), m("lengths", cPtr),
		m("maybe_null", cPtr), m("attributes", cPtr), m("attribute_lengths", cPtr), m("extension", cPtr))
	// UDFInit is equivalent to UDF_INIT.
	UDFInit = cstruct("UDF_INIT", m("maybe_null", cBool), m("decimals", cUint), m("max_length", cUlong),
		m("ptr", cPtr), m("const_item", cBool), m("extension", cPtr))
)

func pluginHead(checkUninstall, flags bool) []member {
	ms := []member{m("type", cInt), m("info", cPtr), m("name", cPtr), m("author", cPtr), m("descr", cPtr),
		m("license", cInt), m("init", cPtr)}
	if checkUninstall {
		ms = append(ms, m("check_uninstall", cPtr))
	}
	ms = append(ms, m("deinit", cPtr), m("version", cUint), m("status_vars", cPtr), m("system_vars", cPtr),
		m("__reserved1", cPtr))
	if flags {
		ms = append(ms, m("flags", cUlong))
	}
	return ms
}

func clientHead(getOptions bool) []member {
	ms := []member{m("type", cInt), m("interface_version", cUint), m("name", cPtr), m("author", cPtr),
		m("desc", cPtr), m("version", cArray(cUint, 3)), m("license", cPtr), m("mysql_api", cPtr),
		m("init", cPtr), m("deinit", cPtr), m("options", cPtr)}
	if getOptions {
		ms = append(ms, m("get_options", cPtr))
	}
	return ms
}

func mysqlAudit(masks int) *Struct {
	return cstruct("st_mysql_audit", m("interface_version", cInt), m("release_thd", cPtr),
		m("event_notify", cPtr), m("class_mask", cArray(cUlong, masks)))
}

func serverAuthInfoHead() []member {
	return []member{m("user_name", cPtr), m("user_name_length", cUint), m("auth_string", cPtr),
		m("auth_string_length", cUlong), m("authenticated_as", cArray(cChar, 97)),
		m("external_user", cArray(cChar, 512)), m("password_used", cInt), m("host_or_ip", cPtr),
		m("host_or_ip_length", cUint)}
}

func authHead() []member {
	return []member{m("interface_version", cInt), m("client_auth_plugin", cPtr), m("authenticate_user", cPtr),
		m("generate_authentication_string", cPtr), m("validate_authentication_string", cPtr),
		m("set_salt", cPtr), m("authentication_flags", cUlong)}
}

// SysVarShape returns the layout of the SYS_VAR descriptor that the
// MYSQL_SYSVAR_* (thd false) or MYSQL_THDVAR_* (thd true) macro of type t
// generates. Unsigned variants have the layout of their signed type. It
// returns nil for a type code that has no shape.
func SysVarShape(t VarType, thd bool) *Struct {
	shapes := sysVarShapes
	if thd {
		shapes = thdVarShapes
	}
	return shapes[t]
}

// sysVarHead is the common header of every SYS_VAR shape.
func sysVarHead() []member {
	return []member{m("flags", cInt), m("name", cPtr), m("comment", cPtr), m("check", cPtr), m("update", cPtr)}
}

// The C type of a variable's value, by type code.
var varCType = map[VarType]CType{
	VarBool: cBool, VarInt: cInt, VarLong: cLong, VarLongLong: cLongLong, VarStr: cPtr,
	VarEnum: cUlong, VarSet: cULongLong, VarDouble: cDouble,
}

// shapeKind is how a type code's descriptor is shaped: BASIC (value and
// default), SIMPLE (with min, max, block size) or TYPELIB.
func shapeKind(t VarType) string {
	switch t {
	case VarBool, VarStr:
		return "basic"
	case VarEnum, VarSet:
		return "typelib"
	}
	return "simple"
}

func buildShape(t VarType, thd bool) *Struct {
	ct := varCType[t]
	ms := sysVarHead()
	if thd {
		ms = append(ms, m("offset", cInt))
	} else {
		ms = append(ms, m("value", cPtr))
	}
	ms = append(ms, m("def_val", ct))
	switch shapeKind(t) {
	case "simple":
		ms = append(ms, m("min_val", ct), m("max_val", ct), m("blk_sz", ct))
		if thd {
			ms = append(ms, m("resolve", cPtr))
		}
	case "typelib":
		if thd {
			ms = append(ms, m("resolve", cPtr)) // resolve precedes typelib in THD shapes
		}
		ms = append(ms, m("typelib", cPtr))
	default:
		if thd {
			ms = append(ms, m("resolve", cPtr))
		}
	}
	prefix := "sysvar_"
	if thd {
		prefix = "thdvar_"
	}
	return cstruct(prefix+t.shapeName(), ms...)
}

var sysVarShapes, thdVarShapes = func() (map[VarType]*Struct, map[VarType]*Struct) {
	g, t := map[VarType]*Struct{}, map[VarType]*Struct{}
	for vt := range varCType {
		g[vt] = buildShape(vt, false)
		t[vt] = buildShape(vt, true)
	}
	return g, t
}()

// shapeStructs lists the SYS_VAR shapes under the names the conformance
// program prints: sysvar_<type> and thdvar_<type>, unsigned variants
// included (they share their signed type's layout).
func shapeStructs() []*Struct {
	var out []*Struct
	for _, thd := range []bool{false, true} {
		for _, vt := range []VarType{VarBool, VarStr, VarInt, VarLong, VarLongLong, VarEnum, VarSet, VarDouble} {
			s := SysVarShape(vt, thd)
			out = append(out, s)
			if vt == VarInt || vt == VarLong || vt == VarLongLong {
				u := *s
				u.Name = s.Name[:7] + "u" + s.Name[7:]
				out = append(out, &u)
			}
		}
	}
	return out
}

// Layouts returns every struct layout of generation g, sorted by name. The
// MySQL 5.1 generation lists only the declaration struct.
func Layouts(g Generation) []*Struct {
	var ls []*Struct
	switch g {
	case GenMySQL51:
		ls = []*Struct{PluginDecl51}
	case GenMySQL57:
		ls = append(shapeStructs(), PluginDecl57, ShowVarScoped, Typelib57, Value, Daemon,
			ClientPlugin57, ClientAuth57, Audit57, EventGeneral, EventConnection,
			FTBooleanInfo, FTParserParam, FTParser, PluginVIO57, ServerAuthInfo57, Auth57, UDFArgs, UDFInit)
	case GenMySQL80:
		ls = append(shapeStructs(), PluginDecl80, ShowVarScoped, Typelib80, Value, Daemon,
			ClientPlugin80, ClientAuth80, Audit80, EventGeneral, EventConnection,
			FTBooleanInfo, FTParserParam, FTParser, PluginVIO80, ServerAuthInfo80, Auth80, UDFArgs, UDFInit)
	case GenMariaDB:
		ls = append(shapeStructs(), PluginDecl57, MariaPluginDecl, ShowVarPlain, Typelib57, Value, Daemon,
			MariaAudit, MariaEventGeneral, MariaEventConnection, MariaFTBooleanInfo, FTParserParam, FTParser,
			PluginVIO57, MariaPasswordValidation, MariaAuth, MariaServerAuthInfo, MariaEncryption)
	default:
		panic(fmt.Sprintf("mysqlabi: unknown generation %q", g))
	}
	sort.Slice(ls, func(i, j int) bool { return ls[i].Name < ls[j].Name })
	return ls
}

// DeclarationLayout returns the declaration struct of a MySQL-family library
// from its _mysql_sizeof_struct_st_plugin_ value: 96 (5.1), 104 (5.5–5.7) or
// 112 (8.0+). Unlike mysqld, which copies entries bytewise into its own
// layout, every member is then read at its own generation's offset.
func DeclarationLayout(sizeof int) (*Struct, bool) {
	for _, s := range []*Struct{PluginDecl51, PluginDecl57, PluginDecl80} {
		if s.Size == sizeof {
			return s, true
		}
	}
	return nil, false
}
