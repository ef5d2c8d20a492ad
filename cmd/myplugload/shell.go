package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/myplugload/myplugload/loader"
	"github.com/myplugload/myplugload/mysqlabi"
)

const shellUsage = `Usage: myplugload shell [OPTIONS] [--plugin-option=VALUE...] [SCRIPT]

Host plugins as a server does and talk to them in SQL. Statements come from
-e, from the SCRIPT file, from standard input, or, when standard input is a
terminal, from an interactive prompt with line editing and history
(~/.myplugload_history, or $MYPLUGLOAD_HISTFILE). Answers are printed as the
mysql client prints them, or as JSON with --format json.

Statements:
  INSTALL PLUGIN name SONAME 'lib'    INSTALL SONAME 'lib'
  UNINSTALL PLUGIN name               UNINSTALL SONAME 'lib'
  SHOW PLUGINS
  SELECT * | cols FROM information_schema.PLUGINS [WHERE col = 'x' | col LIKE 'p']
  SHOW [GLOBAL|SESSION] VARIABLES [LIKE 'p']
  SHOW [GLOBAL|SESSION] STATUS [LIKE 'p']      FLUSH STATUS
  SET [GLOBAL|SESSION] name = value [, ...]    (also @@global.name, DEFAULT)
  SELECT @@[global.|session.]name [, ...]      SET sql_mode = 'STRICT_ALL_TABLES'
  SHOW WARNINGS                                SHOW ERRORS
  CONNECT 'user'@'host' [IDENTIFIED BY 'pw'] [DATABASE db]
  DISCONNECT    CHANGE USER 'user'@'host'    USE db
  CREATE [AGGREGATE] FUNCTION f RETURNS STRING|INTEGER|REAL|DECIMAL SONAME 'lib'
  DROP FUNCTION f                 SELECT f(literal, ...)
  SELECT VALIDATE_PASSWORD_STRENGTH('pw')
  SELECT MATCH_PARSE('parser', 'text' [, 'boolean'])
Any other statement goes through the audit plugins (general log and status
events, with the sql command number of its first keywords) and is answered
"Query OK (audited, not executed)". CREATE USER ... IDENTIFIED BY 'pw',
ALTER USER ... IDENTIFIED BY 'pw' and SET PASSWORD first run the password
validation plugins, which can refuse them. The shell starts with one
session, 'root'@'localhost'.

Accounts and logins: CREATE USER 'u'@'h' IDENTIFIED WITH plugin BY 'pw'
(MariaDB: IDENTIFIED VIA plugin USING PASSWORD('pw'); or AS/USING 'hash')
stores the account with the plugin's hash of the password. CONNECT 'u'@'h'
IDENTIFIED BY 'pw' to such an account runs a real login: the server
plugin (authenticate_user) and the client plugin it names
(client_auth_plugin, loaded from --client-plugin-dir) exchange packets in
memory; a refused login is ERROR 1045. CONNECT ... IDENTIFIED WITH plugin
BY 'pw' logs in through plugin without a stored account.

Options:
  --server NAME            the server to emulate: mysql-5.7, mysql-8.0 (default),
                           mysql-8.4, mariadb-10.11
  --abi mysql|maria        which declarations to take from a library that
                           exports both (default: what the server prefers)
  --plugin-dir DIR         plugin_dir, where libraries are loaded from
  --plugin-load LIST       load plugins at start: name=lib.so;lib2.so
  --plugin-load-add LIST   add to the start-up list (repeatable)
  --early-plugin-load LIST the MySQL early-load list
  --plugin-maturity LEVEL  MariaDB: the lowest maturity loaded (default gamma)
  --defaults-file FILE     read plugin options from a my.cnf-style file
  --datadir DIR            the data directory plugins resolve files against
  --client-plugin-dir DIR  where CONNECT finds client authentication plugins
                           (default: the plugin dir)
  --PLUGIN-OPTION[=VALUE]  any other --option is a plugin option, as on a
                           server's command line (--server-audit-logging=ON,
                           --loose-... is ignored when no plugin takes it)
  -e 'STMT; STMT'          run these statements and exit
  --force                  keep going after a statement fails
  --echo                   print each statement before its answer
  --allow-writable         load libraries from a plugin dir or file that other
                           users may write to (refused by default; mysqld does
                           not check this)
  --format table|json      output format (default table); json prints one
                           object per statement: statement, ok, columns, rows,
                           plugins (information_schema.PLUGINS columns in
                           lower case), warnings, error {code, sqlstate, message}
  --log-level LEVEL        debug, info, warn (default) or error: what the host
                           and the plugins write to the error log, on stderr

Examples:
  myplugload shell --plugin-dir build/cplugins/examples \
      -e "INSTALL SONAME 'example_daemon.so'; SHOW GLOBAL VARIABLES LIKE 'example_daemon_int%'"
  myplugload shell --server mariadb-10.11 --plugin-dir /usr/lib/mysql/plugin \
      --plugin-load-add=server_audit --server-audit-logging=ON \
      --server-audit-file-path=/tmp/audit.log script.sql
  echo "SHOW PLUGINS;" | myplugload shell --plugin-load=example_daemon.so \
      --plugin-dir build/cplugins/examples --format json

Exit status: 0 when every statement succeeded; 1 when one failed (a script
stops at the first failure unless --force; errors go to stderr as
"ERROR code (state) at line N: message"), or the host could not start
(a bad option, a library --plugin-load could not load); 2 on a usage error.
`

