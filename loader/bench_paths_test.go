package loader

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/myplugload/myplugload/internal/native"
	"github.com/myplugload/myplugload/internal/testbuild"
	"github.com/myplugload/myplugload/mysqlabi"
	"github.com/myplugload/myplugload/sysvar"
)

// The benchmarked paths of issue 8, one per row of BENCHMARKS.md. The C
// baseline host (cplugins/bench/bench_host.c) does the same work on the
// same libraries; scripts/bench.sh runs both and compares.

// benchHost starts a MySQL 8.0 host over dir (relative to build/cplugins).
func benchHost(b *testing.B, dir string) *Host {
	b.Helper()
	d := filepath.Dir(testbuild.File(b, "cplugins/"+dir+"/"+map[string]string{
		"examples": "example_daemon.so", "fixtures": "audit_probe.so"}[dir]))
	h, err := NewHost(WithPluginDir(d), WithProfile(mysqlabi.MySQL80))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = h.Close() })
	return h
}

// BenchmarkPathLoadCycle is INSTALL SONAME + UNINSTALL SONAME of
// example_daemon.so: open (with the host's checks), init, deinit, dlclose.
func BenchmarkPathLoadCycle(b *testing.B) {
	h := benchHost(b, "examples")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := h.InstallLibrary("example_daemon.so"); err != nil {
			b.Fatal(err)
		}
		if _, err := h.UninstallLibrary("example_daemon.so"); err != nil {
			b.Fatal(err)
		}
	}
	if len(h.Plugins()) != 0 {
		b.Fatalf("plugins left installed: %v", h.Plugins())
	}
}

// BenchmarkPathAuditProbe delivers one PARSE PREPARSE event per operation
// to audit_probe.so's plugins through an existing session, tracing off.
func BenchmarkPathAuditProbe(b *testing.B) {
	b.Setenv("MYPLUGLOAD_TRACE", "")
	h := benchHost(b, "fixtures")
	if _, err := h.InstallLibrary("audit_probe.so"); err != nil {
		b.Fatal(err)
	}
	s, err := h.NewSession()
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(s.Close)
	s.SetUser("alice", "localhost", "127.0.0.1")
	b.ReportAllocs()
	for b.Loop() {
		if q, err := s.Parse("SELECT 1", false); err != nil || q != "SELECT 1" {
			b.Fatal(q, err)
		}
	}
}

// benchText is the full-text benchmark's document: "word<i>, text.<7i>; "
// repeated up to size bytes, the same bytes as the C host's.
func benchText(size int) string {
	var sb strings.Builder
	sb.Grow(size + 32)
	for i := 0; sb.Len() < size; i++ {
		fmt.Fprintf(&sb, "word%d, text.%d; ", i, i*7)
	}
	return sb.String()[:size]
}

// BenchmarkPathFTParse10MB parses 10 MiB with example_ftparser.so, every
// word delivered to Go (a reused []Word).
func BenchmarkPathFTParse10MB(b *testing.B) {
	h := ftHost(b, mysqlabi.MySQL80, "example_ftparser.so")
	f := ftParser(b, h, "example_ftparser")
	s := ftSession(b, h)
	doc := benchText(10 << 20)
	ws, err := f.AppendParse(nil, s, doc, FTNatural)
	if err != nil {
		b.Fatal(err)
	}
	n := len(ws)
	if n == 0 || ws[0].Text != "word0" {
		b.Fatalf("unexpected words: %d", n)
	}
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if ws, err = f.AppendParse(ws[:0], s, doc, FTNatural); err != nil {
			b.Fatal(err)
		}
	}
	if len(ws) != n {
		b.Fatalf("%d words, then %d", n, len(ws))
	}
	b.ReportMetric(float64(n), "words/op")
}

// BenchmarkPathFTParse10MBFunc parses the same 10 MiB with every word
// handed to a Go function (ParseFunc), which counts them and their bytes.
func BenchmarkPathFTParse10MBFunc(b *testing.B) {
	h := ftHost(b, mysqlabi.MySQL80, "example_ftparser.so")
	f := ftParser(b, h, "example_ftparser")
	s := ftSession(b, h)
	doc := benchText(10 << 20)
	var n, bytes int
	count := func(w Word) bool {
		n++
		bytes += len(w.Text)
		return true
	}
	if err := f.ParseFunc(s, doc, FTNatural, count); err != nil || n == 0 {
		b.Fatal(n, err)
	}
	want := n
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		n = 0
		if err := f.ParseFunc(s, doc, FTNatural, count); err != nil {
			b.Fatal(err)
		}
	}
	if n != want || bytes == 0 {
		b.Fatalf("%d words, then %d", want, n)
	}
	b.ReportMetric(float64(n), "words/op")
}

