package loader

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"go.uber.org/zap"

	"github.com/myplugload/myplugload/mysqlabi"
	"github.com/myplugload/myplugload/sysvar"
)

// Option configures a Host.
type Option func(*config) error

type config struct {
	profile     *mysqlabi.Profile
	pluginDir   string
	logger      *zap.Logger
	maturity    mysqlabi.Maturity
	maturitySet bool
	early       string   // --early-plugin-load: the last occurrence wins
	loads       []string // --plugin-load (resets) and --plugin-load-add (appends)
	options     map[string]LoadOption
	args        []*sysvar.Arg // plugin options: --<plugin>[=...], --<plugin>-<var>=...
	families    []mysqlabi.Family
	dataDir     string
	// allowWritable: load libraries from a plugin_dir or file others may
	// write (WithAllowWritable).
	allowWritable bool
}

// familiesOrDefault is the declaration sets the host reads, in order.
func (c *config) familiesOrDefault() []mysqlabi.Family {
	if len(c.families) > 0 {
		return c.families
	}
	return c.profile.Families
}

// WithAllowWritable lets the host load a library that users other than
// its owner's group may replace: a world-writable plugin file or
// plugin_dir. By default the host refuses them (ErrRefused), since anyone
// able to write there can run code in the host process. mysqld and
// mariadbd do not check this.
func WithAllowWritable(allow bool) Option {
	return func(c *config) error { c.allowWritable = allow; return nil }
}

// WithProfile sets the server the host emulates (default mysqlabi.MySQL80).
func WithProfile(p *mysqlabi.Profile) Option {
	return func(c *config) error {
		if p == nil {
			return fmt.Errorf("WithProfile: nil profile")
		}
		c.profile = p
		return nil
	}
}

// WithPluginDir sets plugin_dir, the only directory libraries are loaded
// from (default: the working directory).
func WithPluginDir(dir string) Option {
	return func(c *config) error {
		// Absolute, as dlopen needs: a bare file name would be searched
		// for in the system's library path, not in the directory.
		abs, err := filepath.Abs(dir)
		if err != nil {
			return plainError(err, "plugin_dir %q: %v", dir, err)
		}
		c.pluginDir = abs
		return nil
	}
}

// WithLogger sends the host's log (what a server writes to its error log)
// to l. The default discards it.
func WithLogger(l *zap.Logger) Option {
	return func(c *config) error {
		if l != nil {
			c.logger = l
		}
		return nil
	}
}

// WithDeclarations makes the host read the declarations of family f from
// a library that exports several (Debian's server_audit.so exports both
// _mysql_ and _maria_); by default the emulated server's preference.
func WithDeclarations(f mysqlabi.Family) Option {
	return func(c *config) error {
		if f != mysqlabi.FamilyMySQL && f != mysqlabi.FamilyMaria {
			return fmt.Errorf("WithDeclarations: %q is not a server-plugin family", f)
		}
		c.families = []mysqlabi.Family{f}
		return nil
	}
}

// WithDataDir sets the data directory plugins resolve relative file names
// against (mysql_data_home; default: the working directory).
func WithDataDir(dir string) Option {
	return func(c *config) error { c.dataDir = dir; return nil }
}

// WithPluginMaturity sets --plugin-maturity (MariaDB profiles; default gamma).
func WithPluginMaturity(m mysqlabi.Maturity) Option {
	return func(c *config) error { c.maturity, c.maturitySet = m, true; return nil }
}

// WithPluginLoad is --plugin-load: it replaces the lists given so far.
func WithPluginLoad(list string) Option {
	return func(c *config) error { c.loads = []string{list}; return nil }
}

// WithPluginLoadAdd is --plugin-load-add: it appends a list.
func WithPluginLoadAdd(list string) Option {
	return func(c *config) error { c.loads = append(c.loads, list); return nil }
}

// WithEarlyPluginLoad is --early-plugin-load: only the last one counts.
func WithEarlyPluginLoad(list string) Option {
	return func(c *config) error { c.early = list; return nil }
}

// WithLoadOption is --<plugin>=OFF|ON|FORCE|FORCE_PLUS_PERMANENT.
func WithLoadOption(plugin string, o LoadOption) Option {
	return func(c *config) error {
		if o < LoadOff || o > LoadForcePlusPermanent {
			return fmt.Errorf("WithLoadOption %q: invalid load option %d", plugin, o)
		}
		if c.options == nil {
			c.options = map[string]LoadOption{}
		}
		c.options[optionKey(plugin)] = o
		return nil
	}
}

// optionKey normalises a plugin name as the enable option does:
// lower-case, '_' and '-' equivalent.
func optionKey(name string) string {
	return strings.ReplaceAll(strings.ToLower(name), "_", "-")
}

