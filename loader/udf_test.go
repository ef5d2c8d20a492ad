package loader_test

import (
	"path/filepath"
	"strings"
	"testing"
	"unsafe"

	"github.com/ebitengine/purego"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/myplugload/myplugload/internal/mariadbtest"
	"github.com/myplugload/myplugload/internal/testbuild"
	"github.com/myplugload/myplugload/loader"
)

// udfHost starts a host whose plugin_dir holds example_udf.so.
func udfHost(t testing.TB) (*loader.Host, *loader.Session) {
	t.Helper()
	so := testbuild.File(t, "cplugins/examples/example_udf.so")
	h, err := loader.NewHost(loader.WithPluginDir(filepath.Dir(so)))
	require.NoError(t, err)
	t.Cleanup(func() { _ = h.Close() })
	s, err := h.NewSession()
	require.NoError(t, err)
	t.Cleanup(s.Close)
	return h, s
}

func create(t testing.TB, h *loader.Host, name string, ret loader.UDFType, aggregate bool) *loader.Function {
	t.Helper()
	require.NoError(t, h.CreateFunction(name, ret, aggregate, "example_udf.so"))
	t.Cleanup(func() { _ = h.DropFunction(name) })
	f, err := h.Function(name)
	require.NoError(t, err)
	return f
}

// udfCounters reads example_udf's udf_init_calls and udf_deinit_calls.
func udfCounters(t *testing.T) func() (int32, int32) {
	t.Helper()
	so := testbuild.File(t, "cplugins/examples/example_udf.so")
	lib, err := purego.Dlopen(so, purego.RTLD_NOW|purego.RTLD_LOCAL)
	require.NoError(t, err)
	t.Cleanup(func() { _ = purego.Dlclose(lib) })
	in, err := purego.Dlsym(lib, "udf_init_calls")
	require.NoError(t, err)
	de, err := purego.Dlsym(lib, "udf_deinit_calls")
	require.NoError(t, err)
	return func() (int32, int32) {
		return **(**int32)(unsafe.Pointer(&in)), **(**int32)(unsafe.Pointer(&de)) // the library's C data
	}
}

func requireCode(t *testing.T, err error, sentinel error, code int, msg string) {
	t.Helper()
	require.ErrorIs(t, err, sentinel)
	var e *loader.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, code, e.Code)
	assert.Equal(t, msg, e.Message)
}

func TestUDFCreateRules(t *testing.T) {
	h, _ := udfHost(t)
	for _, tc := range []struct {
		name, fn, soname string
		ret              loader.UDFType
		aggregate        bool
		sentinel         error
		code             int
		msg              string
	}{
		{"path", "udf_add", "../example_udf.so", loader.UDFInt, false, loader.ErrBadName, 1124,
			"No paths allowed for shared library"},
		{"long name", strings.Repeat("f", 65), "example_udf.so", loader.UDFInt, false, loader.ErrBadName, 1059,
			"Identifier name '" + strings.Repeat("f", 65) + "' is too long"},
		{"no library", "udf_add", "no_such_udf.so", loader.UDFInt, false, loader.ErrNotHostable, 1126,
			"Can't open shared library 'no_such_udf.so' (errno: 2 no_such_udf.so: cannot open shared object file: No such file or directory)"},
		{"no symbol", "udf_nothing", "example_udf.so", loader.UDFInt, false, loader.ErrNotFound, 1127,
			"Can't find symbol 'udf_nothing' in library"},
		{"no init nor deinit", "udf_noinit", "example_udf.so", loader.UDFInt, false, loader.ErrNotFound, 1127,
			"Can't find symbol 'udf_noinit_init' in library"},
		{"aggregate without clear", "udf_add", "example_udf.so", loader.UDFInt, true, loader.ErrNotFound, 1127,
			"Can't find symbol 'udf_add_clear' in library"},
		{"symbol case", "UDF_ADD", "example_udf.so", loader.UDFInt, false, loader.ErrNotFound, 1127,
			"Can't find symbol 'UDF_ADD' in library"},
		{"row result", "udf_add", "example_udf.so", loader.UDFRow, false, loader.ErrNotSupported, 0,
			"function 'udf_add': RETURNS ROW is not a UDF result type"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := h.CreateFunction(tc.fn, tc.ret, tc.aggregate, tc.soname)
			if tc.name == "no library" {
				// dlerror's text varies with the path; the code and cause do not.
				require.ErrorIs(t, err, tc.sentinel)
				var e *loader.Error
				require.ErrorAs(t, err, &e)
				assert.Equal(t, tc.code, e.Code)
				assert.Contains(t, e.Message, "Can't open shared library 'no_such_udf.so' (errno: 2 ")
				return
			}
			requireCode(t, err, tc.sentinel, tc.code, tc.msg)
		})
	}

	create(t, h, "udf_add", loader.UDFInt, false)
	requireCode(t, h.CreateFunction("UDF_Add", loader.UDFInt, false, "example_udf.so"), loader.ErrExists, 1125,
		"Function 'UDF_Add' already exists")
	_, err := h.Function("UDF_ADD") // names are case-insensitive
	require.NoError(t, err)
	require.NoError(t, h.DropFunction("udf_ADD"))
	requireCode(t, h.DropFunction("udf_add"), loader.ErrNotFound, 1305, "FUNCTION udf_add does not exist")
	_, err = h.Function("udf_add")
	requireCode(t, err, loader.ErrNotFound, 1305, "FUNCTION udf_add does not exist")
}

