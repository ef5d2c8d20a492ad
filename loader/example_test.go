package loader_test

import (
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
