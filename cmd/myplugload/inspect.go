package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/myplugload/myplugload/loader"
	"github.com/myplugload/myplugload/mysqlabi"
	"github.com/myplugload/myplugload/statusvar"
	"github.com/myplugload/myplugload/sysvar"
)

const inspectUsage = `Usage: myplugload inspect [--dlopen] FILE...

Show what each plugin library declares: its ABI family, interface version
and declaration size, the shared libraries, plugin services and server
symbols it links, whether myplugload (emulating MySQL 8.0 and MariaDB
10.11) provides all of those, and for every plugin its type, version,
license, author, description, system variables and status variables.

The files are read statically: the ELF image is mapped and its relocations
applied in memory; no code of the library runs (no constructors, no init).

Options:
  --dlopen   load each library with dlopen (after the static check) and read
             its declarations from memory, after its constructors ran; this
             runs the library's constructors, but not its plugins' init

Examples:
  myplugload inspect build/cplugins/examples/example_daemon.so
  myplugload inspect /usr/lib/mysql/plugin/*.so

Exit status: 0 when every file was read, 1 when one was not a readable
plugin library (the others are still shown), 2 on a usage error.
`

func runInspect(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("inspect", flag.ContinueOnError)
	live := fs.Bool("dlopen", false, "load with dlopen and read process memory")
	if code, ok := parseFlags(fs, inspectUsage, args, stdout, stderr); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintf(stderr, "myplugload inspect: no FILE given\n\n%s", inspectUsage)
		return exitUsage
	}
	status, shown := exitOK, 0
	for _, path := range fs.Args() {
		inspect := loader.Inspect
		if *live {
			inspect = loader.InspectLive
		}
		lib, err := inspect(path)
		if err != nil {
			fmt.Fprintf(stderr, "myplugload inspect: %v\n", err)
			status = exitFail
			continue
		}
		if shown > 0 {
			fmt.Fprintln(stdout)
		}
		printLibrary(stdout, lib)
		shown++
	}
	return status
}

func printLibrary(w io.Writer, lib *loader.Library) {
	how := "static"
	if lib.Live {
		how = "dlopen"
	}
	fmt.Fprintf(w, "%s (read: %s)\n", filepath.Base(lib.Path), how)
	if len(lib.Needed) > 0 {
		fmt.Fprintf(w, "  needs libraries: %s\n", strings.Join(lib.Needed, ", "))
	}
	if len(lib.MissingLibraries) > 0 {
		fmt.Fprintf(w, "  missing libraries: %s\n", strings.Join(lib.MissingLibraries, ", "))
	}
	if len(lib.Services) > 0 {
		var svcs []string
		for _, s := range lib.Services {
			svcs = append(svcs, fmt.Sprintf("%s %s", s.Name, mysqlabi.FormatVersion(s.Version)))
		}
		fmt.Fprintf(w, "  services: %s\n", strings.Join(svcs, ", "))
	}
	if len(lib.ServerSymbols) > 0 {
		fmt.Fprintf(w, "  server symbols (%d): %s\n", len(lib.ServerSymbols), strings.Join(lib.ServerSymbols, ", "))
	}
	if lib.Client == nil {
		for _, p := range []*mysqlabi.Profile{mysqlabi.MySQL80, mysqlabi.MariaDB1011} {
			if err := lib.Hostable(p); err != nil {
				var e *loader.Error
				msg := err.Error()
				if errors.As(err, &e) {
					msg = e.Message
				}
				fmt.Fprintf(w, "  myplugload as %s: cannot run it: %s\n", p.Name, msg)
			} else {
				fmt.Fprintf(w, "  myplugload as %s: provides what it links\n", p.Name)
			}
		}
	}
	for _, set := range lib.Sets {
		sizeof := fmt.Sprintf("sizeof %d", set.ABI.SizeofPlugin)
		if set.SizeofMissing {
			sizeof = fmt.Sprintf("no sizeof symbol (%d inferred)", set.ABI.SizeofPlugin)
		}
		fmt.Fprintf(w, "  %s declarations: interface version 0x%04x, %s, %d plugin(s)\n",
			set.ABI.Family, set.ABI.InterfaceVersion, sizeof, len(set.Plugins))
		for _, p := range set.Plugins {
			printPlugin(w, set.ABI, p)
		}
	}
	if c := lib.Client; c != nil {
		fmt.Fprintf(w, "  client plugin %s: type %d, interface version 0x%04x, version %d.%d.%d, license %s\n",
			c.Name, c.Type, c.InterfaceVersion, c.Version[0], c.Version[1], c.Version[2], c.License)
		fmt.Fprintf(w, "    author: %s\n    description: %s\n", c.Author, c.Description)
	}
}

