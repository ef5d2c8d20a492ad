/*
 * Authentication plugins: the MYSQL_PLUGIN_VIO the host gives server and
 * client authentication plugins, whose packets are read and written by Go,
 * and the calls into authenticate_user. Only package internal/native
 * includes it.
 */
#ifndef MYPLUGLOAD_NATIVE_AUTH_H
#define MYPLUGLOAD_NATIVE_AUTH_H

#include <stddef.h>
#include <stdint.h>

#include "host.h"

/* The VIO a plugin receives. It starts with MYSQL_PLUGIN_VIO in its
   MySQL 8.0 shape (read_packet, write_packet, info, read_packet_nonblocking,
   write_packet_nonblocking; 5.x and MariaDB use the first three); what
   follows is the host's. */
struct myp_vio {
  void *read_packet, *write_packet, *info, *read_packet_nonblocking, *write_packet_nonblocking;
  uintptr_t handle;   /* the Go side's handle (runtime/cgo.Handle) */
  unsigned char *buf; /* the last packet read: valid until the next read */
  size_t cap;
  int protocol;       /* MYSQL_PLUGIN_VIO_INFO.protocol */
  int sock;           /* MYSQL_PLUGIN_VIO_INFO.socket */
  int reads, writes;  /* packets passed, for the host's checks */
};

/* Connector/C's MYSQL: the block a client plugin receives is this size,
   zeroed but for host (688), user (696) and passwd (704). The host keeps a
   trailer after it: a magic word and the Go handle of the dialog
   callback. */
#define MYP_CLIENT_MYSQL_SIZE 1272
#define MYP_CLIENT_MYSQL_HOST 688
#define MYP_CLIENT_MYSQL_USER 696
#define MYP_CLIENT_MYSQL_PASSWD 704
#define MYP_CLIENT_TRAILER_MAGIC 0x474c4149444d594dULL /* "MYMDIALG" */

struct myp_vio *myp_vio_new(uintptr_t handle, int protocol, int sock);
void myp_vio_free(struct myp_vio *v);
/* authenticate_user(vio, info) with thd as the thread's current session. */
int myp_auth_server_call(void *fn, struct myp_vio *vio, void *info, struct myp_thd *thd);
/* A client plugin's authenticate_user(vio, mysql). */
int myp_auth_client_call(void *fn, struct myp_vio *vio, void *mysql);
/* A client plugin's init(errbuf, errbuf_len, 0, <empty va_list>). */
int myp_auth_client_init(void *fn, char *errbuf, size_t errbuf_len);

/* The dialog plugin's callback, looked up with dlsym(RTLD_DEFAULT): it
   answers a question of the server (type 1 ordinary, 2 password). */
char *mariadb_auth_dialog(void *mysql, int type, const char *prompt, char *buf, int buf_len);

#endif
