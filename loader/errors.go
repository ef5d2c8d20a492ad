package loader

import (
	"errors"
	"fmt"
	"strings"

	"github.com/myplugload/myplugload/mysqlabi"
)

// Sentinel errors. Every error the loader returns wraps one of them, usable
// with errors.Is; most are *Error values that also carry the server's error
// code and message.
var (
	// ErrNotPlugin: the file exports none of the plugin declaration symbols.
	ErrNotPlugin = errors.New("not a plugin library")
	// ErrMalformed: the library's plugin data is inconsistent: a missing
	// terminator, a size matching no layout, a pointer outside the image.
	ErrMalformed = mysqlabi.ErrMalformed
	// ErrIncompatible: the server profile refuses the library or plugin
	// (interface, descriptor or service version, maturity, flags).
	ErrIncompatible = errors.New("incompatible with the server")
	// ErrNotHostable: the library needs services or server symbols the host
	// does not provide, or a plugin type the host cannot drive.
	ErrNotHostable = errors.New("needs what the host does not provide")
	// ErrNotFound: no such plugin or library.
	ErrNotFound = errors.New("not found")
	// ErrExists: a plugin of that name is already installed.
	ErrExists = errors.New("already exists")
	// ErrRefused: the operation is refused by the plugin's flags, load option
	// or check_uninstall.
	ErrRefused = errors.New("refused")
	// ErrInitFailed: the plugin's init function returned non-zero.
	ErrInitFailed = errors.New("plugin initialization failed")
	// ErrBadName: the library name breaks the plugin_dir rules.
	ErrBadName = errors.New("bad library name")
	// ErrClosed: the host has been closed.
	ErrClosed = errors.New("host is closed")
	// ErrNotSupported: the operation needs something this build or host
	// lacks (the C side of a cgo build, a session).
	ErrNotSupported = errors.New("not supported")
	// ErrAuthFailed: an authentication plugin did not accept the client
	// (its authenticate_user returned something other than CR_OK).
	ErrAuthFailed = errors.New("authentication failed")
)

// Error is an error as the emulated server reports it: its code, SQLSTATE
// and message, plus what myplugload adds (Detail), the library and plugin
// concerned, and a sentinel cause for errors.Is.
type Error struct {
	Code     int    // MySQL/MariaDB error number, e.g. 1126; 0 where the server has none
	SQLState string // e.g. "HY000"
	Message  string // the server's text
	Detail   string // myplugload's explanation, when the server's text is not enough
	Library  string // library file name
	Plugin   string // plugin name
	Err      error  // the sentinel cause
}

// Error returns the server's message, with the library named when the
// message does not name it, and Detail appended.
func (e *Error) Error() string {
	var b strings.Builder
	if e.Library != "" && !strings.Contains(e.Message, e.Library) {
		b.WriteString(e.Library)
		b.WriteString(": ")
	}
	b.WriteString(e.Message)
	if e.Detail != "" {
		b.WriteString(" (")
		b.WriteString(e.Detail)
		b.WriteString(")")
	}
	return b.String()
}

// Unwrap returns the sentinel cause.
func (e *Error) Unwrap() error { return e.Err }

// newError builds an *Error from a catalogue entry.
func newError(p *mysqlabi.Profile, se mysqlabi.ServerError, cause error, args ...any) *Error {
	flavor := mysqlabi.FlavorMySQL
	if p != nil {
		flavor = p.Flavor
	}
	return &Error{Code: se.Code, SQLState: se.SQLState, Message: se.Format(flavor, args...), Err: cause}
}

// plainError is an *Error the servers have no code for.
func plainError(cause error, format string, args ...any) *Error {
	return &Error{Message: fmt.Sprintf(format, args...), Err: cause}
}

func (e *Error) withLibrary(lib string) *Error { e.Library = lib; return e }
func (e *Error) withPlugin(name string) *Error { e.Plugin = name; return e }
func (e *Error) withDetail(format string, args ...any) *Error {
	e.Detail = fmt.Sprintf(format, args...)
	return e
}

// Level is the severity of a Warning.
type Level = mysqlabi.Level

// Warning levels, as SHOW WARNINGS prints them.
const (
	LevelNote    = mysqlabi.LevelNote
	LevelWarning = mysqlabi.LevelWarning
	LevelError   = mysqlabi.LevelError
)

// Warning is a condition a statement raises without failing, as SHOW
// WARNINGS lists it.
type Warning = mysqlabi.Condition

func warningOf(e *Error, level Level) Warning {
	return Warning{Level: level, Code: e.Code, SQLState: e.SQLState, Message: e.Message}
}
