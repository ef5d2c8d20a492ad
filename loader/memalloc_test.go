package loader

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/myplugload/myplugload/internal/native"
)

// TestKeepCurrent: after an update the host owns exactly the MEMALLOC
// string that is the variable's value; SET x = NULL gives up (and frees)
// the previous one. Under `make test-asan` a string kept by mistake is a
// leak report and one freed by mistake a use-after-free.
func TestKeepCurrent(t *testing.T) {
	if !native.Available() {
		t.Skip("needs cgo")
	}
	prev, newp := native.CString("world"), native.CString("again")
	assert.Equal(t, uintptr(0), keepCurrent(prev, 0, 0), "SET NULL: the previous string is freed, nothing kept")

	prev, newp2 := native.CString("world"), uintptr(0)
	assert.Equal(t, newp, keepCurrent(prev, newp, newp), "SET 'again': the new string replaces the previous")
	assert.Equal(t, newp, keepCurrent(newp, newp2, newp), "no new string: the current one stays")

	other := native.CString("other")
	assert.Equal(t, newp, keepCurrent(newp, other, newp), "an update that ignored the new value keeps the previous")
	first := native.CString("first")
	assert.Equal(t, first, keepCurrent(0, first, first), "the first string")
	native.Free(first)
	native.Free(newp)
}
