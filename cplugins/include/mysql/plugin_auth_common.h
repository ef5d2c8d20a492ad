/*
 * myplugload clean-room plugin headers: definitions shared by server and
 * client authentication plugins.
 */
#ifndef MYPLUGLOAD_MYSQL_PLUGIN_AUTH_COMMON_H
#define MYPLUGLOAD_MYSQL_PLUGIN_AUTH_COMMON_H

#include "mysql/abi_generation.h"

/* Longest user name in bytes (48 in 5.5). */
#define MYSQL_USERNAME_LENGTH 96

/* authenticate_user results.  Only CR_OK means success to the server. */
#define CR_OK (-1)
#define CR_ERROR 0
#define CR_AUTH_USER_CREDENTIALS 1
#define CR_AUTH_HANDSHAKE 2
#define CR_AUTH_PLUGIN_ERROR 3
#define CR_OK_HANDSHAKE_COMPLETE (-2)
#if MYPLUGLOAD_ABI_GENERATION >= 80
#define CR_OK_AUTH_IN_SANDBOX_MODE (-3)
#endif

#if MYPLUGLOAD_ABI_GENERATION >= 80
#ifndef MYPLUGLOAD_NET_ASYNC_STATUS_DEFINED
#define MYPLUGLOAD_NET_ASYNC_STATUS_DEFINED
/* Result of a non-blocking network step. */
enum net_async_status {
  NET_ASYNC_COMPLETE = 0,
  NET_ASYNC_NOT_READY = 1,
  NET_ASYNC_ERROR = 2,
  NET_ASYNC_COMPLETE_NO_MORE_RESULTS = 3
};
#endif
#endif

/* Connection description returned by MYSQL_PLUGIN_VIO.info. */
typedef struct MYSQL_PLUGIN_VIO_INFO {
  enum {
    MYSQL_VIO_INVALID,
    MYSQL_VIO_TCP,
    MYSQL_VIO_SOCKET,
    MYSQL_VIO_PIPE,
    MYSQL_VIO_MEMORY
  } protocol;
  int socket; /* file descriptor for TCP and SOCKET */
#if defined(_WIN32)
  void *handle; /* HANDLE for PIPE and MEMORY */
#endif
} MYSQL_PLUGIN_VIO_INFO;

MYPLUGLOAD_C_BEGIN

/*
 * Packet channel between the authentication plugin and the peer.
 * LP64: read_packet 0, write_packet 8, info 16,
 * 8.0 only: read_packet_nonblocking 24, write_packet_nonblocking 32;
 * sizeof 40 (8.0) or 24 (5.5-5.7).
 * read_packet returns the packet length (-1 on error) and points *buf at
 * the data; write_packet returns 0 on success.
 */
typedef struct MYSQL_PLUGIN_VIO {
  int (*read_packet)(struct MYSQL_PLUGIN_VIO *vio, unsigned char **buf);
  int (*write_packet)(struct MYSQL_PLUGIN_VIO *vio,
                      const unsigned char *packet, int packet_len);
  void (*info)(struct MYSQL_PLUGIN_VIO *vio, MYSQL_PLUGIN_VIO_INFO *info);
#if MYPLUGLOAD_ABI_GENERATION >= 80
  enum net_async_status (*read_packet_nonblocking)(struct MYSQL_PLUGIN_VIO *vio,
                                                   unsigned char **buf,
                                                   int *result);
  enum net_async_status (*write_packet_nonblocking)(
      struct MYSQL_PLUGIN_VIO *vio, const unsigned char *pkt, int pkt_len,
      int *result);
#endif
} MYSQL_PLUGIN_VIO;

MYPLUGLOAD_C_END

/* 5.x spelling of the tags. */
#define st_plugin_vio MYSQL_PLUGIN_VIO
#define st_plugin_vio_info MYSQL_PLUGIN_VIO_INFO

#ifdef MYPLUGLOAD_LP64
#if MYPLUGLOAD_ABI_GENERATION >= 80
MYPLUGLOAD_STATIC_ASSERT(sizeof(MYSQL_PLUGIN_VIO) == 40,
                         "MYSQL_PLUGIN_VIO must be 40 bytes (8.0)");
#else
MYPLUGLOAD_STATIC_ASSERT(sizeof(MYSQL_PLUGIN_VIO) == 24,
                         "MYSQL_PLUGIN_VIO must be 24 bytes (5.7)");
#endif
#endif

#endif /* MYPLUGLOAD_MYSQL_PLUGIN_AUTH_COMMON_H */
