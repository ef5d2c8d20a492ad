package elfimage

import (
	"bytes"
	"errors"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/myplugload/myplugload/internal/testbuild"
	"github.com/myplugload/myplugload/mysqlabi"
)

func TestExampleImage(t *testing.T) {
	im, err := Open(testbuild.File(t, "cplugins/examples/example_daemon.so"))
	require.NoError(t, err)
	s, ok := im.Symbol(mysqlabi.SymMySQLSizeofPlugin)
	require.True(t, ok)
	assert.Equal(t, uint64(4), s.Size)
	v, err := mysqlabi.ReadInt32(im, s.Value)
	require.NoError(t, err)
	assert.Equal(t, int32(112), v)
	decls, _ := im.Symbol(mysqlabi.SymMySQLDeclarations)
	// The name member of the first entry is a relocated pointer (R_X86_64_RELATIVE):
	// it must point at the plugin's name.
	name, err := mysqlabi.ReadPointer(im, decls.Value+16)
	require.NoError(t, err)
	str, err := mysqlabi.ReadCString(im, name, 64)
	require.NoError(t, err)
	assert.Equal(t, "example_daemon", str)
	assert.Empty(t, im.Needed, "the example calls no library function")

	im, err = Open(testbuild.File(t, "cplugins/fixtures/lifecycle.so"))
	require.NoError(t, err)
	assert.Equal(t, []string{"libc.so.6"}, im.Needed, "the tracing fixture calls open and write")
	var undef []string
	for _, s := range im.Undefined {
		undef = append(undef, s.Name)
	}
	assert.Contains(t, undef, "write")
}

// FuzzNew reads arbitrary bytes as an ELF file: it must return an image or
// an error wrapping ErrNotELF or mysqlabi.ErrMalformed, never panic or hang.
func FuzzNew(f *testing.F) {
	for _, rel := range []string{"cplugins/examples/example_daemon.so", "cplugins/fixtures/good_maria.so",
		"cplugins/fixtures/no_terminator.so", "cplugins/fixtures/good_client.so"} {
		b, err := os.ReadFile(testbuild.File(f, rel))
		require.NoError(f, err)
		f.Add(b)
		f.Add(b[:len(b)/4])
	}
	f.Add([]byte("\x7fELF"))
	f.Fuzz(func(t *testing.T, data []byte) {
		im, err := New(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			if !errors.Is(err, ErrNotELF) && !errors.Is(err, mysqlabi.ErrMalformed) {
				t.Fatalf("untyped error: %v", err)
			}
			return
		}
		for _, s := range im.Symbols() {
			buf := make([]byte, min(s.Size, 64))
			_ = im.ReadAt(buf, s.Value)
		}
	})
}