// WithOptions gives the host plugin options as on a server command line:
// "--<plugin>-<var>=value", "--<plugin>-<var> value" (a REQUIRED_ARG option
// takes the next word), "--loose-...", "--skip-/--disable-/--enable-<bool
// var>", and the enable options "--<plugin>=OFF|ON|FORCE|FORCE_PLUS_PERMANENT".
// They are applied, after the defaults, to each plugin as it is registered,
// also to plugins installed later; a bad value disables the plugin unless
// the option is loose. An option no plugin takes fails NewHost unless it is
// loose.
func WithOptions(args ...string) Option {
	return func(c *config) error {
		opts, rest := sysvar.ParseCommandLine(args)
		for _, r := range rest {
			if !consumedAsNext(opts, r) {
				return fmt.Errorf("WithOptions: %q is not an option (options start with --)", r)
			}
		}
		c.args = append(c.args, opts...)
		return nil
	}
}

func consumedAsNext(opts []*sysvar.Arg, word string) bool {
	for _, o := range opts {
		if o.HasNext && o.Next == word {
			return true
		}
	}
	return false
}

// WithDefaultsFile reads plugin options from a my.cnf-style file, from its
// [mysqld] and [server] groups (and [mariadb] for the MariaDB profile; the
// profile option must come first to count). Lines are "name=value" or
// "name", without "--"; loose- works as on the command line.
func WithDefaultsFile(path string) Option {
	return func(c *config) error {
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("WithDefaultsFile: %w", err)
		}
		defer f.Close()
		groups := []string{"mysqld", "server"}
		if c.profile != nil && c.profile.Flavor == mysqlabi.FlavorMariaDB {
			groups = append(groups, "mariadb", "mariadbd")
		}
		opts, err := sysvar.ParseConfig(f, path, groups)
		if err != nil {
			return fmt.Errorf("WithDefaultsFile: %w", err)
		}
		c.args = append(c.args, opts...)
		return nil
	}
}

// LoadOption is how a plugin is loaded (LOAD_OPTION in information_schema).
type LoadOption int

// Load options.
const (
	LoadOff                LoadOption = 0 // PLUGIN_OFF
	LoadOn                 LoadOption = 1 // PLUGIN_ON
	LoadForce              LoadOption = 2 // PLUGIN_FORCE
	LoadForcePlusPermanent LoadOption = 3 // PLUGIN_FORCE_PLUS_PERMANENT
)

var loadOptionNames = []string{"OFF", "ON", "FORCE", "FORCE_PLUS_PERMANENT"}

func (o LoadOption) String() string {
	if o >= 0 && int(o) < len(loadOptionNames) {
		return loadOptionNames[o]
	}
	return strconv.Itoa(int(o))
}

// ParseLoadOption reads a load option as the servers do: a name,
// case-insensitive, or a unique prefix of one, or an index 0 to 3. A bare
// option (empty value) means ON.
func ParseLoadOption(s string) (LoadOption, error) {
	if s == "" {
		return LoadOn, nil
	}
	if n, err := strconv.Atoi(s); err == nil {
		if n >= 0 && n < len(loadOptionNames) {
			return LoadOption(n), nil
		}
		return 0, fmt.Errorf("load option %q: index out of range 0..3", s)
	}
	found := -1
	for i, name := range loadOptionNames {
		if strings.EqualFold(name, s) {
			return LoadOption(i), nil
		}
		if len(s) <= len(name) && strings.EqualFold(name[:len(s)], s) {
			if found >= 0 {
				return 0, fmt.Errorf("load option %q: ambiguous prefix", s)
			}
			found = i
		}
	}
	if found < 0 {
		return 0, fmt.Errorf("load option %q: not one of OFF, ON, FORCE, FORCE_PLUS_PERMANENT", s)
	}
	return LoadOption(found), nil
}

// State is a plugin's state, as information_schema.PLUGINS shows it.
type State int

// Plugin states.
const (
	StateUninitialized State = iota // registered, not initialised: INACTIVE
	StateReady                      // initialised: ACTIVE
	StateDisabled                   // registered but OFF: DISABLED
	StateDeleted                    // uninstalled while referenced: DELETED
	StateDying                      // check_uninstall running: DELETING
)

var stateNames = []string{"INACTIVE", "ACTIVE", "DISABLED", "DELETED", "DELETING"}

// String returns the PLUGIN_STATUS text.
func (s State) String() string {
	if s >= 0 && int(s) < len(stateNames) {
		return stateNames[s]
	}
	return strconv.Itoa(int(s))
}
