//go:build cgo

package native

import "C"

import "sync/atomic"

// LogFunc receives what plugins write to the server's error log (through
// my_plugin_log_message, or my_error without a session): the level (0
// error, 1 warning, 2 information), the plugin's name when known, and the
// message.
type LogFunc func(level int, plugin, msg string)

var logSink atomic.Pointer[LogFunc]

// SetLogSink routes plugin log messages; nil discards them.
func SetLogSink(f LogFunc) {
	if f == nil {
		logSink.Store(nil)
		return
	}
	logSink.Store(&f)
}

//export mypGoLog
func mypGoLog(level C.int, plugin, msg *C.char) {
	if f := logSink.Load(); f != nil {
		(*f)(int(level), C.GoString(plugin), C.GoString(msg))
	}
}
