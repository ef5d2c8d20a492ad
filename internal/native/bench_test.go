//go:build cgo

package native

import (
	"fmt"
	"testing"
)

// BenchmarkAuditDispatch measures one audit event from Go: one crossing
// into C, the event built once per API generation, every subscribed
// plugin called. BenchmarkAuditDispatchC is the same loop in C alone.
func BenchmarkAuditDispatch(b *testing.B) {
	for _, n := range []int{1, 8} {
		l := BenchAuditList(n)
		t := NewTHD(1)
		t.SetIdentity("alice", "localhost", "127.0.0.1", "alice", "")
		ev := Event{Command: "Query", Query: "SELECT 1", SQLCommandName: "select"}
		b.Run(fmt.Sprintf("go/plugins=%d", n), func(b *testing.B) {
			for b.Loop() {
				l.Dispatch(t, 0, 0, &ev)
			}
		})
		b.Run(fmt.Sprintf("c/plugins=%d", n), func(b *testing.B) {
			b.ResetTimer()
			BenchDispatchC(l, t, b.N)
		})
		t.Free()
	}
}
