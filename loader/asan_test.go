//go:build asan

package loader_test

import "github.com/ebitengine/purego"

// Under AddressSanitizer (make test-asan) the test binary keeps MIT
// Kerberos loaded for its whole life. auth_gssapi.so from the Debian
// corpus pulls in libgssapi_krb5.so.2 and libkrb5support.so.0, which
// allocate on first use (a strdup and a 24-byte node in libgssapi_krb5, a
// 48-byte block in libkrb5support, seen with LD_DEBUG=files) and free
// none of it when they are unloaded with the plugin. LeakSanitizer then
// reports those blocks from an unmapped module, where no suppression can
// name them. Loaded with RTLD_NODELETE they stay mapped and reachable:
// what remains reported is this project's own.
func init() {
	for _, lib := range []string{"libgssapi_krb5.so.2", "libkrb5support.so.0"} {
		_, _ = purego.Dlopen(lib, purego.RTLD_NOW|purego.RTLD_GLOBAL|rtldNoDelete)
	}
}

// rtldNoDelete is glibc's RTLD_NODELETE.
const rtldNoDelete = 0x1000
