package loader

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"

	"github.com/ebitengine/purego"
)

// dlopen opens a library the way mysqld does: RTLD_NOW, so every undefined
// symbol must resolve at once, and RTLD_LOCAL.
func dlopen(path string) (uintptr, error) {
	// dlerror() is per thread: dlopen and dlerror must run on the same one.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	h, err := purego.Dlopen(path, purego.RTLD_NOW|purego.RTLD_LOCAL)
	if err != nil {
		return 0, errors.New(dlerrorText(path, err.Error()))
	}
	return h, nil
}

// dlerrorText strips the "<path>: " prefix dlerror() puts before its
// message, as mysqld does.
func dlerrorText(path, msg string) string {
	msg = strings.TrimPrefix(msg, path)
	return strings.TrimLeft(msg, ": ")
}

func dlsym(h uintptr, name string) (uintptr, bool) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	p, err := purego.Dlsym(h, name)
	return p, err == nil && p != 0
}

func dlclose(h uintptr) error {
	if err := purego.Dlclose(h); err != nil {
		return fmt.Errorf("dlclose: %w", err)
	}
	return nil
}

// callInt calls a C function returning int. Plugin entry points (init,
// deinit, check_uninstall) are cold: purego's call is fast enough.
func callInt(fn uintptr, args ...uintptr) int32 {
	r1, _, _ := purego.SyscallN(fn, args...)
	return int32(r1)
}

// C memory for what plugins may keep pointers to (their handles and
// names): it must not be Go memory.
var libc struct {
	once         sync.Once
	calloc, free uintptr
	err          error
}

func cAlloc(n int) (uintptr, error) {
	libc.once.Do(func() {
		var ok1, ok2 bool
		libc.calloc, ok1 = dlsym(purego.RTLD_DEFAULT, "calloc")
		libc.free, ok2 = dlsym(purego.RTLD_DEFAULT, "free")
		if !ok1 || !ok2 {
			libc.err = errors.New("calloc and free not found in the process")
		}
	})
	if libc.err != nil {
		return 0, libc.err
	}
	r1, _, _ := purego.SyscallN(libc.calloc, 1, uintptr(n))
	if r1 == 0 {
		return 0, fmt.Errorf("calloc(%d) failed", n)
	}
	return r1, nil
}

func cFree(p uintptr) {
	if p != 0 && libc.free != 0 {
		purego.SyscallN(libc.free, p)
	}
}
