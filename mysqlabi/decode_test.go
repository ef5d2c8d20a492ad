package mysqlabi

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testBase Addr = 0x10000

func abi80() ABI    { return ABI{FamilyMySQL, 0x010B, 112} }
func abi57() ABI    { return ABI{FamilyMySQL, 0x0107, 104} }
func abi51() ABI    { return ABI{FamilyMySQL, 0x0100, 96} }
func abiMaria() ABI { return ABI{FamilyMaria, 0x010f, 104} }

func TestDecodeDeclarationsPerGeneration(t *testing.T) {
	for _, tc := range []struct {
		name   string
		abi    ABI
		layout *Struct
	}{
		{"mysql-8.0", abi80(), PluginDecl80},
		{"mysql-5.7", abi57(), PluginDecl57},
		{"mysql-5.1", abi51(), PluginDecl51},
		{"mariadb", abiMaria(), MariaPluginDecl},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := newBuilder(testBase)
			daemon := b.int32Desc(80043 << 8)
			audit := b.int32Desc(0x0401)
			arr, size := b.writeDecls(tc.layout,
				decl{typ: PluginDaemon, info: daemon, name: "first", author: "me", descr: "the first",
					license: LicenseGPL, init: 0x1111, checkUninstall: 0x2222, deinit: 0x3333, version: 0x0102,
					flags: uint64(OptNoUninstall | OptAllowEarly), versionInfo: "1.2-x", maturity: MaturityBeta},
				decl{typ: PluginAudit, info: audit, name: "Second", license: 7, deinit: 0x4444, version: 0x0300})
			decls, err := DecodeDeclarations(b.image(), arr, DecodeOptions{ABI: tc.abi, MaxBytes: size})
			require.NoError(t, err)
			require.Len(t, decls, 2)

			d := decls[0]
			assert.Equal(t, 0, d.Index)
			assert.Equal(t, arr, d.Addr)
			assert.Equal(t, PluginDaemon, d.Type)
			assert.Equal(t, daemon, d.Info)
			assert.Equal(t, int32(80043<<8), d.InfoVersion)
			assert.Equal(t, "first", d.Name)
			assert.Equal(t, "me", d.Author)
			assert.Equal(t, "the first", d.Description)
			assert.Equal(t, "GPL", d.License.String())
			assert.Equal(t, Addr(0x1111), d.Init)
			assert.Equal(t, Addr(0x3333), d.Deinit, "deinit is read at its own generation's offset")
			assert.Equal(t, "1.2", d.VersionString())
			if tc.layout.Has("check_uninstall") {
				assert.True(t, d.HasCheckUninstallSlot)
				assert.Equal(t, Addr(0x2222), d.CheckUninstall)
			} else {
				assert.False(t, d.HasCheckUninstallSlot)
				assert.Zero(t, d.CheckUninstall)
			}
			if tc.layout.Has("flags") {
				assert.Equal(t, OptNoUninstall|OptAllowEarly, d.Flags)
				assert.Equal(t, []string{"NO_UNINSTALL", "ALLOW_EARLY"}, d.Flags.Names())
			} else {
				assert.Zero(t, d.Flags)
			}
			if tc.layout.Has("maturity") {
				assert.Equal(t, "1.2-x", d.VersionInfo)
				assert.Equal(t, MaturityBeta, d.Maturity)
			} else {
				assert.Empty(t, d.VersionInfo)
			}

			e := decls[1]
			assert.Equal(t, 1, e.Index)
			assert.Equal(t, PluginAudit, e.Type)
			assert.Equal(t, "Second", e.Name)
			assert.Equal(t, "PROPRIETARY", e.License.String(), "any unknown license prints PROPRIETARY")
			assert.Equal(t, Addr(0x4444), e.Deinit)
			assert.Equal(t, "3.0", e.VersionString())
			assert.Empty(t, e.Author)
		})
	}
}

