package native

import (
	"os/exec"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/myplugload/myplugload/internal/testbuild"
)

// TestCSuites runs the C tests of the host's C side (built by CMake from
// cplugins/tests/): the printf dialect, base64 and logger services; the
// hash and AES services; audit event delivery; the other services, the
// THD and the server symbols. cgo cannot host C unit
// tests, so they are executables; this runs them under go test.
func TestCSuites(t *testing.T) {
	summary := regexp.MustCompile(`(?m)^(\w+): (\d+) passed, (\d+) failed$`)
	for _, name := range []string{"format_test", "hash_test", "audit_test", "misc_test"} {
		t.Run(name, func(t *testing.T) {
			out, err := exec.Command(testbuild.File(t, "cplugins/tests/"+name)).CombinedOutput()
			require.NoError(t, err, "%s", out)
			m := summary.FindSubmatch(out)
			require.NotNil(t, m, "%s prints its summary: %s", name, out)
			assert.Equal(t, "0", string(m[3]), "%s", out)
			assert.NotEqual(t, "0", string(m[2]), "it ran checks")
		})
	}
}
