package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	"go.uber.org/zap"

	"github.com/myplugload/myplugload/loader"
	"github.com/myplugload/myplugload/mysqlabi"
)

// `inspect --isolate` loads each library in a child process: the
// executable re-runs itself as `myplugload __isolate [--init] FILE`, the
// child does InspectLive (and with --init installs the library in a host,
// which runs its plugins' init and deinit) and writes an isolateReply as
// JSON to stdout. Before each risky step it writes the step's name to the
// pipe named by isolatePhaseEnv, so that when a signal ends it the parent
// knows where: "plugin crashed: SIGSEGV in dlopen (constructor)".

// isolateCommand is the hidden subcommand of the child. It is handled in
// init, before main and before the test framework, so a test binary can
// re-execute itself too.
const isolateCommand = "__isolate"

// isolatePhaseEnv names the file descriptor the child writes its phases to.
const isolatePhaseEnv = "MYPLUGLOAD_ISOLATE_PHASE_FD"

// The phases a crash is reported in.
const (
	isolatePhaseDlopen = "dlopen (constructor)"
	isolatePhaseInit   = "init"
	isolatePhaseDeinit = "deinit"
	isolatePhaseDone   = "done"
)

func init() {
	if len(os.Args) > 1 && os.Args[1] == isolateCommand {
		os.Exit(runIsolateChild(os.Args[2:], os.Stdout, os.Stderr))
	}
}

// isolateReply is what the child writes to stdout.
type isolateReply struct {
	Library *loader.Library  `json:"library,omitempty"`
	Error   *errorJSON       `json:"error,omitempty"`
	Text    string           `json:"text,omitempty"` // the error as the CLI prints it
	Init    *isolateInitJSON `json:"init,omitempty"`
}

// isolateInitJSON is the outcome of `inspect --isolate --init`: the
// plugins' rows after INSTALL SONAME in a host emulating Server, or the
// error INSTALL SONAME gave.
type isolateInitJSON struct {
	Server   string       `json:"server"`
	Plugins  []pluginJSON `json:"plugins"`
	Warnings []errorJSON  `json:"warnings,omitempty"`
	Error    *errorJSON   `json:"error,omitempty"`
}

// runIsolateChild is `myplugload __isolate [--init] [--log-level L] FILE`.
func runIsolateChild(args []string, stdout, stderr io.Writer) int {
	withInit, level := false, "warn"
	for len(args) > 1 {
		switch args[0] {
		case "--init":
			withInit, args = true, args[1:]
			continue
		case "--log-level":
			level, args = args[1], args[2:]
			continue
		}
		break
	}
	if len(args) != 1 {
		fmt.Fprintf(stderr, "myplugload %s: want [--init] [--log-level L] FILE\n", isolateCommand)
		return exitUsage
	}
	path := args[0]
	logger, err := inspectLogger(level, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "myplugload %s: %v\n", isolateCommand, err)
		return exitUsage
	}
	phase := isolatePhaseWriter()
	defer phase.Close()

	var reply isolateReply
	fmt.Fprintln(phase, isolatePhaseDlopen)
	lib, err := loader.InspectLive(path)
	if err != nil {
		e := errorOf(err)
		reply.Error, reply.Text = &e, err.Error()
	} else {
		reply.Library = lib
		if withInit && lib.Client == nil && len(lib.Sets) > 0 {
			reply.Init = isolateInit(lib, logger, phase)
		}
	}
	fmt.Fprintln(phase, isolatePhaseDone)
	if err := writeJSON(stdout, reply); err != nil {
		fmt.Fprintf(stderr, "myplugload %s: %v\n", isolateCommand, err)
		return exitFail
	}
	return exitOK
}

// isolateInit installs the library in a host emulating the server of its
// first declaration set, which runs every plugin's init, then closes the
// host, which runs deinit.
func isolateInit(lib *loader.Library, logger *zap.Logger, phase io.Writer) *isolateInitJSON {
	prof := inspectProfileOf(lib.Sets[0].ABI.Family)
	out := &isolateInitJSON{Server: prof.Name, Plugins: []pluginJSON{}}
	abs, err := filepath.Abs(lib.Path)
	if err == nil {
		var h *loader.Host
		h, err = loader.NewHost(loader.WithProfile(prof), loader.WithPluginDir(filepath.Dir(abs)),
			loader.WithLogger(logger), loader.WithPluginMaturity(mysqlabi.MaturityUnknown))
		if err == nil {
			fmt.Fprintln(phase, isolatePhaseInit)
			var warns []loader.Warning
			warns, err = h.InstallLibrary(filepath.Base(abs))
			for _, w := range warns {
				out.Warnings = append(out.Warnings, errorJSON{Code: w.Code, SQLState: w.SQLState, Message: w.Message})
			}
			for _, p := range h.Plugins() {
				out.Plugins = append(out.Plugins, pluginRow(p))
			}
			fmt.Fprintln(phase, isolatePhaseDeinit)
			if cerr := h.Close(); err == nil {
				err = cerr
			}
		}
	}
	if err != nil {
		e := errorOf(err)
		out.Error = &e
	}
	return out
}

