// Package sysvar owns plugin system variables: their SQL and option names,
// command-line and config-file options, and the SET / SHOW semantics of
// the server profile the host emulates.
package sysvar
