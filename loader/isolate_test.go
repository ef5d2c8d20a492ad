package loader_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/myplugload/myplugload/loader"
)

// TestInspectIsolated: the same Library as InspectLive for a good
// library; a constructor that segfaults or hangs is reported, and this
// process survives.
func TestInspectIsolated(t *testing.T) {
	good := fixture(t, "good_multi")
	want, err := loader.InspectLive(good)
	require.NoError(t, err)
	got, err := loader.InspectIsolated(good, 30*time.Second)
	require.NoError(t, err)
	assert.Equal(t, stripAddrs(want), stripAddrs(got))

	crash := fixture(t, "crash_ctor")
	t.Setenv("MYPLUGLOAD_CRASH", "1")
	_, err = loader.InspectIsolated(crash, 30*time.Second)
	require.ErrorIs(t, err, loader.ErrCrashed)
	assert.Contains(t, err.Error(), "plugin crashed: SIGSEGV in dlopen (constructor)")

	t.Setenv("MYPLUGLOAD_CRASH", "abort")
	_, err = loader.InspectIsolated(crash, 30*time.Second)
	require.ErrorIs(t, err, loader.ErrCrashed)
	assert.Contains(t, err.Error(), "plugin crashed: SIGABRT in dlopen (constructor)")

	t.Setenv("MYPLUGLOAD_CRASH", "hang")
	_, err = loader.InspectIsolated(crash, 2*time.Second)
	require.ErrorIs(t, err, loader.ErrCrashed)
	assert.Contains(t, err.Error(), "plugin hung in dlopen (constructor): killed after 2s")

	_, err = loader.InspectIsolated(fixture(t, "no_iv"), 30*time.Second)
	require.Error(t, err)
	assert.NotErrorIs(t, err, loader.ErrCrashed)
}
