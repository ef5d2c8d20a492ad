//go:build !cgo

package native

// CallInt3THD needs the C side; without cgo it returns 1.
func CallInt3THD(fn, a, b, c, thd uintptr) int { return 1 }

// NewMySQLString needs the C side; without cgo it returns 0.
func NewMySQLString(string) uintptr { return 0 }

// FreeMySQLString does nothing without cgo.
func FreeMySQLString(uintptr) {}