func init() {
	register(command{"shell", "host plugins and run SQL statements against them", shellUsage, runShell})
}

// shellStdin is where statements come from without -e or SCRIPT (a
// variable so tests can drive the shell through a pseudo-terminal).
var shellStdin io.Reader = os.Stdin

// shellOptions are the parsed command line.
type shellOptions struct {
	hostOpts   []loader.Option
	pluginOpts []string
	exec       *string
	script     string
	format     string
	logLevel   string
	force      bool
	echo       bool
	profile    *mysqlabi.Profile
	pluginDir  string // --plugin-dir
	clientDir  string // --client-plugin-dir (default: the plugin dir)
}

// shellFlagNames are the shell's own flags that take a value.
var shellFlagNames = map[string]bool{"server": true, "abi": true, "plugin-dir": true, "plugin-load": true,
	"plugin-load-add": true, "early-plugin-load": true, "plugin-maturity": true, "defaults-file": true,
	"datadir": true, "e": true, "execute": true, "format": true, "log-level": true, "client-plugin-dir": true}

// parseShellArgs separates the shell's own options from plugin options
// (any other --name[=value]) and the SCRIPT argument.
func parseShellArgs(args []string, stdout, stderr io.Writer) (*shellOptions, int, bool) {
	o := &shellOptions{format: formatTable, logLevel: "warn", profile: mysqlabi.MySQL80}
	fail := func(format string, a ...any) (*shellOptions, int, bool) {
		fmt.Fprintf(stderr, "myplugload shell: "+format+"\n\n%s", append(a, shellUsage)...)
		return nil, exitUsage, false
	}
	var abi, maturity string
	var positional []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			positional = append(positional, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			positional = append(positional, a)
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		name = strings.ReplaceAll(name, "_", "-")
		switch name {
		case "h", "help":
			fmt.Fprint(stdout, shellUsage)
			return nil, exitOK, false
		case "force", "echo", "allow-writable":
			if hasValue {
				return fail("option --%s takes no value", name)
			}
			switch name {
			case "force":
				o.force = true
			case "echo":
				o.echo = true
			default:
				o.hostOpts = append(o.hostOpts, loader.WithAllowWritable(true))
			}
			continue
		}
		if !shellFlagNames[name] {
			if !strings.HasPrefix(a, "--") {
				return fail("unknown option %s (plugin options are written --name=value)", a)
			}
			o.pluginOpts = append(o.pluginOpts, "--"+strings.TrimPrefix(a, "--"))
			continue
		}
		if !hasValue {
			if i+1 >= len(args) {
				return fail("option %s needs a value", a)
			}
			i++
			value = args[i]
		}
		switch name {
		case "server":
			p, err := mysqlabi.LookupProfile(value)
			if err != nil {
				return fail("--server: %v", err)
			}
			o.profile = p
		case "abi":
			abi = value
		case "plugin-dir":
			o.hostOpts = append(o.hostOpts, loader.WithPluginDir(value))
			o.pluginDir = value
		case "client-plugin-dir":
			o.clientDir = value
		case "plugin-load":
			o.hostOpts = append(o.hostOpts, loader.WithPluginLoad(value))
		case "plugin-load-add":
			o.hostOpts = append(o.hostOpts, loader.WithPluginLoadAdd(value))
		case "early-plugin-load":
			o.hostOpts = append(o.hostOpts, loader.WithEarlyPluginLoad(value))
		case "plugin-maturity":
			maturity = value
		case "defaults-file":
			o.hostOpts = append(o.hostOpts, loader.WithDefaultsFile(value))
		case "datadir":
			o.hostOpts = append(o.hostOpts, loader.WithDataDir(value))
		case "e", "execute":
			v := value
			o.exec = &v
		case "format":
			if value != formatTable && value != formatJSON {
				return fail("--format %q: want table or json", value)
			}
			o.format = value
		case "log-level":
			if _, err := zapcore.ParseLevel(value); err != nil {
				return fail("--log-level %q: want debug, info, warn or error", value)
			}
			o.logLevel = value
		}
	}
	switch abi {
	case "":
	case "mysql":
		o.hostOpts = append(o.hostOpts, loader.WithDeclarations(mysqlabi.FamilyMySQL))
	case "maria", "mariadb":
		o.hostOpts = append(o.hostOpts, loader.WithDeclarations(mysqlabi.FamilyMaria))
	default:
		return fail("--abi %q: want mysql or maria", abi)
	}
	if maturity != "" {
		m, ok := mysqlabi.ParseMaturity(maturity)
		if !ok {
			return fail("--plugin-maturity %q: want unknown, experimental, alpha, beta, gamma or stable", maturity)
		}
		if !o.profile.HasMaturity() {
			return fail("--plugin-maturity: server %s has no plugin maturity (MariaDB only)", o.profile.Name)
		}
		o.hostOpts = append(o.hostOpts, loader.WithPluginMaturity(m))
	}
	switch {
	case len(positional) > 1:
		return fail("more than one SCRIPT given: %s", strings.Join(positional, " "))
	case len(positional) == 1 && o.exec != nil:
		return fail("both -e and SCRIPT %s given", positional[0])
	case len(positional) == 1:
		o.script = positional[0]
	}
	return o, exitOK, true
}