func TestDecodeDeclarationsMalformed(t *testing.T) {
	t.Run("no terminator within the symbol", func(t *testing.T) {
		b := newBuilder(testBase)
		info := b.int32Desc(1)
		arr, _ := b.writeDecls(PluginDecl80, decl{typ: PluginDaemon, info: info, name: "a"},
			decl{typ: PluginDaemon, info: info, name: "b"})
		// The symbol's size covers the two entries but not the terminator
		// that follows them: the walk must stop at the symbol's end.
		_, err := DecodeDeclarations(b.image(), arr, DecodeOptions{ABI: abi80(), MaxBytes: 2 * 112})
		require.ErrorIs(t, err, ErrMalformed)
		assert.Contains(t, err.Error(), "no terminating entry")
		assert.Contains(t, err.Error(), "within the 224 bytes")
	})
	t.Run("no terminator before unmapped memory", func(t *testing.T) {
		b := newBuilder(testBase)
		info := b.int32Desc(1)
		name := b.cstr("a")
		arr := b.newStruct(PluginDecl80) // the last bytes of the image: no terminator follows
		b.set(arr, PluginDecl80, "type", uint64(PluginDaemon))
		b.set(arr, PluginDecl80, "info", uint64(info))
		b.set(arr, PluginDecl80, "name", uint64(name))
		_, err := DecodeDeclarations(b.image(), arr, DecodeOptions{ABI: abi80()})
		require.ErrorIs(t, err, ErrMalformed)
		var fe *FaultError
		require.ErrorAs(t, err, &fe)
		assert.Equal(t, arr+112+8, fe.Addr, "the fault is the next entry's info member")
	})
	t.Run("entry count bound", func(t *testing.T) {
		b := newBuilder(testBase)
		info := b.int32Desc(1)
		ds := make([]decl, 5)
		for i := range ds {
			ds[i] = decl{typ: PluginDaemon, info: info, name: "p"}
		}
		arr, _ := b.writeDecls(PluginDecl80, ds...)
		lim := DefaultLimits
		lim.MaxDeclarations = 3
		_, err := DecodeDeclarations(b.image(), arr, DecodeOptions{ABI: abi80(), Limits: lim})
		require.ErrorIs(t, err, ErrMalformed)
		assert.Contains(t, err.Error(), "first 3 declarations")
	})
	t.Run("NULL name", func(t *testing.T) {
		b := newBuilder(testBase)
		arr, size := b.writeDecls(PluginDecl80, decl{typ: PluginDaemon, info: b.int32Desc(1), nullName: true})
		_, err := DecodeDeclarations(b.image(), arr, DecodeOptions{ABI: abi80(), MaxBytes: size})
		require.ErrorIs(t, err, ErrMalformed)
		assert.Contains(t, err.Error(), "declaration 0: malformed plugin data: name is NULL")
	})
	t.Run("info pointing outside the image", func(t *testing.T) {
		b := newBuilder(testBase)
		arr, size := b.writeDecls(PluginDecl80, decl{typ: PluginDaemon, info: 0xdead0000, name: "x"})
		_, err := DecodeDeclarations(b.image(), arr, DecodeOptions{ABI: abi80(), MaxBytes: size})
		require.ErrorIs(t, err, ErrMalformed)
		assert.Contains(t, err.Error(), "info descriptor")
	})
	for _, sizeof := range []int32{0, 8, 100, 1000, -104} {
		_, err := DecodeDeclarations(&Image{}, 0, DecodeOptions{ABI: ABI{FamilyMySQL, 0x010B, sizeof}})
		require.ErrorIs(t, err, ErrMalformed, "sizeof %d", sizeof)
		assert.Contains(t, err.Error(), "matches no st_mysql_plugin layout")
	}
	_, err := DecodeDeclarations(&Image{}, 0, DecodeOptions{ABI: ABI{FamilyMaria, 0x010f, 112}})
	require.ErrorIs(t, err, ErrMalformed)
}