func printPlugin(w io.Writer, abi mysqlabi.ABI, p loader.Plugin) {
	typ := p.TypeName
	if typ == "" {
		typ = fmt.Sprintf("unknown type %d", p.Type)
	}
	fmt.Fprintf(w, "\n  PLUGIN %s\n", p.Name)
	row := func(k, v string) { fmt.Fprintf(w, "    %-20s %s\n", k, v) }
	row("type", typ)
	row("type version", mysqlabi.FormatVersion(uint32(p.InfoVersion)))
	row("version", p.VersionString())
	row("license", p.License.String())
	row("author", p.Author)
	row("description", p.Description)
	if abi.Family == mysqlabi.FamilyMaria {
		row("maturity", p.Maturity.String())
		row("version info", p.VersionInfo)
	} else {
		flags := strings.Join(p.Flags.Names(), ",")
		if flags == "" {
			flags = "-"
		}
		row("flags", flags)
	}
	row("entry points", entryPoints(p))

	if len(p.SystemVars) > 0 {
		fmt.Fprintf(w, "    system variables (%d):\n", len(p.SystemVars))
		tw := newTable(w, "      ", "NAME", "SCOPE", "TYPE", "DEFAULT", "RANGE", "FLAGS")
		prof := mysqlabi.MySQL80
		if abi.Family == mysqlabi.FamilyMaria {
			prof = mysqlabi.MariaDB1011
		}
		for _, d := range p.SystemVars {
			v := sysvar.NewVar(prof, p.Name, d)
			m := v.Metadata()
			rng := m.EnumValues
			if d.Type == mysqlabi.VarBool {
				rng = ""
			}
			if m.Max != "" {
				hi := m.Max
				if d.Max == 0 && d.Type != mysqlabi.VarDouble {
					hi = "(no limit)" // max_val 0 means no upper limit
				}
				rng = m.Min + ".." + hi
				if d.Block > 1 {
					rng += " step " + m.Block
				}
			}
			rng = strings.ReplaceAll(rng, ",", "|")
			def := m.Default
			if d.Type == mysqlabi.VarStr && d.DefaultNull {
				def = "NULL"
			}
			tw.row(v.Name, m.Scope, m.Type, def, rng, strings.Join(abi.VarFlags().Names(d.Flags), ","))
		}
		tw.flush()
	}
	if len(p.StatusVars) > 0 {
		flat := statusvar.Flatten(p.StatusVars)
		fmt.Fprintf(w, "    status variables (%d):\n", len(flat))
		tw := newTable(w, "      ", "NAME", "TYPE")
		for _, f := range flat {
			tw.row(f.Name, f.Var.Type.String())
		}
		tw.flush()
	}
}

func entryPoints(p loader.Plugin) string {
	var eps []string
	if p.Init != 0 {
		eps = append(eps, "init")
	}
	if p.CheckUninstall != 0 {
		eps = append(eps, "check_uninstall")
	}
	if p.Deinit != 0 {
		eps = append(eps, "deinit")
	}
	if len(eps) == 0 {
		return "-"
	}
	return strings.Join(eps, ", ")
}
