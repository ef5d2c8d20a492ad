package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"go.uber.org/zap"

	"github.com/myplugload/myplugload/loader"
	"github.com/myplugload/myplugload/mysqlabi"
)

const checkUsage = `Usage: myplugload check --server SERVER [OPTIONS] FILE...

Tell whether a server would load each plugin library, and if not, every
reason, with the error code and message that server gives: the declaration
set it reads (MySQL or MariaDB symbols), the server symbols it imports
(with --server-binary), the library interface version,
the declaration size (sizeof symbol), each plugin's type and descriptor
version, the service versions the library wants, its plugins' maturity
(MariaDB --plugin-maturity), and the PLUGIN_OPT_NO_INSTALL and
PLUGIN_OPT_ALLOW_EARLY flags (MySQL). Plugins whose type the server does
not know are skipped, as the server skips them (a note says why).

Separately, it says whether myplugload itself, emulating that server, can
host the library: whether it provides the plugin services, server symbols
and shared libraries the library links. That line does not change the exit
status.

The files are read statically; no code of the library runs.

Options:
  --server SERVER       mysql-5.7, mysql-8.0, mysql-8.4 or mariadb-10.11 (required)
  --install             apply the rules of INSTALL PLUGIN / INSTALL SONAME
                        (PLUGIN_OPT_NO_INSTALL) rather than those of
                        --plugin-load
  --early               apply the rules of --early-plugin-load
                        (PLUGIN_OPT_ALLOW_EARLY)
  --server-binary PATH  the server's executable (e.g. /usr/sbin/mariadbd): a
                        library importing a symbol it and the libraries it
                        links do not export is refused as its dlopen would
                        refuse it (1126 ... undefined symbol). Without it,
                        server symbols are judged only for myplugload's
                        own hosting line
  --plugin-maturity M   MariaDB's --plugin-maturity: unknown, experimental,
                        alpha, beta, gamma (the default) or stable
  --format F            table (default) or json
  --log-level L         debug, info, warn (default) or error; logs go to stderr

Output, per FILE: "FILE: loads in SERVER" or "FILE: does not load in
SERVER", then the library's reasons, each plugin's verdict with its
reasons, warnings and notes, and whether myplugload can host it:

  handlersocket.so: does not load in mariadb-10.11
    plugin handlersocket (DAEMON): refused
      ERROR 1126 (HY000): Can't open shared library 'handlersocket.so' (errno: 1, Loading of beta plugin handlersocket is prohibited by --plugin-maturity=gamma)
    myplugload as mariadb-10.11: can host what it links

JSON (--format json) is {"server": SERVER, "libraries": [...]}, one entry
per FILE: {file, path, loads, family, errors, plugins, hostable, error},
where errors are [{code, sqlstate, message, detail, plugin, library}],
plugins are [{name, type, loads, skipped, errors, warnings}], warnings are
[{level, code, message}], hostable is {server, ok, error}, and error is
set only when the file could not be read.

Examples:
  myplugload check --server mysql-8.0 build/cplugins/examples/*.so
  myplugload check --server mariadb-10.11 --install /usr/lib/mysql/plugin/*.so
  myplugload check --server mariadb-10.11 --plugin-maturity beta handlersocket.so
  myplugload check --server mariadb-10.11 --server-binary /usr/sbin/mariadbd ha_archive.so
  myplugload check --server mysql-8.4 --format json my_plugin.so | jq '.libraries[].loads'

Exit status: 0 when the server loads every FILE, 1 when it refuses one (or
a FILE cannot be read as a plugin library), 2 on a usage error.
`

func init() {
	register(command{"check", "tell whether a server would load plugin libraries, and why not", checkUsage, runCheck})
}

// checkOutputJSON is the whole JSON output of check.
type checkOutputJSON struct {
	Server    string             `json:"server"`
	Libraries []checkLibraryJSON `json:"libraries"`
}

type checkLibraryJSON struct {
	File     string               `json:"file"`
	Path     string               `json:"path"`
	Loads    bool                 `json:"loads"`
	Family   string               `json:"family,omitempty"`
	Errors   []checkErrorJSON     `json:"errors"`
	Plugins  []checkPluginJSON    `json:"plugins"`
	Hostable *inspectHostableJSON `json:"hostable,omitempty"`
	Error    *errorJSON           `json:"error,omitempty"`
}

