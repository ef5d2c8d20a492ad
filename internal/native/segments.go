//go:build cgo

package native

/*
#define _GNU_SOURCE
#include <link.h>
#include <stdint.h>

struct myp_seg_buf {
  uintptr_t *out; // pairs: start, end
  int cap, n;
};

// One readable PT_LOAD segment per pair, from the program headers the
// dynamic loader keeps for every loaded object (in memory: no file read).
static int myp_seg_cb(struct dl_phdr_info *info, size_t size, void *data) {
  struct myp_seg_buf *b = data;
  (void)size;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    if (ph->p_type != PT_LOAD || (ph->p_flags & PF_R) == 0 || ph->p_memsz == 0) continue;
    if (b->n < b->cap) {
      b->out[2 * b->n] = (uintptr_t)(info->dlpi_addr + ph->p_vaddr);
      b->out[2 * b->n + 1] = (uintptr_t)(info->dlpi_addr + ph->p_vaddr + ph->p_memsz);
    }
    b->n++;
  }
  return 0;
}

static int myp_loaded_segments(uintptr_t *out, int cap) {
  struct myp_seg_buf b = {out, cap, 0};
  dl_iterate_phdr(myp_seg_cb, &b);
  return b.n;
}
*/
import "C"

import "unsafe"

// LoadedSegments returns the readable PT_LOAD segments of every object the
// dynamic loader has loaded (the executable, its libraries, every plugin
// library), as [start, end) pairs: memory that stays mapped and readable
// while its object is loaded. It walks the loader's own list
// (dl_iterate_phdr, under the loader's lock): no system call.
func LoadedSegments() [][2]uintptr {
	buf := make([]C.uintptr_t, 2*256)
	for {
		n := int(C.myp_loaded_segments((*C.uintptr_t)(unsafe.Pointer(&buf[0])), C.int(len(buf)/2)))
		if n <= len(buf)/2 {
			out := make([][2]uintptr, n)
			for i := range out {
				out[i] = [2]uintptr{uintptr(buf[2*i]), uintptr(buf[2*i+1])}
			}
			return out
		}
		buf = make([]C.uintptr_t, 2*n+64) // objects were loaded meanwhile: try again
	}
}
