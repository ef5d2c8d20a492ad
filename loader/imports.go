package loader

import (
	"debug/elf"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/myplugload/myplugload/internal/elfimage"
)

// resolveImports splits a library's undefined symbols into those its needed
// libraries (and theirs, transitively) define, and the rest: the server
// symbols. It also returns the needed libraries that cannot be found.
func resolveImports(im *elfimage.Image, undefined []string) (server, missing []string) {
	defined, missing := neededDefinitions(im.Needed, im.Machine)
	for _, s := range undefined {
		if !defined[s] {
			server = append(server, s)
		}
	}
	return server, missing
}

// neededDefinitions returns what the needed libraries (and theirs,
// transitively, as the dynamic loader finds them) define, and the needed
// libraries it cannot find.
func neededDefinitions(needed []string, m elf.Machine) (defined map[string]bool, missing []string) {
	dirs := libraryDirs(m)
	defined = map[string]bool{}
	seen := map[string]bool{}
	queue := append([]string(nil), needed...)
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		if seen[name] {
			continue
		}
		seen[name] = true
		info, ok := systemLibrary(name, dirs, m)
		if !ok {
			missing = append(missing, name)
			continue
		}
		for s := range info.defined {
			defined[s] = true
		}
		queue = append(queue, info.needed...)
	}
	return defined, missing
}

// libraryDirs lists the directories the dynamic loader searches by default
// for a machine, after LD_LIBRARY_PATH.
func libraryDirs(m elf.Machine) []string {
	triplet := "x86_64-linux-gnu"
	if m == elf.EM_AARCH64 {
		triplet = "aarch64-linux-gnu"
	}
	var dirs []string
	for _, d := range filepath.SplitList(os.Getenv("LD_LIBRARY_PATH")) {
		if d != "" {
			dirs = append(dirs, d)
		}
	}
	return append(dirs, "/lib/"+triplet, "/usr/lib/"+triplet, "/lib64", "/usr/lib64", "/lib", "/usr/lib",
		"/usr/local/lib")
}

type sysLib struct {
	defined map[string]bool
	needed  []string
}

// sysLibs caches what system libraries define, by path: many plugins link
// the same libc.
var sysLibs sync.Map // path -> *sysLib

func systemLibrary(name string, dirs []string, m elf.Machine) (*sysLib, bool) {
	if strings.Contains(name, "/") {
		dirs = []string{""}
	}
	for _, d := range dirs {
		p := filepath.Join(d, name)
		if v, ok := sysLibs.Load(p + "\x00" + m.String()); ok {
			return v.(*sysLib), true
		}
		f, err := elf.Open(p)
		if err != nil {
			continue
		}
		if f.Machine != m || f.Class != elf.ELFCLASS64 {
			f.Close() // a library of another architecture: the loader skips it too
			continue
		}
		info := &sysLib{defined: map[string]bool{}}
		if syms, err := f.DynamicSymbols(); err == nil {
			for _, s := range syms {
				if s.Section != elf.SHN_UNDEF && s.Name != "" {
					info.defined[s.Name] = true
				}
			}
		}
		info.needed, _ = f.ImportedLibraries()
		f.Close()
		sysLibs.Store(p+"\x00"+m.String(), info)
		return info, true
	}
	return nil, false
}

// ServerExports is what a server executable (mysqld, mariadbd) makes
// available to the plugins it dlopens: its own defined dynamic symbols and
// those of the libraries it links, transitively.
type ServerExports struct {
	Path    string
	defined map[string]bool
}

// ReadServerExports reads them from the server executable at path, without
// running it.
func ReadServerExports(path string) (*ServerExports, error) {
	f, err := elf.Open(path)
	if err != nil {
		return nil, plainError(ErrNotFound, "server binary %s: %v", path, err)
	}
	defer f.Close()
	syms, err := f.DynamicSymbols()
	if err != nil {
		return nil, plainError(ErrMalformed, "server binary %s: no dynamic symbol table: %v", path, err)
	}
	x := &ServerExports{Path: path, defined: map[string]bool{}}
	for _, s := range syms {
		if s.Section != elf.SHN_UNDEF && s.Name != "" {
			x.defined[s.Name] = true
		}
	}
	needed, _ := f.ImportedLibraries()
	libs, _ := neededDefinitions(needed, f.Machine)
	for s := range libs {
		x.defined[s] = true
	}
	return x, nil
}

// Missing returns the symbols of syms the server does not export, in order.
func (x *ServerExports) Missing(syms []string) []string {
	var out []string
	for _, s := range syms {
		if !x.defined[s] {
			out = append(out, s)
		}
	}
	return out
}