// newCLILogger logs to stderr at level.
func newCLILogger(level string, stderr io.Writer) *zap.Logger {
	lvl, _ := zapcore.ParseLevel(level)
	enc := zap.NewDevelopmentEncoderConfig()
	enc.TimeKey = ""
	core := zapcore.NewCore(zapcore.NewConsoleEncoder(enc), zapcore.AddSync(stderr), lvl)
	return zap.New(core)
}

func runShell(args []string, stdout, stderr io.Writer) int {
	o, code, ok := parseShellArgs(args, stdout, stderr)
	if !ok {
		return code
	}
	log := newCLILogger(o.logLevel, stderr)
	opts := append([]loader.Option{loader.WithProfile(o.profile), loader.WithLogger(log)}, o.hostOpts...)
	if len(o.pluginOpts) > 0 {
		opts = append(opts, loader.WithOptions(o.pluginOpts...))
	}
	var in io.Reader
	name := ""
	switch {
	case o.exec != nil:
		in = strings.NewReader(*o.exec)
	case o.script != "" && o.script != "-":
		f, err := os.Open(o.script)
		if err != nil {
			fmt.Fprintf(stderr, "myplugload shell: %v\n", err)
			return exitFail
		}
		defer f.Close()
		in, name = f, o.script
	default:
		in = shellStdin
	}
	h, err := loader.NewHost(opts...)
	if err != nil {
		fmt.Fprintf(stderr, "myplugload shell: %v\n", err)
		return exitFail
	}
	defer h.Close()
	sh := &shell{h: h, prof: o.profile, format: o.format, log: log, accounts: map[string]account{},
		clientDir: o.clientDir}
	if sh.clientDir == "" {
		sh.clientDir = h.PluginDir()
	}
	if sh.sess, err = sh.newSession("root", "localhost", "", nil); err != nil {
		fmt.Fprintf(stderr, "myplugload shell: connect 'root'@'localhost': %v\n", err)
		return exitFail
	}
	defer sh.close()
	if f, ok := in.(*os.File); ok && o.exec == nil && isTerminal(f) {
		return sh.interactive(f, stdout, stderr)
	}
	return sh.batch(in, name, o, stdout, stderr)
}

// batch runs statements from r; name is the script file, if any.
func (sh *shell) batch(r io.Reader, name string, o *shellOptions, stdout, stderr io.Writer) int {
	var sp splitter
	status := exitOK
	line, stmtLine := 0, 0
	run := func(q string) bool {
		if o.echo && sh.format == formatTable {
			fmt.Fprintf(stdout, "myplugload> %s;\n", q)
		}
		res := sh.exec(q)
		where := fmt.Sprintf(" at line %d", stmtLine)
		if name != "" {
			where += fmt.Sprintf(" in file: '%s'", name)
		}
		sh.printResult(stdout, stderr, q, where, res)
		if res.err != nil {
			status = exitFail
			return o.force
		}
		return true
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16<<20)
	for sc.Scan() {
		line++
		if !sp.pending() {
			stmtLine = line
		}
		for _, q := range sp.feed(sc.Text() + "\n") {
			if !run(q) {
				return status
			}
			stmtLine = line
		}
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintf(stderr, "myplugload shell: %s: %v\n", cmp(name, "stdin"), err)
		return exitFail
	}
	if q := sp.flush(); q != "" {
		run(q)
	}
	return status
}

func cmp(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
