/*
 * logger_service: size-limited, rotating log files, as sql_errlog uses
 * them (see svc_format.h for the behaviour). Written for myplugload from
 * the documented behaviour.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include "svc_format.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Longest line printf/vprintf format (longer ones are cut). */
#define LG_MAX_LINE (16u << 20)

struct myp_logger_handle {
  pthread_mutex_t lock;
  int fd; /* -1 after a failed reopen; retried on the next write */
  unsigned long long size_limit;
  unsigned int rotations;
  char *path; /* resolved */
  char *from, *to; /* room for path.N */
};

static pthread_mutex_t lg_datadir_lock = PTHREAD_MUTEX_INITIALIZER;
static char *lg_datadir;

void myp_logger_set_datadir(const char *dir) {
  char *copy = dir != NULL && *dir != '\0' ? strdup(dir) : NULL;
  pthread_mutex_lock(&lg_datadir_lock);
  free(lg_datadir);
  lg_datadir = copy;
  pthread_mutex_unlock(&lg_datadir_lock);
}

static char *lg_resolve(const char *path) {
  char *r = NULL;
  pthread_mutex_lock(&lg_datadir_lock);
  if (path[0] != '/' && lg_datadir != NULL) {
    size_t dl = strlen(lg_datadir), pl = strlen(path);
    int slash = dl > 0 && lg_datadir[dl - 1] == '/';
    r = malloc(dl + 1 + pl + 1);
    if (r != NULL) {
      memcpy(r, lg_datadir, dl);
      if (!slash)
        r[dl++] = '/';
      memcpy(r + dl, path, pl + 1);
    }
  } else {
    r = strdup(path);
  }
  pthread_mutex_unlock(&lg_datadir_lock);
  return r;
}

static int lg_open_file(const char *path) {
  int fd;
  do
    fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0660);
  while (fd < 0 && errno == EINTR);
  return fd;
}

static void lg_init_mutexes(void) {}

static struct myp_logger_handle *lg_open(const char *path,
                                         unsigned long long size_limit,
                                         unsigned int rotations) {
  if (path == NULL) {
    errno = EINVAL;
    return NULL;
  }
  struct myp_logger_handle *h = calloc(1, sizeof *h);
  if (h == NULL)
    return NULL;
  h->fd = -1;
  h->size_limit = size_limit;
  h->rotations = rotations;
  h->path = lg_resolve(path);
  if (h->path != NULL) {
    size_t room = strlen(h->path) + 16; /* "." + up to 10 digits */
    h->from = malloc(room);
    h->to = malloc(room);
  }
  if (h->path == NULL || h->from == NULL || h->to == NULL) {
    errno = ENOMEM;
    goto fail;
  }
  h->fd = lg_open_file(h->path);
  if (h->fd < 0)
    goto fail;
  if (pthread_mutex_init(&h->lock, NULL) != 0) {
    close(h->fd);
    errno = ENOMEM;
    goto fail;
  }
  return h;
fail: {
  int e = errno;
  free(h->path);
  free(h->from);
  free(h->to);
  free(h);
  errno = e;
  return NULL;
}
}

/* path.(n-1) -> path.n ... path -> path.1, then a fresh path. Locked. */
static int lg_rotate_locked(struct myp_logger_handle *h) {
  if (h->rotations == 0)
    return 0;
  size_t room = strlen(h->path) + 16;
  for (unsigned int i = h->rotations; i > 1; i--) {
    snprintf(h->from, room, "%s.%u", h->path, i - 1);
    snprintf(h->to, room, "%s.%u", h->path, i);
    (void)rename(h->from, h->to); /* a missing one is fine */
  }
  snprintf(h->to, room, "%s.1", h->path);
  (void)rename(h->path, h->to);
  if (h->fd >= 0)
    close(h->fd);
  h->fd = lg_open_file(h->path);
  return h->fd < 0 ? -1 : 0;
}

static int lg_write_locked(struct myp_logger_handle *h, const char *buf,
                           size_t size) {
  if (h->fd < 0) {
    h->fd = lg_open_file(h->path);
    if (h->fd < 0)
      return -1;
  }
  if (h->rotations > 0 && h->size_limit > 0) {
    struct stat st;
    if (fstat(h->fd, &st) == 0 && st.st_size >= 0 &&
        (unsigned long long)st.st_size >= h->size_limit &&
        lg_rotate_locked(h) != 0)
      return -1;
  }
  size_t done = 0;
  while (done < size) {
    ssize_t w = write(h->fd, buf + done, size - done);
    if (w < 0) {
      if (errno == EINTR)
        continue;
      return -1;
    }
    done += (size_t)w;
  }
  return done > INT_MAX ? INT_MAX : (int)done;
}

static int lg_write(struct myp_logger_handle *h, const char *buf,
                    size_t size) {
  if (h == NULL || (buf == NULL && size > 0))
    return -1;
  pthread_mutex_lock(&h->lock);
  int r = lg_write_locked(h, buf, size);
  pthread_mutex_unlock(&h->lock);
  return r;
}

static int lg_vprintf(struct myp_logger_handle *h, const char *fmt,
                      va_list ap) {
  char small[1024];
  char *buf = small;
  size_t cap = sizeof small, len;
  if (h == NULL)
    return -1;
  for (;;) {
    va_list cp;
    va_copy(cp, ap);
    len = myp_vsnprintf(buf, cap, fmt, cp);
    va_end(cp);
    if (len + 1 < cap || cap >= LG_MAX_LINE)
      break; /* it all fitted (or it is as long as we allow) */
    char *bigger = malloc(cap * 2);
    if (bigger == NULL)
      break; /* write what fitted */
    if (buf != small)
      free(buf);
    buf = bigger;
    cap *= 2;
  }
  int r = lg_write(h, buf, len);
  if (buf != small)
    free(buf);
  return r;
}

static int lg_printf(struct myp_logger_handle *h, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = lg_vprintf(h, fmt, ap);
  va_end(ap);
  return r;
}

static int lg_rotate(struct myp_logger_handle *h) {
  if (h == NULL)
    return -1;
  pthread_mutex_lock(&h->lock);
  int r = lg_rotate_locked(h);
  pthread_mutex_unlock(&h->lock);
  return r;
}

static int lg_close(struct myp_logger_handle *h) {
  if (h == NULL)
    return -1;
  if (h->fd >= 0)
    close(h->fd);
  pthread_mutex_destroy(&h->lock);
  free(h->path);
  free(h->from);
  free(h->to);
  free(h);
  return 0;
}

const struct logger_service_st myp_logger_handler = {
    .logger_init_mutexes = lg_init_mutexes,
    .open = lg_open,
    .close = lg_close,
    .vprintf = lg_vprintf,
    .printf = lg_printf,
    .write = lg_write,
    .rotate = lg_rotate,
};
