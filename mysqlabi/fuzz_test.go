package mysqlabi

import (
	"errors"
	"testing"
)

// FuzzDecodeDeclarations decodes arbitrary bytes as a library's data
// segment, in every ABI, with the array at the segment's start. Invariants:
// no panic, every error is ErrMalformed, and a success stays within the
// limits.
func FuzzDecodeDeclarations(f *testing.F) {
	for _, l := range []*Struct{PluginDecl80, PluginDecl57, MariaPluginDecl} {
		b := newBuilder(testBase)
		arr := b.alloc(l.Size*3, 8) // the array first, so it sits at testBase
		info := b.int32Desc(0x0401)
		colours := []string{"a", "b"}
		sv := b.writeSysVar(sysvar{flags: uint32(VarEnum), name: "e", typelib: colours}, true)
		tv := b.writeSysVar(sysvar{flags: uint32(VarInt) | VarThdLocal, name: "t", offset: -1, max: 9}, true)
		nested := b.writeShowVars(ShowVarScoped, showvar{"n", 2, 1, 0x10})
		status := b.writeShowVars(ShowVarScoped, showvar{"s", 7, 1, nested}, showvar{"f", 8, 1, 0x20})
		vars := b.ptrArray(sv, tv)
		tmp, _ := b.writeDecls(l, decl{typ: PluginAudit, info: info, name: "p", author: "a", descr: "d",
			statusVars: status, systemVars: vars, versionInfo: "v"},
			decl{typ: PluginDaemon, info: info, name: "q"})
		copy(b.at(arr, l.Size*3), b.at(tmp, l.Size*3))
		f.Add(b.buf, uint8(0))
		f.Add(b.buf, uint8(1))
		f.Add(b.buf, uint8(2))
	}
	abis := []ABI{abi80(), abi57(), abiMaria(), abi51()}
	f.Fuzz(func(t *testing.T, data []byte, which uint8) {
		im := &Image{}
		if len(data) > 0 {
			im.Map(testBase, data)
		}
		lim := DefaultLimits
		lim.MaxString = 256
		abi := abis[int(which)%len(abis)]
		decls, err := DecodeDeclarations(im, testBase, DecodeOptions{ABI: abi, Limits: lim, MaxBytes: uint64(len(data))})
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error %v does not wrap ErrMalformed", err)
			}
			return
		}
		if len(decls)*int(abi.SizeofPlugin) > len(data) {
			t.Fatalf("%d declarations of %d bytes decoded from %d bytes", len(decls), abi.SizeofPlugin, len(data))
		}
		for _, d := range decls {
			if len(d.Name) > lim.MaxString || len(d.SystemVars) > lim.MaxVars {
				t.Fatalf("a bound was exceeded: %+v", d)
			}
		}
	})
}
