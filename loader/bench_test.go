package loader_test

import (
	"testing"

	"github.com/myplugload/myplugload/internal/testbuild"
	"github.com/myplugload/myplugload/loader"
)

// BenchmarkInspectExample measures static inspection of one library: open,
// map, relocate, decode every declaration and variable.
func BenchmarkInspectExample(b *testing.B) {
	path := testbuild.File(b, "cplugins/examples/example_daemon.so")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := loader.Inspect(path); err != nil {
			b.Fatal(err)
		}
	}
}
