// Package native is the C side of the host, and the only package that
// imports "C": the plugin services, the server symbols exported to
// plugins, session (THD) handles and the hot-path trampolines. Only
// package loader imports it.
package native
