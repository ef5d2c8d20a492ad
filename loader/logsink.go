package loader

import (
	"sync"

	"go.uber.org/zap"

	"github.com/myplugload/myplugload/internal/native"
)

// Plugins log into the process, not into a host: the messages go to the
// logger of the host that installed the plugin when the name tells, else to
// every live host's.
var liveHosts struct {
	sync.Mutex
	hosts []*Host
}

func registerLogger(h *Host) {
	liveHosts.Lock()
	defer liveHosts.Unlock()
	liveHosts.hosts = append(liveHosts.hosts, h)
	native.SetLogSink(routePluginLog)
}

func unregisterLogger(h *Host) {
	liveHosts.Lock()
	defer liveHosts.Unlock()
	for i, x := range liveHosts.hosts {
		if x == h {
			liveHosts.hosts = append(liveHosts.hosts[:i], liveHosts.hosts[i+1:]...)
			break
		}
	}
}

// routePluginLog writes a plugin's log message as the server would
// ("Plugin <name> reported: '<message>'").
func routePluginLog(level int, plugin, msg string) {
	liveHosts.Lock()
	hosts := append([]*Host(nil), liveHosts.hosts...)
	liveHosts.Unlock()
	var targets []*Host
	for _, h := range hosts {
		if plugin != "" && h.owns(plugin) {
			targets = append(targets, h)
		}
	}
	if len(targets) == 0 {
		targets = hosts
	}
	for _, h := range targets {
		var fields []zap.Field
		text := msg
		if plugin != "" {
			fields = append(fields, zap.String("plugin", plugin))
			text = "Plugin " + plugin + " reported: '" + msg + "'"
		}
		switch level {
		case 0:
			h.log.Error(text, fields...)
		case 1:
			h.log.Warn(text, fields...)
		default: // information: a [Note] in the server's error log
			h.log.Info(text, fields...)
		}
	}
}

// owns reports whether a plugin of that name is registered in the host.
func (h *Host) owns(plugin string) bool {
	if !h.mu.TryLock() {
		return false // called from inside a statement of this host: the caller logs there
	}
	defer h.mu.Unlock()
	return h.find(plugin) != nil
}