func TestDecodeSysVarsEveryShape(t *testing.T) {
	for _, a := range []ABI{abi80(), abi57(), abiMaria()} {
		t.Run(a.String(), func(t *testing.T) {
			b := newBuilder(testBase)
			count8 := a.Typelib().Fields[0].Size == 8
			hello := "hello"
			colours := []string{"red", "green", "blue"}
			vars := []sysvar{
				{flags: uint32(VarBool), name: "b", comment: "a bool", value: 0x500, def: 1},
				{flags: uint32(VarStr) | VarMemAlloc, name: "s", value: 0x508, defStr: &hello, update: 0x77},
				{flags: uint32(VarStr) | VarReadOnly, name: "snull", value: 0x510},
				{flags: uint32(VarInt), name: "i", value: 0x518, def: i64(-5), min: i64(-100), max: 100, bl: 1, check: 0x66},
				{flags: uint32(VarInt) | VarUnsigned, name: "ui", value: 0x520, def: 0xfffffff0, min: 0, max: 0xffffffff, bl: 5},
				{flags: uint32(VarLong), name: "l", value: 0x528, def: i64(-1000), min: i64(-100000), max: 100000, bl: 1},
				{flags: uint32(VarLongLong) | VarUnsigned, name: "ull", value: 0x530, def: 1 << 63, max: 0, bl: 1},
				{flags: uint32(VarEnum), name: "e", value: 0x538, def: 2, typelib: colours},
				{flags: uint32(VarSet), name: "st", value: 0x540, def: 5, typelib: colours},
				{flags: uint32(VarDouble), name: "d", value: 0x548, def: f64(0.5), min: f64(-1.5), max: f64(100), bl: 0},
				{flags: uint32(VarBool) | VarThdLocal, name: "tb", offset: -1, def: 0},
				{flags: uint32(VarStr) | VarThdLocal | VarMemAlloc, name: "ts", offset: -1, defStr: &hello},
				{flags: uint32(VarInt) | VarThdLocal, name: "ti", offset: -1, def: i64(-7), min: i64(-8), max: 8, bl: 1},
				{flags: uint32(VarLong) | VarThdLocal | VarUnsigned, name: "tul", offset: 16, def: 9, min: 1, max: 10, bl: 1},
				{flags: uint32(VarEnum) | VarThdLocal, name: "te", offset: -1, def: 0, typelib: colours},
				{flags: uint32(VarSet) | VarThdLocal, name: "tst", offset: -1, def: 7, typelib: colours},
				{flags: uint32(VarDouble) | VarThdLocal, name: "td", offset: -1, def: f64(2.25), min: 0, max: f64(10)},
				{flags: 0x1f, name: "weird"},
			}
			ptrs := make([]Addr, len(vars))
			for i, v := range vars {
				if VarType(v.flags & VarTypeMask).Valid() {
					ptrs[i] = b.writeSysVar(v, count8)
				} else {
					s := SysVarShape(VarInt, false)
					ptrs[i] = b.newStruct(s)
					b.set(ptrs[i], s, "flags", uint64(v.flags))
					b.set(ptrs[i], s, "name", uint64(b.cstr(v.name)))
				}
			}
			arr := b.ptrArray(ptrs...)
			got, err := DecodeSysVars(b.image(), arr, a, DefaultLimits)
			require.NoError(t, err)
			require.Len(t, got, len(vars))
			byName := map[string]SysVar{}
			for i, v := range got {
				assert.Equal(t, ptrs[i], v.Addr)
				byName[v.Name] = v
			}

			v := byName["b"]
			assert.Equal(t, VarBool, v.Type)
			assert.Equal(t, "a bool", v.Comment)
			assert.Equal(t, Addr(0x500), v.Value)
			assert.Equal(t, "ON", v.FormatDefault())
			assert.False(t, v.HasRange)

			v = byName["s"]
			assert.Equal(t, "hello", v.DefaultString)
			assert.True(t, v.MemAlloc())
			assert.Equal(t, Addr(0x77), v.Update)
			assert.True(t, byName["snull"].DefaultNull)
			assert.True(t, byName["snull"].ReadOnly())

			v = byName["i"]
			assert.Equal(t, int64(-5), v.Int(v.Default))
			assert.Equal(t, int64(-100), v.Int(v.Min))
			assert.Equal(t, "100", v.Format(v.Max))
			assert.Equal(t, "-5", v.FormatDefault())
			assert.Equal(t, Addr(0x66), v.Check)
			assert.Equal(t, "INT", v.TypeName())

			v = byName["ui"]
			assert.Equal(t, uint64(0xfffffff0), v.Default, "unsigned INT is zero-extended")
			assert.Equal(t, uint64(5), v.Block)
			assert.Equal(t, "INT UNSIGNED", v.TypeName())

			assert.Equal(t, int64(-1000), byName["l"].Int(byName["l"].Default))
			assert.Equal(t, "9223372036854775808", byName["ull"].FormatDefault())
			assert.Equal(t, "BIGINT UNSIGNED", byName["ull"].TypeName())

			v = byName["e"]
			assert.Equal(t, colours, v.Typelib)
			assert.Equal(t, "blue", v.FormatDefault())
			assert.Equal(t, "red,blue", byName["st"].FormatDefault())
			assert.Equal(t, "0.500000", byName["d"].FormatDefault())
			assert.Equal(t, -1.5, byName["d"].Float(byName["d"].Min))

			v = byName["ts"]
			assert.True(t, v.ThdLocal())
			assert.Equal(t, int32(-1), v.Offset)
			assert.Zero(t, v.Resolve)
			assert.Equal(t, "hello", v.DefaultString)
			assert.Equal(t, int64(-7), byName["ti"].Int(byName["ti"].Default))
			assert.Equal(t, int64(-8), byName["ti"].Int(byName["ti"].Min))
			assert.Equal(t, int32(16), byName["tul"].Offset)
			assert.Equal(t, uint64(10), byName["tul"].Max)
			assert.Equal(t, colours, byName["te"].Typelib)
			assert.Equal(t, "red,green,blue", byName["tst"].FormatDefault())
			assert.Equal(t, "2.250000", byName["td"].FormatDefault())

			v = byName["weird"]
			assert.False(t, v.Type.Valid())
			assert.Nil(t, v.Shape())
		})
	}
}