type checkErrorJSON struct {
	errorJSON
	Detail string `json:"detail,omitempty"`
}

type checkPluginJSON struct {
	Name     string             `json:"name"`
	Type     string             `json:"type"`
	Loads    bool               `json:"loads"`
	Skipped  bool               `json:"skipped"`
	Errors   []checkErrorJSON   `json:"errors"`
	Warnings []checkWarningJSON `json:"warnings"`
}

type checkWarningJSON struct {
	Level   string `json:"level"`
	Code    int    `json:"code,omitempty"`
	Message string `json:"message"`
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	server := fs.String("server", "", "server profile")
	install := fs.Bool("install", false, "INSTALL rules")
	early := fs.Bool("early", false, "--early-plugin-load rules")
	maturity := fs.String("plugin-maturity", "", "MariaDB --plugin-maturity")
	format := fs.String("format", formatTable, "table or json")
	level := fs.String("log-level", "warn", "debug, info, warn or error")
	serverBinary := fs.String("server-binary", "", "the server executable whose exports plugins bind against")
	files, code, ok := inspectParseArgs(fs, checkUsage, args, stdout, stderr)
	if !ok {
		return code
	}
	usageErr := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "myplugload check: "+format+"\n\n%s", append(a, checkUsage)...)
		return exitUsage
	}
	if *server == "" {
		return usageErr("--server is required (mysql-5.7, mysql-8.0, mysql-8.4 or mariadb-10.11)")
	}
	prof, err := mysqlabi.LookupProfile(*server)
	if err != nil {
		return usageErr("--server: %v", err)
	}
	opts := loader.CheckOptions{Install: *install, Early: *early}
	if *serverBinary != "" {
		x, err := loader.ReadServerExports(*serverBinary)
		if err != nil {
			return usageErr("--server-binary: %v", err)
		}
		opts.Server = x
	}
	if *maturity != "" {
		if !prof.HasMaturity() {
			return usageErr("--plugin-maturity: %s has no plugin maturity (MariaDB only)", prof.Name)
		}
		m, ok := mysqlabi.ParseMaturity(*maturity)
		if !ok {
			return usageErr("--plugin-maturity %q: want unknown, experimental, alpha, beta, gamma or stable", *maturity)
		}
		opts.Maturity, opts.MaturitySet = m, true
	}
	switch {
	case *format != formatTable && *format != formatJSON:
		return usageErr("--format %q: want table or json", *format)
	case len(files) == 0:
		return usageErr("no FILE given")
	}
	logger, err := inspectLogger(*level, stderr)
	if err != nil {
		return usageErr("%v", err)
	}

	status := exitOK
	doc := checkOutputJSON{Server: prof.Name, Libraries: []checkLibraryJSON{}}
	for i, path := range files {
		lib, err := loader.Inspect(path)
		if err != nil {
			fmt.Fprintf(stderr, "myplugload check: %v\n", err)
			status = exitFail
			e := errorOf(err)
			e.Message = err.Error()
			doc.Libraries = append(doc.Libraries, checkLibraryJSON{File: filepath.Base(path), Path: path,
				Errors: []checkErrorJSON{}, Plugins: []checkPluginJSON{}, Error: &e})
			continue
		}
		v := lib.Check(prof, opts)
		j := checkToJSON(lib, v)
		logger.Debug("checked", zap.String("file", path), zap.String("server", prof.Name),
			zap.Bool("loads", j.Loads), zap.Int("reasons", len(v.Reasons())))
		if !j.Loads {
			status = exitFail
		}
		if *format == formatJSON {
			doc.Libraries = append(doc.Libraries, j)
			continue
		}
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		printCheck(stdout, prof, j)
	}
	if *format == formatJSON {
		if err := writeJSON(stdout, doc); err != nil {
			fmt.Fprintf(stderr, "myplugload check: %v\n", err)
			return exitFail
		}
	}
	return status
}

