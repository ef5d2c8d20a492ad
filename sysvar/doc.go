// Package sysvar owns plugin system variables as the servers present
// them: names, the values SET takes, the checks and limits the servers
// apply, command-line and config-file options, and how SHOW VARIABLES and
// information_schema render them. It is pure Go: the host (package loader)
// reads and writes the values in plugin memory and calls the plugins' own
// check and update functions.
//
// A Var is registered from a decoded descriptor for a server profile, which
// decides what its flag bits mean (MariaDB reads MySQL's NODEFAULT bit as
// DEPRECATED). Its SQL name is "<plugin>_<var>" lower-cased, its option
// name the same with dashes.
//
// An assignment goes Prepare (read-only 1238, scope 1229, NODEFAULT,
// deprecation 1287), TypeGate (1232: integer variables take only integers,
// string variables only strings), then either the plugin's own check or
// Check: the server's check of the type, with the limits applied in the
// servers' order (max, C type, block size, min). An adjusted value is a
// warning 1292 in the default sql_mode and an error 1231 under
// STRICT_ALL_TABLES. The values are parsed from SQL literals by ParseValue,
// which reproduces each server's treatment of integer literals beyond 64
// bits.
//
// ParseCommandLine, ParseConfig, Match and Var.ApplyOption reproduce the
// servers' option parser for plugin variables: exact names with '-' and
// '_' alike, the loose-, skip-, disable-, enable-, maximum- and plugin-
// prefixes, K/M/G/T/P/E suffixes, clamping with the servers' log lines
// (block-size rounding is silent), and the errors that disable a plugin.
//
// These rules were checked against a real MariaDB 10.11 server: see
// TestConformanceMariaDB in package loader, which runs more than a
// thousand SET statements on both.
package sysvar