func TestDecodeSysVarsMalformed(t *testing.T) {
	b := newBuilder(testBase)
	tl := b.writeTypelib([]string{"a"}, true)
	s := SysVarShape(VarEnum, false)
	v := b.newStruct(s)
	b.set(v, s, "flags", uint64(VarEnum))
	b.set(v, s, "name", uint64(b.cstr("bad")))
	b.set(v, s, "typelib", uint64(tl))
	b.set(tl, Typelib80, "count", 1<<20)
	arr := b.ptrArray(v)
	_, err := DecodeSysVars(b.image(), arr, abi80(), DefaultLimits)
	require.ErrorIs(t, err, ErrMalformed)
	assert.Contains(t, err.Error(), `system variable "bad": typelib`)

	// An array without a NULL terminator, in fully mapped memory.
	b = newBuilder(testBase)
	one := b.writeSysVar(sysvar{flags: uint32(VarBool), name: "x"}, true)
	arr = b.alloc(8*64, 8)
	for i := 0; i < 64; i++ {
		b.put(arr+Addr(i*8), 8, uint64(one))
	}
	lim := DefaultLimits
	lim.MaxVars = 10
	_, err = DecodeSysVars(b.image(), arr, abi80(), lim)
	require.ErrorIs(t, err, ErrMalformed)
	assert.Contains(t, err.Error(), "no NULL terminator")
}

