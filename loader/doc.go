// Package loader opens MySQL-ABI and MariaDB-ABI plugin libraries, tells
// what they declare, and runs their plugins' lifecycle the way the servers
// do.
//
// # Reading a library
//
// Inspect reads a library statically: internal/elfimage maps the ELF file
// and applies its relocations in memory, and package mysqlabi decodes the
// declarations. No code of the library runs: no dlopen, no constructors.
// InspectLive loads the library with dlopen and decodes the same structures
// from process memory; both give the same Library, which holds only Go
// values.
//
// Every declaration member is read at the offset of the library's own ABI
// generation, chosen by its family, interface version and declared sizeof:
// 96 bytes (MySQL 5.1), 104 (5.5–5.7), 112 (8.0+), or MariaDB's 104-byte
// st_maria_plugin. mysqld instead copies an older library's entries
// bytewise into its own struct, so a 5.7 plugin's deinit lands in 8.0's
// check_uninstall slot and its version in deinit; the host calls each
// function for what it is.
//
// # Checking against a server
//
// Library.Check applies every loading rule of a mysqlabi.Profile (MySQL
// 5.7, 8.0, 8.4, MariaDB 10.11): which declaration set the server reads, the
// library and per-type interface versions, service versions, declaration
// size, maturity, install and early-load flags. It reports each reason with
// the server's error code and message.
//
// # Hosting plugins
//
// A Host loads libraries from plugin_dir and runs INSTALL PLUGIN, INSTALL
// SONAME, UNINSTALL PLUGIN, UNINSTALL SONAME and the startup load lists
// (--plugin-load, --plugin-load-add, --early-plugin-load) with the
// profile's rules: library name confinement, case-insensitive plugin names
// across libraries, load options OFF/ON/FORCE/FORCE_PLUS_PERMANENT,
// PLUGIN_OPT_* flags, check_uninstall, library reference counting with
// dlclose when the last plugin goes, init in registration order and deinit
// in reverse. Errors are *Error values carrying the server's code, SQLSTATE
// and message, and wrap a sentinel (ErrNotFound, ErrIncompatible, ...).
//
// Before dlopen the host checks the library statically: a malformed
// library, one the profile refuses, or one that needs plugin services or
// server symbols the host does not provide is refused without running any
// of its code. Plugin types whose init needs server internals (storage
// engines, information schema, MariaDB data types and functions) are
// refused with ErrNotHostable.
//
// # Services, server symbols and sessions
//
// For every <name>_service pointer a library exports, the host checks the
// version it wants against the profile's (same major, minor not newer)
// and that it implements the service, then points it at the C
// implementation in internal/native right after dlopen and before any
// plugin code runs. The server symbols plugins import (server_version,
// my_umask, PSI_server, the rw_pr_* locks, fn_format, the thd_* functions
// of plugin.h, ...) are exported from the executable, so dlopen(RTLD_NOW)
// and dlsym(RTLD_DEFAULT) find them. A library needing a service, a symbol
// or a shared library the host cannot give it is refused with
// ErrNotHostable naming them.
//
// A Session is a client connection as plugins see it: a stable MYSQL_THD
// with a connection id, the account, the current database, the running
// statement and its sql command number, the session values of THD-local
// variables, and the conditions plugins raise (my_error,
// my_printf_error). Sessions are safe to use concurrently, one goroutine
// per session.
//
// # Audit
//
// Session.Connect, Disconnect, ChangeUser, StartQuery, EndQuery, Parse,
// Table, StoredProgram, Authentication and Message, Host.Flush, SET and
// SELECT of global variables, and host start and close deliver the audit
// events of each profile to every audit plugin whose class mask subscribes,
// in the layouts of the plugin's own API generation (MySQL 0x0401 with 11
// or 13 class masks, MariaDB 0x0302), in one crossing into C per event. A
// MySQL-API plugin returning non-zero on an abortable event refuses it: the
// method returns an *Error with ER_AUDIT_API_ABORT whose Plugin names the
// plugin, and the caller must fail the operation.
//
// # Typed drivers
//
// Each plugin type's entry points are driven the way the servers drive
// them, after a common gate (the descriptor's interface version must be
// one the profile accepts; otherwise ErrIncompatible):
//
//   - Host.FullTextParser: init / parse / deinit with MYSQL_FTPARSER_PARAM,
//     the words of a document collected in C and returned in one batch;
//   - Host.Authenticate: authenticate_user over a MYSQL_PLUGIN_VIO whose
//     packets go through a Go PacketConn; GenerateAuthString,
//     ValidateAuthString, SetSalt; OpenClientPlugin for client plugins;
//   - Host.ValidatePassword and PasswordStrength: MySQL's VALIDATE PASSWORD
//     and MariaDB's PASSWORD VALIDATION types;
//   - Host.CreateFunction, Function, Call / Prepare: UDFs row by row, and
//     aggregates;
//   - Host.KeyManager: MariaDB ENCRYPTION plugins' keys and crypt functions.
//
// InspectIsolated runs InspectLive in a child process (the running
// executable, which the loader package's init turns into the inspector
// when MYPLUGLOAD_ISOLATE_INSPECT names a library): a constructor that
// crashes or hangs is reported as ErrCrashed, and the caller survives.
//
// The host logs what a server writes to its error log to the zap logger
// given with WithLogger; by default nothing. Plugin messages sent through
// my_plugin_log or my_print_error with ME_ERROR_LOG arrive there with the
// plugin's name.
package loader
