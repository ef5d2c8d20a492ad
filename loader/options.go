package loader

import (
	"fmt"
	"strconv"
	"strings"

	"go.uber.org/zap"

	"github.com/myplugload/myplugload/mysqlabi"
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
	return func(c *config) error { c.pluginDir = dir; return nil }
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
