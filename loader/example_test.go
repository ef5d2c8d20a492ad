package loader_test

import (
	"errors"
	"fmt"

	"github.com/myplugload/myplugload/loader"
	"github.com/myplugload/myplugload/mysqlabi"
)

// Inspect a library without running its code, then ask whether MySQL 8.0
// and MariaDB 10.11 would load it.
func ExampleInspect() {
	lib, err := loader.Inspect("../build/cplugins/examples/example_daemon.so")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, set := range lib.Sets {
		for _, p := range set.Plugins {
			fmt.Printf("%s %s %s, %d system variables\n", p.Name, p.TypeName, p.VersionString(), len(p.SystemVars))
		}
	}
	for _, prof := range []*mysqlabi.Profile{mysqlabi.MySQL80, mysqlabi.MariaDB1011} {
		v := lib.Check(prof, loader.CheckOptions{Install: true})
		fmt.Printf("%s: loads=%v\n", prof.Name, v.OK())
		for _, e := range v.Reasons() {
			fmt.Printf("  ERROR %d: %s\n", e.Code, e.Message)
		}
	}
	// Output:
	// example_daemon DAEMON 1.2, 24 system variables
	// mysql-8.0: loads=true
	// mariadb-10.11: loads=false
	//   ERROR 1126: Can't open shared library 'example_daemon.so' (errno: 8, API version for DAEMON plugin example_daemon not supported by this version of the server)
	//   ERROR 1126: Can't open shared library 'example_daemon.so' (errno: 1, Loading of unknown plugin example_daemon is prohibited by --plugin-maturity=gamma)
}

// Host a plugin: INSTALL PLUGIN, information_schema.PLUGINS, UNINSTALL.
func ExampleHost() {
	h, err := loader.NewHost(loader.WithPluginDir("../build/cplugins/examples"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer h.Close()
	if _, err := h.Install("example_daemon", "example_daemon.so"); err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range h.Plugins() {
		fmt.Println(p.Name, p.Status, p.Type, p.Library)
	}
	_, err = h.Install("example_daemon", "example_daemon.so")
	fmt.Println(err)
	if _, err := h.Uninstall("example_daemon"); err != nil {
		fmt.Println(err)
	}
	fmt.Println(len(h.Plugins()), "plugins")
	// Output:
	// example_daemon ACTIVE DAEMON example_daemon.so
	// Function 'example_daemon' already exists
	// 0 plugins
}

// Send a connection's audit events from a Go server's connection loop: an
// audit plugin refusing the connection fails it, naming itself.
func ExampleSession_Connect() {
	h, err := loader.NewHost(loader.WithPluginDir("../build/cplugins/fixtures"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer h.Close()
	if _, err := h.InstallLibrary("audit_probe.so"); err != nil { // INSTALL SONAME
		fmt.Println(err)
		return
	}
	for _, user := range []string{"alice", "mallory"} {
		s, err := h.NewSession()
		if err != nil {
			fmt.Println(err)
			return
		}
		s.SetUser(user, "localhost", "127.0.0.1")
		var e *loader.Error
		if err := s.Connect(); errors.As(err, &e) {
			fmt.Printf("%s: ERROR %d (%s): %s [plugin %s]\n", user, e.Code, e.SQLState, e.Message, e.Plugin)
		} else {
			fmt.Printf("%s: connected\n", user)
			s.Disconnect()
		}
		s.Close()
	}
	// Output:
	// alice: connected
	// mallory: ERROR 3164 (HY000): Aborted by Audit API ('MYSQL_AUDIT_CONNECTION_CONNECT';1). [plugin probe_all]
}

// CREATE FUNCTION ... SONAME, then call it (one row).
func ExampleFunction_Call() {
	h, err := loader.NewHost(loader.WithPluginDir("../build/cplugins/examples"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer h.Close()
	if err := h.CreateFunction("udf_reverse", loader.UDFString, false, "example_udf.so"); err != nil {
		fmt.Println(err)
		return
	}
	f, _ := h.Function("udf_reverse")
	s, _ := h.NewSession()
	defer s.Close()
	v, err := f.Call(s, []loader.UDFArg{loader.StringArg("plugin")})
	fmt.Printf("%s %v\n", v.Str, err)
	// Output:
	// nigulp <nil>
}

// The words a full-text parser plugin finds in a document, with their
// byte positions.
func ExampleFTParser_Parse() {
	h, err := loader.NewHost(loader.WithPluginDir("../build/cplugins/examples"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer h.Close()
	if _, err := h.InstallLibrary("example_ftparser.so"); err != nil {
		fmt.Println(err)
		return
	}
	p, err := h.FullTextParser("example_ftparser")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer p.Close()
	s, _ := h.NewSession()
	defer s.Close()
	words, err := p.Parse(s, "native plugins, in Go", loader.FTNatural)
	for _, w := range words {
		fmt.Println(w.Position, w.Text)
	}
	fmt.Println(err)
	// Output:
	// 0 native
	// 7 plugins
	// 16 in
	// 19 Go
	// <nil>
}

// An indexer that keeps words its own way takes them one at a time; a
// word the parser left in the document is a substring of it, not a copy.
func ExampleFTParser_ParseFunc() {
	h, err := loader.NewHost(loader.WithPluginDir("../build/cplugins/examples"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer h.Close()
	if _, err := h.InstallLibrary("example_ftparser.so"); err != nil {
		fmt.Println(err)
		return
	}
	p, err := h.FullTextParser("example_ftparser")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer p.Close()
	s, _ := h.NewSession()
	defer s.Close()
	index := map[string][]int{}
	err = p.ParseFunc(s, "go plugins go", loader.FTNatural, func(w loader.Word) bool {
		index[w.Text] = append(index[w.Text], w.Position)
		return true
	})
	fmt.Println(index["go"], index["plugins"], err)
	// Output:
	// [0 11] [3] <nil>
}
