package mariadbtest

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// Every directory the harness makes is os.TempDir()/mdbt-<random> (short:
// the unix socket lives in it) and holds an owner file that its process
// keeps locked (flock) until it removes the directory. A lock that can be
// taken means the owner has exited without cleaning up, for example after
// a test timeout: sweepStale removes such directories.
const (
	dirPrefix = "mdbt-"
	ownerFile = ".owner"
)

// ownedTempDir makes a directory and returns it with its locked owner file;
// closing the file (or exiting) releases the lock.
func ownedTempDir() (string, *os.File, error) {
	dir, err := os.MkdirTemp("", dirPrefix)
	if err != nil {
		return "", nil, err
	}
	// Lock under another name and rename, so that sweepStale never sees an
	// owner file that is not locked yet.
	tmp := filepath.Join(dir, ownerFile+".new")
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_EXCL|os.O_RDWR, 0o600)
	if err == nil {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			err = os.Rename(tmp, filepath.Join(dir, ownerFile))
		}
		if err != nil {
			_ = f.Close()
		}
	}
	if err != nil {
		_ = os.RemoveAll(dir)
		return "", nil, err
	}
	return dir, f, nil
}

// sweepStale removes the directories of harness processes that have exited.
func sweepStale() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), dirPrefix+"*"))
	for _, dir := range dirs {
		f, err := os.OpenFile(filepath.Join(dir, ownerFile), os.O_RDWR, 0)
		if err != nil {
			continue // not the harness's, or gone
		}
		if syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil {
			_ = os.RemoveAll(dir)
		}
		_ = f.Close()
	}
}

// copyTree copies the directories and regular files under src to dst,
// which must not exist, keeping permissions. Files are copied sparsely:
// InnoDB's log and system tablespace are mostly zeros (about 110 MB
// apparent, a few MB of data), so a sparse template copies fast.
func copyTree(dst, src string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			return os.Mkdir(target, info.Mode().Perm())
		case info.Mode().IsRegular():
			return copySparse(target, path, info.Mode().Perm())
		default:
			return nil // sockets and the like: nothing a datadir template holds
		}
	})
}

// Whence values of lseek(2) on Linux.
const (
	seekData = 3 // SEEK_DATA
	seekHole = 4 // SEEK_HOLE
)

// copySparse copies the file src to the new file dst, leaving holes where
// src has holes or blocks of zeros.
func copySparse(dst, src string, perm fs.FileMode) (err error) {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	fi, err := in.Stat()
	if err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, perm)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := out.Close(); err == nil {
			err = cerr
		}
	}()
	const block = 64 << 10
	buf := make([]byte, block)
	zero := make([]byte, block)
	size := fi.Size()
	for off := int64(0); off < size; {
		// The next extent of data: [start, end).
		start, err := in.Seek(off, seekData)
		if errors.Is(err, syscall.ENXIO) {
			break // only a hole is left
		}
		if err != nil {
			return err
		}
		end, err := in.Seek(start, seekHole)
		if err != nil {
			return err
		}
		if _, err := in.Seek(start, io.SeekStart); err != nil {
			return err
		}
		for pos := start; pos < end; {
			n, err := io.ReadFull(in, buf[:min(int64(block), end-pos)])
			if err != nil {
				return err
			}
			if !bytes.Equal(buf[:n], zero[:n]) {
				if _, err := out.WriteAt(buf[:n], pos); err != nil {
					return err
				}
			}
			pos += int64(n)
		}
		off = end
	}
	return out.Truncate(size) // holes up to the end
}
