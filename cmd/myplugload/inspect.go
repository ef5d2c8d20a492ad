package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/myplugload/myplugload/loader"
	"github.com/myplugload/myplugload/mysqlabi"
	"github.com/myplugload/myplugload/statusvar"
	"github.com/myplugload/myplugload/sysvar"
)

const inspectUsage = `Usage: myplugload inspect [--dlopen] FILE...
       myplugload inspect [--isolate [--init]] [--format table|json] [--log-level L] FILE...

Show what each plugin library declares: its ABI family, interface version
and declaration size, the shared libraries, plugin services and server
symbols it links, whether myplugload (emulating MySQL 8.0 and MariaDB
10.11) provides all of those, and for every plugin the columns of
information_schema.PLUGINS as a server of its family shows it before
INSTALL (status NOT INSTALLED, load option OFF), its flags and entry
points, its system variables (scope, type, default, range, block size,
enum/set values, PLUGIN_VAR flags) and its status variables.

The files are read statically: the ELF image is mapped and its relocations
applied in memory; no code of the library runs (no constructors, no init).

Options:
  --dlopen          load each library with dlopen (after the static check) and
                    read its declarations from memory, after its constructors
                    ran; this runs the library's constructors, but not its
                    plugins' init
  --isolate         like --dlopen, but in a child process: a library whose
                    constructor crashes is reported ("FILE: plugin crashed:
                    SIGSEGV in dlopen (constructor)") and the others are still
                    shown
  --init            with --isolate: also INSTALL SONAME the library in a host
                    emulating the server of its family (mysql-8.0 or
                    mariadb-10.11, any maturity), which runs each plugin's
                    init and then deinit, and show the resulting PLUGINS rows
  --format F        table (default) or json
  --log-level L     debug, info, warn (default) or error; logs go to stderr

JSON (--format json) is one object {"libraries": [...]}, one entry per FILE:
  file, path, read ("static", "dlopen" or "isolated"),
  error {code, sqlstate, message}     only when the file could not be read
  needed_libraries, missing_libraries  [names]
  services             [{name, version}]   service pointers and wanted version
  server_symbols       [names] undefined symbols the server must export
  hostable             [{server, ok, error}] can myplugload host it as server
  declarations         [{family, interface_version, plugin_library_version,
                         sizeof_struct_st_plugin, sizeof_missing, plugins}]
  client_plugin        {name, type, interface_version, version, author,
                        description, license} for a client plugin library
  init                 with --init: {server, plugins: [PLUGINS rows], warnings, error}
Each plugin object has the information_schema.PLUGINS columns under their
lower-case names (plugin_name, plugin_version, plugin_status, plugin_type,
plugin_type_version, plugin_library, plugin_author, plugin_description,
plugin_license, load_option, and for MariaDB declarations plugin_maturity
and plugin_auth_version), then flags, entry_points,
system_variables [{name, scope, type, default, min, max, block_size,
enum_values, read_only, command_line, flags, comment}] and
status_variables [{name, type}].

Examples:
  myplugload inspect build/cplugins/examples/example_daemon.so
  myplugload inspect /usr/lib/mysql/plugin/*.so
  myplugload inspect --format json server_audit.so | jq '.libraries[0].declarations'
  myplugload inspect --isolate --init ./suspicious_plugin.so

Exit status: 0 when every file was read, 1 when one was not a readable
plugin library or crashed when isolated (the others are still shown),
2 on a usage error.
`

func runInspect(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("inspect", flag.ContinueOnError)
	live := fs.Bool("dlopen", false, "load with dlopen and read process memory")
	isolate := fs.Bool("isolate", false, "load in a child process")
	withInit := fs.Bool("init", false, "with --isolate: install, running init and deinit")
	format := fs.String("format", formatTable, "table or json")
	level := fs.String("log-level", "warn", "debug, info, warn or error")
	files, code, ok := inspectParseArgs(fs, inspectUsage, args, stdout, stderr)
	if !ok {
		return code
	}
	usageErr := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "myplugload inspect: "+format+"\n\n%s", append(a, inspectUsage)...)
		return exitUsage
	}
	switch {
	case len(files) == 0:
		return usageErr("no FILE given")
	case *format != formatTable && *format != formatJSON:
		return usageErr("--format %q: want table or json", *format)
	case *withInit && !*isolate:
		return usageErr("--init needs --isolate")
	case *live && *isolate:
		return usageErr("--dlopen and --isolate exclude each other")
	}
	logger, err := inspectLogger(*level, stderr)
	if err != nil {
		return usageErr("%v", err)
	}
	status, shown := exitOK, 0
	var doc inspectOutputJSON
	doc.Libraries = []inspectLibraryJSON{}
	for _, path := range files {
		start := time.Now()
		var (
			lib  *loader.Library
			ini  *isolateInitJSON
			err  error
			read = "static"
		)
		switch {
		case *isolate:
			read = "isolated"
			lib, ini, err = inspectIsolated(path, *withInit, *level, logger, stderr)
		case *live:
			read = "dlopen"
			lib, err = loader.InspectLive(path)
		default:
			lib, err = loader.Inspect(path)
		}
		logger.Debug("inspected", zap.String("file", path), zap.String("read", read),
			zap.Duration("took", time.Since(start)), zap.Error(err))
		if err != nil {
			fmt.Fprintf(stderr, "myplugload inspect: %v\n", err)
			status = exitFail
			if *format == formatJSON {
				e := errorOf(err)
				e.Message = err.Error()
				doc.Libraries = append(doc.Libraries, inspectLibraryJSON{File: filepath.Base(path), Path: path, Error: &e})
			}
			continue
		}
		if *format == formatJSON {
			j := inspectLibraryToJSON(lib, read)
			j.Init = ini
			doc.Libraries = append(doc.Libraries, j)
			continue
		}
		if shown > 0 {
			fmt.Fprintln(stdout)
		}
		printLibrary(stdout, lib, read)
		if ini != nil {
			printIsolateInit(stdout, ini)
		}
		shown++
	}
	if *format == formatJSON {
		if err := writeJSON(stdout, doc); err != nil {
			fmt.Fprintf(stderr, "myplugload inspect: %v\n", err)
			return exitFail
		}
	}
	return status
}

