package loader

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"syscall"
	"time"
)

// goCrash matches the first line of the Go runtime's report of a fatal
// signal.
var goCrash = regexp.MustCompile(`(?m)^(SIG[A-Z]+): .*\n(?s:.*)signal arrived during (?:cgo|external code) execution`)

// ErrCrashed: the library crashed the process that loaded it (a child
// process, see InspectIsolated).
var ErrCrashed = errors.New("plugin crashed")

// isolateEnv, in a child process's environment, names the library the
// child inspects live before doing anything else (the init below).
const isolateEnv = "MYPLUGLOAD_ISOLATE_INSPECT"

// isolateReply is what the child writes to its stdout.
type isolateReply struct {
	Library *Library `json:"library,omitempty"`
	Error   string   `json:"error,omitempty"`
}

func init() {
	path := os.Getenv(isolateEnv)
	if path == "" {
		return
	}
	// This process is InspectIsolated's child: inspect, answer, exit.
	var r isolateReply
	lib, err := InspectLive(path)
	if err != nil {
		r.Error = err.Error()
	} else {
		r.Library = lib
	}
	_ = json.NewEncoder(os.Stdout).Encode(r)
	os.Exit(0)
}

// InspectIsolated is InspectLive in a child process (the running
// executable, started again with an environment variable that makes the
// loader package inspect the library and exit before main runs): a library
// whose constructor crashes or hangs takes only the child down. A crash is
// an error wrapping ErrCrashed that names the signal ("plugin crashed:
// SIGSEGV in dlopen"); a child still running after timeout is killed.
func InspectIsolated(path string, timeout time.Duration) (*Library, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("isolated inspection of %s: %w", path, err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), isolateEnv+"="+path)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("isolated inspection of %s: %w", path, err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(timeout):
		_ = cmd.Process.Kill()
		<-done
		return nil, plainError(ErrCrashed, "%s: plugin hung in dlopen (constructor): killed after %s", path, timeout)
	}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return nil, plainError(ErrCrashed, "%s: plugin crashed: %s in dlopen (constructor)", path, signalName(ws.Signal()))
	}
	if err != nil {
		// The Go runtime turns a signal in C code into its own crash
		// report ("SIGSEGV: segmentation violation ... signal arrived
		// during cgo execution") and exit status 2.
		if m := goCrash.FindSubmatch(errb.Bytes()); m != nil {
			return nil, plainError(ErrCrashed, "%s: plugin crashed: %s in dlopen (constructor)", path, m[1])
		}
		return nil, fmt.Errorf("isolated inspection of %s: %w: %s", path, err, bytes.TrimSpace(errb.Bytes()))
	}
	var r isolateReply
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		return nil, fmt.Errorf("isolated inspection of %s: unreadable reply: %w", path, err)
	}
	if r.Error != "" {
		return nil, plainError(ErrNotPlugin, "%s", r.Error)
	}
	return r.Library, nil
}

func signalName(s syscall.Signal) string {
	switch s {
	case syscall.SIGSEGV:
		return "SIGSEGV"
	case syscall.SIGABRT:
		return "SIGABRT"
	case syscall.SIGBUS:
		return "SIGBUS"
	case syscall.SIGFPE:
		return "SIGFPE"
	case syscall.SIGILL:
		return "SIGILL"
	case syscall.SIGKILL:
		return "SIGKILL"
	}
	return s.String()
}
