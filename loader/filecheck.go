package loader

import (
	"os"
	"syscall"
	"time"
)

// fileIdentity is what tells whether a path still names the same file:
// device, inode, size and modification time.
type fileIdentity struct {
	dev, ino uint64
	size     int64
	mtime    time.Time
}

func identify(path string) (fileIdentity, bool) {
	fi, err := os.Stat(path)
	if err != nil {
		return fileIdentity{}, false
	}
	id := fileIdentity{size: fi.Size(), mtime: fi.ModTime()}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		id.dev, id.ino = uint64(st.Dev), st.Ino
	}
	return id, true
}

// replaced reports a loaded library whose file was replaced or changed on
// disk since it was loaded.
func (l *library) replaced() *Error {
	now, ok := identify(l.path)
	if ok && now == l.id {
		return nil
	}
	what := "removed"
	if ok {
		what = "replaced or modified"
	}
	return plainError(ErrRefused, "library %s was %s on disk after it was loaded: uninstall its plugins (the loaded code is the old file) before installing from it again",
		l.file, what).withLibrary(l.file)
}

// writableByOthers refuses a plugin file or plugin_dir that any user may
// write (mode o+w): whoever can replace the file can run code in the host.
func writableByOthers(pluginDir, path, file string) *Error {
	for _, p := range []string{pluginDir, path} {
		fi, err := os.Stat(p)
		if err != nil {
			continue // a missing file fails at open with the server's error
		}
		if fi.Mode().Perm()&0o002 != 0 {
			return plainError(ErrRefused, "%s is writable by any user (mode %04o): refusing to load %s from it (loader.WithAllowWritable or myplugload shell --allow-writable allows it; mysqld does not check this)",
				p, fi.Mode().Perm(), file).withLibrary(file)
		}
	}
	return nil
}
