/*
 * Authentication plugins: the Go-backed MYSQL_PLUGIN_VIO and the calls
 * into authenticate_user and a client plugin's init.
 */
#include "auth.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "_cgo_export.h"

/* MYSQL_PLUGIN_VIO_INFO */
struct myp_vio_info {
  int protocol;
  int socket;
};

static int vio_read(struct myp_vio *v, unsigned char **buf) {
  int n = mypVioRead(v);
  if (n < 0) {
    *buf = NULL;
    return -1;
  }
  v->reads++;
  *buf = v->buf;
  return n;
}

static int vio_write(struct myp_vio *v, const unsigned char *pkt, int len) {
  if (len < 0 || (pkt == NULL && len > 0))
    return 1;
  v->writes++;
  return mypVioWrite(v, (unsigned char *)pkt, len);
}

static void vio_info(struct myp_vio *v, struct myp_vio_info *info) {
  if (info == NULL)
    return;
  info->protocol = v->protocol;
  info->socket = v->sock;
}

/* MySQL 8.0's non-blocking calls, done synchronously: the result is in
   *result and the step is NET_ASYNC_COMPLETE (0). */
static int vio_read_nb(struct myp_vio *v, unsigned char **buf, int *result) {
  *result = vio_read(v, buf);
  return 0;
}

static int vio_write_nb(struct myp_vio *v, const unsigned char *pkt, int len, int *result) {
  *result = vio_write(v, pkt, len);
  return 0;
}

struct myp_vio *myp_vio_new(uintptr_t handle, int protocol, int sock) {
  struct myp_vio *v = calloc(1, sizeof *v);
  if (v == NULL)
    return NULL;
  v->read_packet = (void *)vio_read;
  v->write_packet = (void *)vio_write;
  v->info = (void *)vio_info;
  v->read_packet_nonblocking = (void *)vio_read_nb;
  v->write_packet_nonblocking = (void *)vio_write_nb;
  v->handle = handle;
  v->protocol = protocol;
  v->sock = sock;
  return v;
}

void myp_vio_free(struct myp_vio *v) {
  if (v == NULL)
    return;
  free(v->buf);
  free(v);
}

typedef int (*server_auth_fn)(void *vio, void *info);
typedef int (*client_auth_fn)(void *vio, void *mysql);
typedef int (*client_init_fn)(char *errbuf, size_t errbuf_len, int argc, va_list args);

int myp_auth_server_call(void *fn, struct myp_vio *vio, void *info, struct myp_thd *thd) {
  struct myp_thd *saved = myp_current_thd;
  myp_current_thd = thd;
  int rc = ((server_auth_fn)fn)(vio, info);
  myp_current_thd = saved;
  return rc;
}

int myp_auth_client_call(void *fn, struct myp_vio *vio, void *mysql) {
  return ((client_auth_fn)fn)(vio, mysql);
}

static int init_va(void *fn, char *errbuf, size_t errbuf_len, int argc, ...) {
  va_list ap;
  va_start(ap, argc);
  int rc = ((client_init_fn)fn)(errbuf, errbuf_len, argc, ap);
  va_end(ap);
  return rc;
}

int myp_auth_client_init(void *fn, char *errbuf, size_t errbuf_len) {
  return init_va(fn, errbuf, errbuf_len, 0);
}

char *mariadb_auth_dialog(void *mysql, int type, const char *prompt, char *buf, int buf_len) {
  if (mysql == NULL)
    return NULL;
  const unsigned char *trailer = (const unsigned char *)mysql + MYP_CLIENT_MYSQL_SIZE;
  uint64_t magic;
  uintptr_t handle;
  memcpy(&magic, trailer, sizeof magic);
  memcpy(&handle, trailer + 8, sizeof handle);
  if (magic != MYP_CLIENT_TRAILER_MAGIC || handle == 0)
    return NULL; /* not a block of this host: no answer */
  return mypDialogAsk(handle, type, (char *)prompt, buf, buf_len);
}