func TestUDFScalar(t *testing.T) {
	h, s := udfHost(t)
	reverse := create(t, h, "udf_reverse", loader.UDFString, false)
	add := create(t, h, "udf_add", loader.UDFInt, false)
	half := create(t, h, "udf_half", loader.UDFReal, false)
	dec := create(t, h, "udf_decimal_echo", loader.UDFDecimal, false)
	null := create(t, h, "udf_null", loader.UDFString, false)

	long := strings.Repeat("ab", 200) // 400 bytes: the function's own buffer
	for _, tc := range []struct {
		name string
		f    *loader.Function
		args []loader.UDFArg
		want loader.UDFValue
	}{
		{"string", reverse, []loader.UDFArg{loader.StringArg("hello")},
			loader.UDFValue{Type: loader.UDFString, Str: []byte("olleh")}},
		{"string own buffer", reverse, []loader.UDFArg{loader.StringArg(long)},
			loader.UDFValue{Type: loader.UDFString, Str: []byte(strings.Repeat("ba", 200))}},
		{"string null arg", reverse, []loader.UDFArg{loader.NullArg(loader.UDFString)},
			loader.UDFValue{Type: loader.UDFString, Null: true}},
		{"int", add, []loader.UDFArg{loader.IntArg(40), loader.IntArg(2)},
			loader.UDFValue{Type: loader.UDFInt, Int: 42}},
		{"int negative", add, []loader.UDFArg{loader.IntArg(-9223372036854775807), loader.IntArg(-1)},
			loader.UDFValue{Type: loader.UDFInt, Int: -9223372036854775808}},
		{"int null", add, []loader.UDFArg{loader.IntArg(1), loader.NullArg(loader.UDFInt)},
			loader.UDFValue{Type: loader.UDFInt, Null: true}},
		{"real", half, []loader.UDFArg{loader.RealArg(5)}, loader.UDFValue{Type: loader.UDFReal, Real: 2.5}},
		{"real from int", half, []loader.UDFArg{loader.IntArg(7)}, loader.UDFValue{Type: loader.UDFReal, Real: 3.5}},
		{"real from string", half, []loader.UDFArg{loader.StringArg("3.0abc")},
			loader.UDFValue{Type: loader.UDFReal, Real: 1.5}},
		{"decimal", dec, []loader.UDFArg{loader.DecimalArg("12.34")},
			loader.UDFValue{Type: loader.UDFDecimal, Str: []byte("12.34")}},
		{"decimal null arg", dec, []loader.UDFArg{loader.NullArg(loader.UDFDecimal)},
			loader.UDFValue{Type: loader.UDFDecimal, Str: []byte("0.00")}},
		{"null result", null, nil, loader.UDFValue{Type: loader.UDFString, Null: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.f.Call(s, tc.args)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

// TestUDFProtocol checks what init sees and the statement's lifecycle:
// init once, the row function per row, deinit once; constants; the
// persistent error flag; a refusing init and no deinit after it.
func TestUDFProtocol(t *testing.T) {
	h, s := udfHost(t)
	counters := udfCounters(t)
	describe := create(t, h, "udf_describe", loader.UDFString, false)
	init0, deinit0 := counters()
	one := loader.StringArg("xyz")
	c, err := describe.Prepare(s, []loader.UDFParam{
		{Type: loader.UDFString, Name: "'xyz'", Const: &one},
		{Type: loader.UDFInt, Name: "a", MaybeNull: true},
		{Type: loader.UDFReal, Name: "b+1"},
		{Type: loader.UDFDecimal, Name: "d", MaxLength: 7},
	})
	require.NoError(t, err)
	// count:types:constness:attributes:maybe_null:const_item:max_length:decimals|row lengths
	// (max_length is the largest argument's, 22 for the REAL; numeric
	// arguments keep max_length as their length on every row, as in mysqld)
	assert.Equal(t, loader.UDFInitInfo{MaybeNull: true, Decimals: 31, MaxLength: 1000}, c.Init())
	for _, row := range []struct {
		args []loader.UDFArg
		want string
	}{
		{[]loader.UDFArg{{}, loader.IntArg(1), loader.RealArg(2), loader.DecimalArg("1.5")},
			"4:0214:c---:'xyz',a,b+1,d:0100:0:22:31|3,21,22,3"},
		{[]loader.UDFArg{{}, loader.NullArg(loader.UDFInt), loader.RealArg(2), loader.DecimalArg("10.25")},
			"4:0214:c---:'xyz',a,b+1,d:0100:0:22:31|3,0,22,5"},
	} {
		v, err := c.Row(row.args)
		require.NoError(t, err)
		assert.Equal(t, row.want, string(v.Str))
	}
	c.Close()
	c.Close() // twice: no second deinit
	init1, deinit1 := counters()
	assert.Equal(t, [2]int32{1, 1}, [2]int32{init1 - init0, deinit1 - deinit0}, "init and deinit once per statement")

	// The error flag: the first row fails, and every later row is NULL.
	fail := create(t, h, "udf_fail", loader.UDFInt, false)
	c, err = fail.Prepare(s, nil)
	require.NoError(t, err)
	for i := 0; i < 3; i++ {
		v, err := c.Row(nil)
		require.NoError(t, err)
		assert.Equal(t, loader.UDFValue{Type: loader.UDFInt, Null: true, Error: true}, v, "row %d", i)
	}
	c.Close()
	_, err = c.Row(nil)
	require.ErrorIs(t, err, loader.ErrClosed)

	// A refusing init: ER_CANT_INITIALIZE_UDF with its message.
	refuse := create(t, h, "udf_refuse", loader.UDFInt, false)
	init1, deinit1 = counters()
	_, err = refuse.Call(s, []loader.UDFArg{loader.IntArg(1), loader.IntArg(2)})
	requireCode(t, err, loader.ErrInitFailed, 1123, "Can't initialize function 'udf_refuse'; udf_refuse() refuses 2 argument(s)")
	var e *loader.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "udf_refuse", e.Plugin)
	init2, deinit2 := counters()
	assert.Equal(t, [2]int32{1, 0}, [2]int32{init2 - init1, deinit2 - deinit1}, "no deinit after a failed init")

	// Wrong argument types refused by init.
	add := create(t, h, "udf_add", loader.UDFInt, false)
	_, err = add.Call(s, []loader.UDFArg{loader.IntArg(1), loader.StringArg("2")})
	requireCode(t, err, loader.ErrInitFailed, 1123, "Can't initialize function 'udf_add'; udf_add() argument 2 is not an integer")

	// A function dropped during a statement stays usable until it ends.
	c, err = add.Prepare(s, []loader.UDFParam{{Type: loader.UDFInt}, {Type: loader.UDFInt}})
	require.NoError(t, err)
	require.NoError(t, h.DropFunction("udf_add"))
	v, err := c.Row([]loader.UDFArg{loader.IntArg(2), loader.IntArg(3)})
	require.NoError(t, err)
	assert.Equal(t, int64(5), v.Int)
	c.Close()
	_, err = add.Prepare(s, nil)
	require.ErrorIs(t, err, loader.ErrNotFound)
}

func TestUDFAggregate(t *testing.T) {
	h, s := udfHost(t)
	f := create(t, h, "udf_sumsq", loader.UDFReal, true)
	c, err := f.Prepare(s, []loader.UDFParam{{Type: loader.UDFInt, Name: "x", MaybeNull: true}})
	require.NoError(t, err)
	defer c.Close()
	// init asked for REAL arguments: integers are converted.
	assert.Equal(t, []loader.UDFType{loader.UDFReal}, c.ArgTypes())
	_, err = c.Row([]loader.UDFArg{loader.IntArg(1)})
	require.ErrorIs(t, err, loader.ErrNotSupported)

	groups := [][]loader.UDFArg{
		{loader.IntArg(1), loader.IntArg(2), loader.NullArg(loader.UDFInt), loader.IntArg(3)}, // 1+4+9
		{loader.StringArg("0.5"), loader.RealArg(1.5)},                                        // 0.25+2.25
		{loader.NullArg(loader.UDFInt)},                                                       // empty: NULL
	}
	want := []loader.UDFValue{
		{Type: loader.UDFReal, Real: 14},
		{Type: loader.UDFReal, Real: 2.5},
		{Type: loader.UDFReal, Null: true},
	}
	for i, g := range groups {
		require.NoError(t, c.Clear())
		for _, row := range g {
			require.NoError(t, c.Add([]loader.UDFArg{row}))
		}
		v, err := c.Result()
		require.NoError(t, err)
		assert.Equal(t, want[i], v, "group %d", i)
	}
}

// TestUDFEd25519 runs the UDF of Debian's auth_ed25519.so: its init
// refuses unless the library's ed25519 plugin is installed in the same
// process (it needs the services the plugin's library was linked with);
// with the plugin installed, ed25519_password('secret') must be what a
// real mariadbd computes.
func TestUDFEd25519(t *testing.T) {
	t.Run("plugin not installed", func(t *testing.T) {
		h, _, _ := corpusHost(t)
		s, err := h.NewSession()
		require.NoError(t, err)
		defer s.Close()
		require.NoError(t, h.CreateFunction("ed25519_password", loader.UDFString, false, "auth_ed25519.so"))
		f, err := h.Function("ed25519_password")
		require.NoError(t, err)
		_, err = f.Call(s, []loader.UDFArg{loader.StringArg("secret")})
		requireCode(t, err, loader.ErrInitFailed, 1123,
			"Can't initialize function 'ed25519_password'; Authentication plugin ed25519 is not loaded")
		require.NoError(t, h.DropFunction("ed25519_password"))
	})

	h, _, _ := corpusHost(t)
	_, err := h.InstallLibrary("auth_ed25519")
	require.NoError(t, err)
	s, err := h.NewSession()
	require.NoError(t, err)
	defer s.Close()
	require.NoError(t, h.CreateFunction("ed25519_password", loader.UDFString, false, "auth_ed25519.so"))
	f, err := h.Function("ed25519_password")
	require.NoError(t, err)
	_, err = f.Call(s, []loader.UDFArg{loader.IntArg(1)})
	requireCode(t, err, loader.ErrInitFailed, 1123,
		"Can't initialize function 'ed25519_password'; Wrong arguments to ed25519_password()")
	got, err := f.Call(s, []loader.UDFArg{loader.StringArg("secret")})
	require.NoError(t, err)
	require.False(t, got.Null)
	assert.Len(t, got.Str, 43)
	nullv, err := f.Call(s, []loader.UDFArg{loader.NullArg(loader.UDFString)})
	require.NoError(t, err)
	assert.True(t, nullv.Null)

	// The same statement on a real mariadbd, over the same library.
	dir := filepath.Join(testbuild.CorpusDir(t), "plugins", "server")
	srv := mariadbtest.Start(t, mariadbtest.WithArgs("--plugin-dir="+dir))
	real := srv.Session(t)
	for _, stmt := range []string{"INSTALL SONAME 'auth_ed25519'",
		"CREATE FUNCTION ed25519_password RETURNS STRING SONAME 'auth_ed25519.so'"} {
		res := real.Exec(stmt)
		require.Zero(t, res.Code, "%s: %s", stmt, res.String())
	}
	_, rows := real.Query("SELECT ed25519_password('secret')")
	want := rows.Strings()
	require.Len(t, want, 1)
	assert.Equal(t, want[0][0], string(got.Str), "ed25519_password('secret')")
	t.Logf("ed25519_password('secret') = %s (mariadbd and myplugload)", got.Str)
}

// BenchmarkUDFRow measures one row of udf_add(a, b) from Go (argument
// packing and one cgo crossing) against the same call loop in C.
func BenchmarkUDFRow(b *testing.B) {
	h, s := udfHost(b)
	f := create(b, h, "udf_add", loader.UDFInt, false)
	c, err := f.Prepare(s, []loader.UDFParam{{Type: loader.UDFInt}, {Type: loader.UDFInt}})
	require.NoError(b, err)
	defer c.Close()
	args := []loader.UDFArg{loader.IntArg(40), loader.IntArg(2)}
	b.Run("go", func(b *testing.B) {
		for b.Loop() {
			if v, _ := c.Row(args); v.Int != 42 {
				b.Fatal(v)
			}
		}
	})
	b.Run("c", func(b *testing.B) {
		run := loader.UDFBenchC(c, args)
		b.ResetTimer()
		run(b.N)
	})
	rev := create(b, h, "udf_reverse", loader.UDFString, false)
	cr, err := rev.Prepare(s, []loader.UDFParam{{Type: loader.UDFString}})
	require.NoError(b, err)
	defer cr.Close()
	sargs := []loader.UDFArg{loader.StringArg("hello, world")}
	b.Run("go/string", func(b *testing.B) {
		for b.Loop() {
			_, _ = cr.Row(sargs)
		}
	})
}

// TestUDFDroppedAtClose: closing the host drops its functions (and closes
// their libraries once no statement uses them).
func TestUDFDroppedAtClose(t *testing.T) {
	h, _ := udfHost(t)
	require.NoError(t, h.CreateFunction("udf_add", loader.UDFInt, false, "example_udf.so"))
	_, err := h.Function("udf_add")
	require.NoError(t, err)
	require.NoError(t, h.Close())
	_, err = h.Function("udf_add")
	require.ErrorIs(t, err, loader.ErrNotFound)
}

// TestUDFConstantConverted: a constant argument is converted to the type
// init asked for, like every other argument (udf_sumsq asks for REAL).
func TestUDFConstantConverted(t *testing.T) {
	h, s := udfHost(t)
	f := create(t, h, "udf_sumsq", loader.UDFReal, true)
	for _, k := range []loader.UDFArg{loader.IntArg(3), loader.StringArg("3")} {
		c, err := f.Prepare(s, []loader.UDFParam{{Type: k.Type, Name: "3", Const: &k}})
		require.NoError(t, err)
		require.NoError(t, c.Clear())
		require.NoError(t, c.Add([]loader.UDFArg{k}))
		require.NoError(t, c.Add([]loader.UDFArg{k}))
		v, err := c.Result()
		require.NoError(t, err)
		assert.Equal(t, loader.UDFValue{Type: loader.UDFReal, Real: 18}, v, "constant %v", k)
		c.Close()
	}
}
