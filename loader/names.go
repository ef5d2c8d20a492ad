package loader

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/myplugload/myplugload/mysqlabi"
)

// Limits of library names, as the servers apply them.
const (
	nameCharLen = 64  // NAME_CHAR_LEN: characters in a library name
	fnRefLen    = 512 // FN_REFLEN: bytes in plugin_dir + "/" + name
	// maxLoadElement is the longest element of a --plugin-load list (FN_REFLEN-1).
	maxLoadElement = fnRefLen - 1
)

// LibraryFile applies the server's rules to the library name of INSTALL
// ... SONAME or --plugin-load and returns the file name to open in
// plugin_dir: no directory separator, well-formed UTF-8, at most 64
// characters (after MariaDB appends ".so" to a name without it), and
// plugin_dir + "/" + name shorter than FN_REFLEN. A refused name is
// ER_UDF_NO_PATHS.
func LibraryFile(p *mysqlabi.Profile, pluginDir, soname string) (string, error) {
	name := soname
	if sfx := p.SonameSuffix; sfx != "" && !strings.HasSuffix(strings.ToLower(name), sfx) {
		name += sfx
	}
	bad := func(why string) error {
		return newError(p, mysqlabi.ErUDFNoPaths, ErrBadName).withLibrary(soname).withDetail("%s", why)
	}
	switch {
	case strings.ContainsRune(name, '/'):
		return "", bad("the name contains '/'")
	case strings.ContainsRune(name, 0):
		return "", bad("the name contains a NUL byte")
	case !utf8.ValidString(name):
		return "", bad("the name is not valid UTF-8")
	case utf8.RuneCountInString(name) > nameCharLen:
		return "", bad(fmt.Sprintf("the name is longer than %d characters", nameCharLen))
	case len(pluginDir)+1+len(name) >= fnRefLen:
		return "", bad(fmt.Sprintf("plugin_dir and the name are %d bytes or more", fnRefLen))
	}
	return name, nil
}

// confine returns the path of file in pluginDir, refusing one that is a
// symbolic link resolving outside pluginDir. mysqld does not check this.
func confine(pluginDir, file string) (string, error) {
	path := filepath.Join(pluginDir, file)
	dir, err := filepath.EvalSymlinks(pluginDir)
	if err != nil {
		return path, nil // a missing plugin_dir fails at open with the server's error
	}
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return path, nil // a missing file likewise
	}
	rel, err := filepath.Rel(dir, real)
	if err != nil || rel == ".." || strings.HasPrefix(rel, "../") || filepath.IsAbs(rel) {
		return "", newError(nil, mysqlabi.ErUDFNoPaths, ErrBadName).withLibrary(file).
			withDetail("%s resolves to %s, outside plugin_dir %s", path, real, dir)
	}
	return path, nil
}

// LoadItem is one element of a --plugin-load list: a plugin to load from a
// library ("name=lib"), or every plugin the library declares ("lib").
type LoadItem struct {
	Named   bool   // the element named a plugin ("name=lib", even "=lib")
	Plugin  string // the plugin name, when Named
	Library string
}

// ParsePluginLoad splits a --plugin-load / --plugin-load-add /
// --early-plugin-load value as mysqld does: elements separated by ';' or
// ':', each either "lib" (all its plugins) or "name=lib" ('#' also
// separates the name; a second '=' belongs to the library name). Empty
// elements are skipped. An element of 511 bytes or more fails the list
// ("plugin-load parameter too long").
func ParsePluginLoad(list string) ([]LoadItem, error) {
	var items []LoadItem
	for _, elem := range strings.FieldsFunc(list, func(r rune) bool { return r == ';' || r == ':' }) {
		if len(elem) >= maxLoadElement {
			return items, plainError(ErrBadName, "plugin-load parameter too long").
				withDetail("an element of %d bytes, the limit is %d", len(elem), maxLoadElement-1)
		}
		if i := strings.IndexAny(elem, "=#"); i >= 0 {
			items = append(items, LoadItem{Named: true, Plugin: elem[:i], Library: elem[i+1:]})
			continue
		}
		items = append(items, LoadItem{Library: elem})
	}
	return items, nil
}

// statErrno guesses the errno a failed dlopen of path left: purego does
// not expose errno, and ER_CANT_OPEN_LIBRARY prints one.
func statErrno(path string) int {
	st, err := os.Stat(path)
	switch {
	case os.IsNotExist(err):
		return 2 // ENOENT
	case err == nil && st.IsDir():
		return 21 // EISDIR
	case os.IsPermission(err):
		return 13 // EACCES
	}
	return 0
}