// isolatePhaseWriter is the pipe to the parent, or a sink when the child
// was started by hand.
func isolatePhaseWriter() io.WriteCloser {
	if fd, err := strconv.Atoi(os.Getenv(isolatePhaseEnv)); err == nil && fd > 2 {
		if f := os.NewFile(uintptr(fd), "phase"); f != nil {
			return f
		}
	}
	return isolateNopCloser{io.Discard}
}

type isolateNopCloser struct{ io.Writer }

func (isolateNopCloser) Close() error { return nil }

// isolateTimeout bounds a child: a constructor or init that never
// returns is reported, not waited for.
var isolateTimeout = time.Minute

// isolateCrash is a child that a signal (or the Go runtime's report of
// one) ended.
type isolateCrash struct {
	Path   string
	Signal string // SIGSEGV
	Phase  string // dlopen (constructor), init, deinit
}

func (e *isolateCrash) Error() string {
	return fmt.Sprintf("%s: plugin crashed: %s in %s", e.Path, e.Signal, e.Phase)
}

// inspectIsolated runs the child for path and returns what it read.
func inspectIsolated(path string, withInit bool, level string, logger *zap.Logger, stderr io.Writer) (*loader.Library, *isolateInitJSON, error) {
	exe, err := os.Executable()
	if err != nil {
		exe = os.Args[0]
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: isolate: %w", path, err)
	}
	defer pr.Close()
	args := []string{isolateCommand, "--log-level", level}
	if withInit {
		args = append(args, "--init")
	}
	ctx, cancel := context.WithTimeout(context.Background(), isolateTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, append(args, path)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.ExtraFiles = []*os.File{pw} // fd 3 in the child
	cmd.Env = append(os.Environ(), isolatePhaseEnv+"=3")
	logger.Debug("isolate: starting child", zap.String("file", path), zap.Strings("args", cmd.Args))
	if err := cmd.Start(); err != nil {
		pw.Close()
		return nil, nil, fmt.Errorf("%s: isolate: %w", path, err)
	}
	pw.Close()
	phases, _ := io.ReadAll(pr)
	werr := cmd.Wait()
	phase := isolateLastLine(string(phases))
	if werr != nil {
		logger.Debug("isolate: child failed", zap.String("file", path), zap.String("phase", phase),
			zap.Error(werr), zap.String("stderr", errb.String()))
		var ee *exec.ExitError
		if !errors.As(werr, &ee) {
			return nil, nil, fmt.Errorf("%s: isolate: %w", path, werr)
		}
		if phase == "" {
			phase = isolatePhaseDlopen
		}
		if ctx.Err() != nil {
			return nil, nil, fmt.Errorf("%s: plugin hung: no answer within %v in %s (child killed)", path, isolateTimeout, phase)
		}
		if sig := isolateSignal(ee, errb.String()); sig != "" && phase != isolatePhaseDone {
			return nil, nil, &isolateCrash{Path: path, Signal: sig, Phase: phase}
		}
		return nil, nil, fmt.Errorf("%s: isolated child %s in %s: %s", path, ee.ProcessState, phase, isolateLastLine(errb.String()))
	}
	_, _ = stderr.Write(errb.Bytes()) // the child's log lines
	var reply isolateReply
	if err := json.Unmarshal(out.Bytes(), &reply); err != nil {
		return nil, nil, fmt.Errorf("%s: isolate: reading the child's answer: %w", path, err)
	}
	if reply.Error != nil {
		return nil, nil, errors.New(reply.Text)
	}
	if reply.Library == nil {
		return nil, nil, fmt.Errorf("%s: isolate: the child answered nothing", path)
	}
	return reply.Library, reply.Init, nil
}

// goSignalReport matches the Go runtime's report of a fatal signal in the
// child ("SIGSEGV: segmentation violation", "[signal SIGSEGV: ...").
var goSignalReport = regexp.MustCompile(`(?m)^(?:\[signal |signal )?(SIG[A-Z]+)[: ]`)

// isolateSignal names the signal that ended the child: the one that killed
// it, or, since the Go runtime catches SIGSEGV, SIGBUS, SIGFPE, SIGILL and
// SIGABRT raised in C code, prints them and exits 2, the one it reported.
func isolateSignal(ee *exec.ExitError, stderr string) string {
	if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return isolateSignalName(ws.Signal())
	}
	if ee.ExitCode() == 2 {
		if m := goSignalReport.FindStringSubmatch(stderr); m != nil {
			return m[1]
		}
	}
	return ""
}

var isolateSignalNames = map[syscall.Signal]string{
	syscall.SIGSEGV: "SIGSEGV", syscall.SIGBUS: "SIGBUS", syscall.SIGABRT: "SIGABRT",
	syscall.SIGILL: "SIGILL", syscall.SIGFPE: "SIGFPE", syscall.SIGKILL: "SIGKILL",
	syscall.SIGTRAP: "SIGTRAP", syscall.SIGTERM: "SIGTERM", syscall.SIGSYS: "SIGSYS",
}

func isolateSignalName(s syscall.Signal) string {
	if n, ok := isolateSignalNames[s]; ok {
		return n
	}
	return fmt.Sprintf("signal %d", int(s))
}

func isolateLastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}