func TestDecodeShowVars(t *testing.T) {
	b := newBuilder(testBase)
	l := ShowVarScoped
	deeper := b.writeShowVars(l, showvar{"leaf", 2, 1, 0x900})
	nested := b.writeShowVars(l,
		showvar{"count", 3, 1, 0x908},
		showvar{"deeper", 7, 1, deeper},
		showvar{"hidden", 3, 0, 0x910})
	top := b.writeShowVars(l,
		showvar{"p_bool", 1, 1, 0x800},
		showvar{"p_func", 8, 1, 0xabc},
		showvar{"p_nested", 7, 1, nested},
		showvar{"p_signed", 22, 1, 0x808},
		showvar{"p_server", 12, 1, 0x810})
	im := b.image()

	got, err := DecodeShowVars(im, top, abi80(), DefaultLimits)
	require.NoError(t, err)
	require.Len(t, got, 5)
	assert.Equal(t, "p_bool", got[0].Name)
	assert.Equal(t, ShowBool, got[0].Type)
	assert.Equal(t, int32(1), got[0].Scope)
	assert.True(t, got[0].HasScope)
	assert.Equal(t, ShowFunc, got[1].Type)
	assert.Equal(t, Addr(0xabc), got[1].Value)
	require.Len(t, got[2].Children, 3)
	assert.Equal(t, "deeper", got[2].Children[1].Name)
	require.Len(t, got[2].Children[1].Children, 1)
	assert.Equal(t, "leaf", got[2].Children[1].Children[0].Name)
	assert.Equal(t, int32(0), got[2].Children[2].Scope)
	assert.Equal(t, ShowSignedLong, got[3].Type, "22 is SHOW_SIGNED_LONG in 8.0")
	assert.Equal(t, int32(22), got[3].RawType)
	assert.Equal(t, ShowServerOnly, got[4].Type)

	// The same raw numbers read with 5.7's numbering.
	got57, err := DecodeShowVars(im, top, abi57(), DefaultLimits)
	require.NoError(t, err)
	assert.Equal(t, ShowUnknown, got57[3].Type, "5.7 has no type 22")

	// A self-referencing SHOW_ARRAY is stopped by the depth bound.
	b = newBuilder(testBase)
	loop := b.alloc(l.Size*2, 8)
	b.set(loop, l, "name", uint64(b.cstr("loop")))
	b.set(loop, l, "type", 7)
	b.set(loop, l, "value", uint64(loop))
	_, err = DecodeShowVars(b.image(), loop, abi80(), DefaultLimits)
	require.ErrorIs(t, err, ErrMalformed)
	assert.Contains(t, err.Error(), "nested deeper than 16 levels")
}

func TestDecodeShowVarsPlainLayout(t *testing.T) {
	b := newBuilder(testBase)
	arr := b.writeShowVars(ShowVarPlain, showvar{"a", 10, 0, 0x10}, showvar{"b", 13, 0, 0x20})
	got, err := DecodeShowVars(b.image(), arr, abiMaria(), DefaultLimits)
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.False(t, got[0].HasScope)
	assert.Equal(t, ShowSignedInt, got[0].Type, "MariaDB SHOW_SINT")
	assert.Equal(t, ShowSimpleFunc, got[1].Type)
}

