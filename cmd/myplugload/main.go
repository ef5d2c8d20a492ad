// Command myplugload inspects, checks and exercises MySQL-ABI and
// MariaDB-ABI plugin libraries.
//
//	myplugload inspect FILE...    what each library declares (runs none of its code;
//	                              --dlopen, --isolate to load it, --format json)
//	myplugload check --server S FILE...  would server S load it, and every reason why not
//	myplugload shell [SCRIPT]     a host answering MySQL statements: INSTALL, SET, SHOW,
//	                              sessions, audited statements, UDFs, parsers
//	myplugload help [COMMAND]     usage
//	myplugload --version
//
// isolate.go's child mode (myplugload __isolate) is entered from an init
// function, before main, so a crashing library takes only the child down.
//
// Each subcommand registers itself (register, in its own file); help
// lists them in commandOrder.
//
// Exit status: 0 success, 1 a file could not be read as a plugin library
// (or, per command, what its help says), 2 usage error.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

type command struct {
	name    string
	summary string
	usage   string
	run     func(args []string, stdout, stderr io.Writer) int
}

var commands []command

// commandOrder is the order help lists the commands in.
var commandOrder = []string{"inspect", "check", "shell"}

// register adds a subcommand (called from each command file's init).
func register(c command) {
	commands = append(commands, c)
	slices.SortStableFunc(commands, func(a, b command) int {
		ia, ib := slices.Index(commandOrder, a.name), slices.Index(commandOrder, b.name)
		if ia < 0 {
			ia = len(commandOrder)
		}
		if ib < 0 {
			ib = len(commandOrder)
		}
		return ia - ib
	})
}

func init() {
	register(command{"inspect", "show what plugin libraries declare, without running their code", inspectUsage, runInspect})
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			for _, c := range commands {
				if c.name == args[1] {
					fmt.Fprint(stdout, c.usage)
					return exitOK
				}
			}
			fmt.Fprintf(stderr, "myplugload: unknown command %q\n", args[1])
			return exitUsage
		}
		usage(stdout)
		return exitOK
	case "version", "-version", "--version":
		fmt.Fprintf(stdout, "myplugload %s\n", version)
		return exitOK
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "myplugload: unknown command %q\n\n", args[0])
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "myplugload: a host and inspector for MySQL-ABI plugin libraries\n\nUsage:\n  myplugload COMMAND [OPTIONS] [ARGS]\n\nCommands:\n")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "  %-10s %s\n  %-10s %s\n\nRun 'myplugload help COMMAND' for a command's options and examples.\n",
		"help", "show usage of myplugload or of a command", "version", "print the version")
}

// parseFlags parses a subcommand's flags; -h prints its usage.
func parseFlags(fs *flag.FlagSet, usageText string, args []string, stdout, stderr io.Writer) (int, bool) {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usageText)
			return exitOK, false
		}
		fmt.Fprintf(stderr, "myplugload %s: %v\n\n%s", fs.Name(), err, usageText)
		return exitUsage, false
	}
	return exitOK, true
}