func checkToJSON(lib *loader.Library, v loader.Verdict) checkLibraryJSON {
	j := checkLibraryJSON{File: lib.File, Path: lib.Path, Loads: v.OK(), Family: string(v.Family),
		Errors: checkErrors(v.Errors), Plugins: []checkPluginJSON{}}
	for _, p := range v.Plugins {
		pj := checkPluginJSON{Name: p.Name, Type: p.Type, Loads: p.Loads(), Skipped: p.Skipped,
			Errors: checkErrors(p.Errors), Warnings: []checkWarningJSON{}}
		for _, w := range p.Warnings {
			pj.Warnings = append(pj.Warnings, checkWarningJSON{Level: string(w.Level), Code: w.Code, Message: w.Message})
		}
		j.Plugins = append(j.Plugins, pj)
	}
	if lib.Client == nil {
		h := inspectHostableJSON{Server: v.Profile.Name, OK: true}
		if err := lib.Hostable(v.Profile); err != nil {
			e := errorOf(err)
			h.OK, h.Error = false, &e
		}
		j.Hostable = &h
	}
	return j
}

func checkErrors(errs []*loader.Error) []checkErrorJSON {
	out := []checkErrorJSON{}
	for _, e := range errs {
		out = append(out, checkErrorJSON{errorJSON: errorOf(e), Detail: e.Detail})
	}
	return out
}

// printCheck prints one library's verdict as text.
func printCheck(w io.Writer, prof *mysqlabi.Profile, j checkLibraryJSON) {
	verdict := "loads in"
	if !j.Loads {
		verdict = "does not load in"
	}
	fmt.Fprintf(w, "%s: %s %s\n", j.File, verdict, prof.Name)
	if j.Family != "" {
		fmt.Fprintf(w, "  reads the %s declarations\n", j.Family)
	}
	for _, e := range j.Errors {
		printCheckError(w, "  ", e)
	}
	for _, p := range j.Plugins {
		state := "loads"
		switch {
		case p.Skipped:
			state = "skipped"
		case !p.Loads:
			state = "refused"
		}
		fmt.Fprintf(w, "  plugin %s (%s): %s\n", p.Name, checkTypeName(p.Type), state)
		for _, e := range p.Errors {
			printCheckError(w, "    ", e)
		}
		for _, c := range p.Warnings {
			if c.Code != 0 {
				fmt.Fprintf(w, "    %s %d: %s\n", c.Level, c.Code, c.Message)
			} else {
				fmt.Fprintf(w, "    %s: %s\n", c.Level, c.Message)
			}
		}
	}
	if h := j.Hostable; h != nil {
		if h.OK {
			fmt.Fprintf(w, "  myplugload as %s: can host what it links\n", h.Server)
		} else {
			fmt.Fprintf(w, "  myplugload as %s: cannot host it: %s\n", h.Server, checkShortList(h.Error.Message, 6))
		}
	}
}

func printCheckError(w io.Writer, indent string, e checkErrorJSON) {
	if e.Code != 0 {
		fmt.Fprintf(w, "%sERROR %d (%s): %s\n", indent, e.Code, e.SQLState, e.Message)
	} else {
		fmt.Fprintf(w, "%sERROR: %s\n", indent, e.Message)
	}
	if e.Detail != "" {
		fmt.Fprintf(w, "%s  why: %s\n", indent, e.Detail)
	}
}

// checkShortList shortens a message ending in a list ("needs server
// symbols the host does not export: a, b, c, ...") to its first n items;
// the JSON output and inspect keep the whole list.
func checkShortList(msg string, n int) string {
	head, list, ok := strings.Cut(msg, ": ")
	if !ok {
		return msg
	}
	// The list follows the last ": " of the head part ("x.so needs ...: a, b").
	if i := strings.LastIndex(list, ": "); i >= 0 {
		head, list = head+": "+list[:i], list[i+2:]
	}
	items := strings.Split(list, ", ")
	if len(items) <= n {
		return msg
	}
	return fmt.Sprintf("%s: %s and %d more (myplugload inspect lists them)", head, strings.Join(items[:n], ", "), len(items)-n)
}

func checkTypeName(t string) string {
	if strings.TrimSpace(t) == "" {
		return "unknown type"
	}
	return t
}