func TestDecodeClientPlugin(t *testing.T) {
	for _, tc := range []struct {
		iv     uint32
		layout *Struct
	}{{0x0100, ClientAuth57}, {0x0200, ClientAuth80}} {
		b := newBuilder(testBase)
		l := tc.layout
		a := b.newStruct(l)
		b.set(a, l, "type", ClientAuthentication)
		b.set(a, l, "interface_version", uint64(tc.iv))
		b.set(a, l, "name", uint64(b.cstr("dialog")))
		b.set(a, l, "author", uint64(b.cstr("someone")))
		b.set(a, l, "license", uint64(b.cstr("LGPL")))
		for i, v := range []uint64{1, 2, 3} {
			b.put(a+Addr(l.Off("version")+4*i), 4, v)
		}
		b.set(a, l, "init", 0x100)
		b.set(a, l, "authenticate_user", 0x200)
		if l.Has("get_options") {
			b.set(a, l, "get_options", 0x300)
			b.set(a, l, "authenticate_user_nonblocking", 0x400)
		}
		c, err := DecodeClientPlugin(b.image(), a, DefaultLimits)
		require.NoError(t, err)
		assert.Equal(t, "dialog", c.Name)
		assert.Equal(t, "LGPL", c.License)
		assert.Equal(t, [3]uint32{1, 2, 3}, c.Version)
		assert.Equal(t, Addr(0x100), c.Init)
		assert.Equal(t, Addr(0x200), c.AuthenticateUser)
		if l.Has("get_options") {
			assert.Equal(t, Addr(0x300), c.GetOptions)
			assert.Equal(t, Addr(0x400), c.AuthenticateUserNonblocking)
		} else {
			assert.Zero(t, c.GetOptions)
		}
	}
}

func TestReadCString(t *testing.T) {
	im := &Image{}
	im.Map(0x1000, []byte("abc\x00def"))
	s, err := ReadCString(im, 0x1000, 10)
	require.NoError(t, err)
	assert.Equal(t, "abc", s)

	// Unterminated up to the end of the mapping: a fault, not a read past it.
	_, err = ReadCString(im, 0x1004, 10)
	require.ErrorIs(t, err, ErrMalformed)
	var fe *FaultError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, Addr(0x1007), fe.Addr)

	// Longer than the bound.
	long := make([]byte, 300)
	for i := range long {
		long[i] = 'x'
	}
	im.Map(0x5000, append(long, 0))
	_, err = ReadCString(im, 0x5000, 100)
	require.ErrorIs(t, err, ErrMalformed)
	assert.Contains(t, err.Error(), "longer than 100 bytes")
	s, err = ReadCString(im, 0x5000, 300)
	require.NoError(t, err)
	assert.Len(t, s, 300)

	// A string that ends exactly at a page boundary followed by unmapped memory.
	page := make([]byte, 4096)
	copy(page[4090:], "hello\x00")
	im.Map(0x10000, page)
	s, err = ReadCString(im, 0x10000+4090, 64)
	require.NoError(t, err)
	assert.Equal(t, "hello", s)
}

func TestImageMap(t *testing.T) {
	im := &Image{}
	im.Map(0x2000, make([]byte, 16))
	im.Map(0x1000, make([]byte, 16))
	assert.Panics(t, func() { im.Map(0x2008, make([]byte, 16)) })
	assert.Panics(t, func() { im.Map(0x1ff8, make([]byte, 16)) })
	buf := make([]byte, 8)
	require.NoError(t, im.ReadAt(buf, 0x2008))
	require.Error(t, im.ReadAt(buf, 0x200c), "crosses the end of a segment")
	require.Error(t, im.ReadAt(buf, 0xfffffffffffffffc), "wraps")
}

func TestImageZeroFilledTail(t *testing.T) {
	im := &Image{}
	require.NoError(t, im.AddZeroFilled(0x1000, []byte{1, 2, 3, 4}, 1<<40))
	buf := []byte{9, 9, 9, 9, 9, 9}
	require.NoError(t, im.ReadAt(buf, 0x1002))
	assert.Equal(t, []byte{3, 4, 0, 0, 0, 0}, buf, "file bytes, then the .bss zeros")
	require.NoError(t, im.ReadAt(buf, 0x1000+1<<39))
	assert.Equal(t, make([]byte, 6), buf, "a terabyte of .bss costs nothing")
	_, ok := im.Bytes(0x1002, 2)
	assert.True(t, ok)
	_, ok = im.Bytes(0x1002, 4)
	assert.False(t, ok, "the zero tail is not writable")
	require.Error(t, im.AddZeroFilled(0x2000, nil, 16), "overlaps the tail")
	require.Error(t, im.AddZeroFilled(0xfffffffffffffff0, nil, 32), "wraps")
}
