package loader_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/myplugload/myplugload/internal/testbuild"
	"github.com/myplugload/myplugload/loader"
	"github.com/myplugload/myplugload/mysqlabi"
)

// stripAddrs removes what differs between the static and the live view of
// the same library: addresses (the load base) and the Live flag.
func stripAddrs(l *loader.Library) *loader.Library {
	c := *l
	c.Live = false
	c.Sets = nil
	for _, s := range l.Sets {
		s2 := s
		s2.Plugins = nil
		for _, p := range s.Plugins {
			p.Init, p.Deinit, p.CheckUninstall = present(p.Init), present(p.Deinit), present(p.CheckUninstall)
			p.Addr, p.Info, p.StatusVarsAddr, p.SystemVarsAddr = 0, 0, 0, 0
			var vars []mysqlabi.SysVar
			for _, v := range p.SystemVars {
				v.Addr, v.Value, v.Check, v.Update, v.Resolve = 0, 0, present(v.Check), present(v.Update), 0
				vars = append(vars, v)
			}
			p.SystemVars = vars
			p.StatusVars = stripShow(p.StatusVars)
			s2.Plugins = append(s2.Plugins, p)
		}
		c.Sets = append(c.Sets, s2)
	}
	if l.Client != nil {
		cl := *l.Client
		cl.Addr, cl.MySQLAPI, cl.Init, cl.Deinit, cl.Options, cl.GetOptions, cl.AuthenticateUser, cl.AuthenticateUserNonblocking =
			0, 0, present(cl.Init), present(cl.Deinit), present(cl.Options), present(cl.GetOptions),
			present(cl.AuthenticateUser), present(cl.AuthenticateUserNonblocking)
		c.Client = &cl
	}
	return &c
}

// present keeps whether a function pointer is set, not where it points.
func present(a mysqlabi.Addr) mysqlabi.Addr {
	if a != 0 {
		return 1
	}
	return 0
}

func stripShow(vs []mysqlabi.ShowVar) []mysqlabi.ShowVar {
	var out []mysqlabi.ShowVar
	for _, v := range vs {
		v.Addr, v.Value = 0, 0
		v.Children = stripShow(v.Children)
		out = append(out, v)
	}
	return out
}

func TestInspectLiveMatchesStatic(t *testing.T) {
	for _, f := range []string{"cplugins/examples/example_daemon.so", "cplugins/examples/example_daemon_57.so"} {
		path := testbuild.File(t, f)
		static, err := loader.Inspect(path)
		require.NoError(t, err)
		live, err := loader.InspectLive(path)
		require.NoError(t, err)
		assert.True(t, live.Live)
		assert.Equal(t, stripAddrs(static), stripAddrs(live), f)
	}
}

func TestHostInstallUninstallExample(t *testing.T) {
	dir := filepath.Dir(testbuild.File(t, "cplugins/examples/example_daemon.so"))
	h, err := loader.NewHost(loader.WithPluginDir(dir))
	require.NoError(t, err)
	defer h.Close()
	warns, err := h.Install("EXAMPLE_daemon", "example_daemon.so")
	require.NoError(t, err)
	assert.Empty(t, warns)
	rows := h.Plugins()
	require.Len(t, rows, 1)
	assert.Equal(t, "example_daemon", rows[0].Name)
	assert.Equal(t, "ACTIVE", rows[0].Status)
	assert.Equal(t, "DAEMON", rows[0].Type)
	assert.Equal(t, "80043.0", rows[0].TypeVersion)
	assert.Equal(t, "1.11", rows[0].LibraryVersion)
	assert.Equal(t, "ON", rows[0].LoadOption)

	_, err = h.Install("example_daemon", "example_daemon.so")
	var e *loader.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 1125, e.Code)
	assert.Equal(t, "Function 'example_daemon' already exists", e.Message)
	require.ErrorIs(t, err, loader.ErrExists)

	_, err = h.Uninstall("Example_Daemon")
	require.NoError(t, err)
	assert.Empty(t, h.Plugins())
	_, err = h.Uninstall("example_daemon")
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 1305, e.Code)
	assert.Equal(t, "42000", e.SQLState)
	assert.Equal(t, "PLUGIN example_daemon does not exist", e.Message)
}