// inspectParseArgs parses flags anywhere among the arguments, as Unix
// tools do ("inspect FILE --format json"); everything after "--" is a
// FILE.
func inspectParseArgs(fs *flag.FlagSet, usageText string, args []string, stdout, stderr io.Writer) ([]string, int, bool) {
	var files []string
	for {
		if code, ok := parseFlags(fs, usageText, args, stdout, stderr); !ok {
			return nil, code, false
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return files, exitOK, true
		}
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(files, rest...), exitOK, true
		}
		files, args = append(files, rest[0]), rest[1:]
	}
}

// inspectLogger is the CLI's logger: zap's console encoding to w, at
// level (debug, info, warn, error).
func inspectLogger(level string, w io.Writer) (*zap.Logger, error) {
	lvl, err := zapcore.ParseLevel(level)
	if err != nil {
		return nil, fmt.Errorf("--log-level %q: want debug, info, warn or error", level)
	}
	cfg := zap.NewDevelopmentEncoderConfig()
	cfg.TimeKey = ""
	core := zapcore.NewCore(zapcore.NewConsoleEncoder(cfg), zapcore.AddSync(w), lvl)
	return zap.New(core), nil
}

func printLibrary(w io.Writer, lib *loader.Library, how string) {
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
		for _, p := range inspectHostProfiles {
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
			printPlugin(w, lib, set, p)
		}
	}
	if c := lib.Client; c != nil {
		fmt.Fprintf(w, "  client plugin %s: type %d, interface version 0x%04x, version %d.%d.%d, license %s\n",
			c.Name, c.Type, c.InterfaceVersion, c.Version[0], c.Version[1], c.Version[2], c.License)
		fmt.Fprintf(w, "    author: %s\n    description: %s\n", c.Author, c.Description)
	}
}

// printIsolateInit prints the outcome of --isolate --init.
func printIsolateInit(w io.Writer, ini *isolateInitJSON) {
	fmt.Fprintf(w, "\n  INSTALL SONAME in myplugload as %s:\n", ini.Server)
	if ini.Error != nil {
		if ini.Error.Code != 0 {
			fmt.Fprintf(w, "    ERROR %d (%s): %s\n", ini.Error.Code, ini.Error.SQLState, ini.Error.Message)
		} else {
			fmt.Fprintf(w, "    ERROR: %s\n", ini.Error.Message)
		}
	}
	for _, c := range ini.Warnings {
		fmt.Fprintf(w, "    Warning %d: %s\n", c.Code, c.Message)
	}
	for _, p := range ini.Plugins {
		fmt.Fprintf(w, "    %s  %s  (init ran; deinit ran on close)\n", p.PluginName, p.PluginStatus)
	}
}

func printPlugin(w io.Writer, lib *loader.Library, set loader.DeclarationSet, p loader.Plugin) {
	abi := set.ABI
	r := inspectStaticRow(lib, set, p)
	fmt.Fprintf(w, "\n  PLUGIN %s\n", p.Name)
	row := func(k, v string) { fmt.Fprintf(w, "    %-20s %s\n", k, v) }
	row("type", r.PluginType)
	row("type version", r.PluginTypeVersion)
	row("version", r.PluginVersion)
	row("status", r.PluginStatus+" (load option "+r.LoadOption+")")
	row("library", r.PluginLibrary+" (library version "+mysqlabi.FormatVersion(uint32(abi.InterfaceVersion))+")")
	row("license", r.PluginLicense)
	row("author", r.PluginAuthor)
	row("description", r.PluginDescription)
	if abi.Family == mysqlabi.FamilyMaria {
		row("maturity", r.PluginMaturity)
		row("version info", r.PluginAuthVersion)
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
		prof := inspectProfileOf(abi.Family)
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
	eps := inspectEntryPoints(p)
	if len(eps) == 0 {
		return "-"
	}
	return strings.Join(eps, ", ")
}
