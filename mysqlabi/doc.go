// Package mysqlabi holds the facts of the MySQL and MariaDB plugin ABI as
// data, and decodes plugin data structures from memory into plain Go
// values.
//
// It knows:
//
//   - the constants, as typed enums named after their C macros
//     (PluginAudit is MYSQL_AUDIT_PLUGIN);
//   - the layout of every struct of every ABI generation (Struct values such
//     as PluginDecl80, the 112-byte st_mysql_plugin of MySQL 8.0), laid out
//     by the LP64 rules and checked member by member against a C compiler
//     by the layout-conformance test;
//   - the server profiles (MySQL 5.7, 8.0, 8.4, MariaDB 10.11): library and
//     per-type interface version rules, services with their versions, type
//     names;
//   - how a library's own ABI (family, interface version, sizeof) decides
//     the layout and numbering of its declarations, SHOW_VAR and SYS_VAR
//     entries.
//
// Decoders read through the Memory interface, so the same code decodes an
// ELF file mapped without running it and a library loaded into the
// process. Every walk is bounded by Limits: a missing terminator, a pointer
// to unmapped memory or an unterminated string is ErrMalformed, never a
// hang or a read past the data.
//
// The package does no I/O, no logging and no cgo.
package mysqlabi