// BenchmarkPathFTParse10MBHostC is the host's own C side alone on the
// same 10 MiB (myp_ft_run in a C loop: document copy, init, parse, deinit,
// words collected in C): the Go rows minus this one is what delivering
// the words into Go costs.
func BenchmarkPathFTParse10MBHostC(b *testing.B) {
	h := ftHost(b, mysqlabi.MySQL80, "example_ftparser.so")
	f := ftParser(b, h, "example_ftparser")
	s := ftSession(b, h)
	doc := benchText(10 << 20)
	ws, err := f.Parse(s, doc, FTNatural)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(doc)))
	b.ResetTimer()
	n := native.BenchFTParseC(f.parser, s.thd, doc, int(FTNatural), b.N)
	b.StopTimer()
	if n != len(ws) {
		b.Fatalf("the C loop collected %d words, Parse %d", n, len(ws))
	}
	b.ReportMetric(float64(n), "words/op")
}

// BenchmarkPathShowFunc is SHOW STATUS LIKE 'example_daemon_func_calls':
// the SHOW_FUNC called, its SHOW_LONGLONG rendered.
func BenchmarkPathShowFunc(b *testing.B) {
	h := benchHost(b, "examples")
	if _, err := h.InstallLibrary("example_daemon.so"); err != nil {
		b.Fatal(err)
	}
	var last string
	b.ReportAllocs()
	for b.Loop() {
		rows, err := h.ShowStatus(nil, "example_daemon_func_calls")
		if err != nil || len(rows) != 1 {
			b.Fatal(rows, err)
		}
		last = rows[0].Value
	}
	if last == "" || last == "0" {
		b.Fatalf("SHOW_FUNC counter %q", last)
	}
}

// benchCorpus lists the Debian corpus libraries (corpus/plugins/LIST) and
// those of them that InspectLive can dlopen in a plain process.
func benchCorpus(b *testing.B) (all, loadable []string) {
	dir := testbuild.CorpusDir(b)
	f, err := os.Open(filepath.Join(dir, "plugins", "LIST"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			p := filepath.Join(dir, "plugins", l)
			all = append(all, p)
			if _, err := InspectLive(p); err == nil {
				loadable = append(loadable, p)
			}
		}
	}
	if err := sc.Err(); err != nil {
		b.Fatal(err)
	}
	if len(all) == 0 || len(loadable) == 0 {
		b.Fatalf("corpus: %d files, %d loadable", len(all), len(loadable))
	}
	return all, loadable
}

// BenchmarkPathInspectCorpus inspects the corpus statically (every file,
// and the loadable ones) and live (the loadable ones: dlopen, walk,
// dlclose), once (x1) and ten times over (x10) per operation.
func BenchmarkPathInspectCorpus(b *testing.B) {
	all, loadable := benchCorpus(b)
	run := func(files []string, times int, inspect func(string) (*Library, error)) func(*testing.B) {
		return func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for range times {
					for _, p := range files {
						if _, err := inspect(p); err != nil {
							b.Fatal(p, err)
						}
					}
				}
			}
			b.ReportMetric(float64(len(files)*times), "files/op")
		}
	}
	for _, times := range []int{1, 10} {
		b.Run(fmt.Sprintf("static-all/x%d", times), run(all, times, Inspect))
		b.Run(fmt.Sprintf("static/x%d", times), run(loadable, times, Inspect))
		b.Run(fmt.Sprintf("live/x%d", times), run(loadable, times, InspectLive))
	}
}

// BenchmarkPathServerAudit runs one statement per operation (StartQuery
// and EndQuery of "SELECT 1": GENERAL LOG, RESULT and STATUS) through
// Debian's server_audit.so under the MariaDB 10.11 profile, logging ON to
// a file in a temporary data directory: each operation writes one QUERY
// line. The C host's server_audit path does the same calls without Go.
func BenchmarkPathServerAudit(b *testing.B) {
	data := b.TempDir()
	h, err := NewHost(WithProfile(mysqlabi.MariaDB1011), WithDataDir(data),
		WithPluginDir(filepath.Join(testbuild.CorpusDir(b), "plugins", "server")),
		WithPluginMaturity(mysqlabi.MaturityUnknown))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = h.Close() })
	if _, err := h.InstallLibrary("server_audit"); err != nil {
		b.Fatal(err)
	}
	log := filepath.Join(data, "audit.log")
	for _, v := range [][2]string{{"server_audit_file_path", log}, {"server_audit_logging", "ON"}} {
		if _, err := h.SetVariable(nil, sysvar.ScopeGlobal, v[0], sysvar.StringValue(v[1])); err != nil {
			b.Fatal(err)
		}
	}
	s, err := h.NewSession()
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(s.Close)
	s.SetUser("alice", "localhost", "127.0.0.1")
	s.SetDB("test")
	if err := s.Connect(); err != nil {
		b.Fatal(err)
	}
	st := Statement{Query: "SELECT 1"}
	b.Run("go", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := s.StartQuery(st); err != nil {
				b.Fatal(err)
			}
			s.EndQuery(st, 0, "", 0)
		}
	})
	// The host's C side alone, in this process: the same statements in a
	// C loop, without the crossings and the Go side.
	b.Run("hostc", func(b *testing.B) {
		h.audit.mu.RLock()
		defer h.audit.mu.RUnlock()
		native.BenchStatementC(h.audit.list, s.thd, b.N)
	})
	text, err := os.ReadFile(log)
	if err != nil || !strings.Contains(string(text), ",QUERY,test,'SELECT 1',0") {
		b.Fatalf("no QUERY line in %s (%v)", log, err)
	}
}
