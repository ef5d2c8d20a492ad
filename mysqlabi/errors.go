package mysqlabi

import "fmt"

// ServerError is one entry of a server's error catalogue: the number, the
// SQLSTATE and the message format clients see. The formats use printf
// verbs that Go's fmt understands ("%-.192s" truncates to 192 bytes).
type ServerError struct {
	Code     int
	SQLState string
	Name     string
	MySQL    string // the MySQL 8.0 text
	MariaDB  string // the MariaDB 10.11 text, when it differs
}

// Format renders the message as a server of flavor f prints it.
func (e ServerError) Format(f Flavor, args ...any) string {
	format := e.MySQL
	if f == FlavorMariaDB && e.MariaDB != "" {
		format = e.MariaDB
	}
	return fmt.Sprintf(format, args...)
}

// The errors the plugin loader raises (MySQL 8.0.43 messages_to_clients,
// MariaDB 10.11.19 as observed).
var (
	ErCantInitializeUDF = ServerError{1123, "HY000", "ER_CANT_INITIALIZE_UDF",
		"Can't initialize function '%-.192s'; %-.192s", ""}
	ErUDFNoPaths = ServerError{1124, "HY000", "ER_UDF_NO_PATHS",
		"No paths allowed for shared library", ""}
	ErUDFExists = ServerError{1125, "HY000", "ER_UDF_EXISTS",
		"Function '%-.192s' already exists", ""}
	ErCantOpenLibrary = ServerError{1126, "HY000", "ER_CANT_OPEN_LIBRARY",
		"Can't open shared library '%-.192s' (errno: %d %-.128s)",
		"Can't open shared library '%-.192s' (errno: %d, %-.128s)"}
	ErCantFindDLEntry = ServerError{1127, "HY000", "ER_CANT_FIND_DL_ENTRY",
		"Can't find symbol '%-.128s' in library", ""}
	ErSPDoesNotExist = ServerError{1305, "42000", "ER_SP_DOES_NOT_EXIST",
		"%s %s does not exist", ""}
	ErPluginIsNotLoaded = ServerError{1524, "HY000", "ER_PLUGIN_IS_NOT_LOADED",
		"Plugin '%-.192s' is not loaded", ""}
	ErPluginDeleteBuiltin = ServerError{1619, "HY000", "ER_PLUGIN_DELETE_BUILTIN",
		"Built-in plugins cannot be deleted", ""}
	WarnPluginBusy = ServerError{1620, "HY000", "WARN_PLUGIN_BUSY",
		"Plugin is busy and will be uninstalled on shutdown", ""}
	ErPluginIsPermanent = ServerError{1702, "HY000", "ER_PLUGIN_IS_PERMANENT",
		"Plugin '%s' is force_plus_permanent and can not be unloaded", ""}
	ErPluginNoUninstall = ServerError{1720, "HY000", "ER_PLUGIN_NO_UNINSTALL",
		"Plugin '%s' is marked as not dynamically uninstallable. You have to stop the server to uninstall it.", ""}
	ErPluginNoInstall = ServerError{1721, "HY000", "ER_PLUGIN_NO_INSTALL",
		"Plugin '%s' is marked as not dynamically installable. You have to stop the server to install it.", ""}
	ErPluginCannotBeUninstalled = ServerError{1883, "HY000", "ER_PLUGIN_CANNOT_BE_UNINSTALLED",
		"Plugin '%s' cannot be uninstalled now. %s", ""}
	ErPluginInstalled = ServerError{1968, "HY000", "ER_PLUGIN_INSTALLED",
		"Plugin '%-.192s' already installed", ""}
	ErPluginNotEarly = ServerError{3838, "HY000", "ER_PLUGIN_NOT_EARLY",
		`Plugin '%s' is not to be used as an "early" plugin. Don't add it to --early-plugin-load, keyring migration etc.`, ""}
	// ErNotValidPassword: a password validation plugin refused the password
	// (MariaDB names the plugin).
	ErNotValidPassword = ServerError{1819, "HY000", "ER_NOT_VALID_PASSWORD",
		"Your password does not satisfy the current policy requirements",
		"Your password does not satisfy the current policy requirements (%s)"}
	// ErAccessDenied: what both servers send a client whose authentication
	// plugin did not return CR_OK.
	ErAccessDenied = ServerError{1045, "28000", "ER_ACCESS_DENIED_ERROR",
		"Access denied for user '%s'@'%s' (using password: %s)", ""}
	// CrAuthPluginCannotLoad: the client library's error for every client
	// plugin load failure.
	CrAuthPluginCannotLoad = ServerError{2059, "HY000", "CR_AUTH_PLUGIN_CANNOT_LOAD",
		"Authentication plugin '%s' cannot be loaded: %s", ""}
	// ErAuditAPIAbort: an audit plugin refused an abortable event (MySQL
	// 5.7+), naming the event and the plugin's return code.
	ErAuditAPIAbort = ServerError{3164, "HY000", "ER_AUDIT_API_ABORT", "Aborted by Audit API ('%-.48s';%d).", ""}
)

// The errno and text a server puts into ER_CANT_OPEN_LIBRARY for the
// library-level refusals.
const (
	errnoVersionMismatch = 8 // MariaDB prints errno 8 for interface mismatches; MySQL 0
	errnoMaturity        = 1
)

// InterfaceMismatch returns the ER_CANT_OPEN_LIBRARY errno and text of a
// library interface version refusal.
func (p *Profile) InterfaceMismatch() (int, string) {
	return p.mismatchErrno(), "plugin interface version mismatch"
}

// ServiceMismatch returns errno and text for a refused service version.
func (p *Profile) ServiceMismatch(service string) (int, string) {
	return p.mismatchErrno(), fmt.Sprintf("service '%s' interface version mismatch", service)
}

// TypeVersionMismatch returns errno and text for a refused descriptor
// version of plugin name of type t.
func (p *Profile) TypeVersionMismatch(t PluginType, name string) (int, string) {
	if p.Flavor == FlavorMariaDB {
		return errnoVersionMismatch, fmt.Sprintf("API version for %s plugin %s not supported by this version of the server",
			p.TypeName(t), name)
	}
	return 0, fmt.Sprintf("API version for %s plugin is too different", p.TypeName(t))
}

// MaturityRefusal returns errno and text for a plugin refused by
// --plugin-maturity (MariaDB).
func (p *Profile) MaturityRefusal(m Maturity, name string, limit Maturity) (int, string) {
	return errnoMaturity, fmt.Sprintf("Loading of %s plugin %s is prohibited by --plugin-maturity=%s",
		lower(m.String()), name, lower(limit.String()))
}

func (p *Profile) mismatchErrno() int {
	if p.Flavor == FlavorMariaDB {
		return errnoVersionMismatch
	}
	return 0
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
