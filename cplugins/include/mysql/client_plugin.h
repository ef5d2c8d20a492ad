/*
 * myplugload clean-room plugin headers: client-side plugins (loaded by
 * libmysqlclient / Connector/C).  A client plugin library exports one
 * struct, _mysql_client_plugin_declaration_.
 */
#ifndef MYPLUGLOAD_MYSQL_CLIENT_PLUGIN_H
#define MYPLUGLOAD_MYSQL_CLIENT_PLUGIN_H

#include <stdarg.h>
#include <stddef.h>

#include "mysql/abi_generation.h"
#include "mysql/plugin_auth_common.h"

/* Client plugin types (header field `type`). */
#define MYSQL_CLIENT_reserved1 0
#define MYSQL_CLIENT_reserved2 1
#define MYSQL_CLIENT_AUTHENTICATION_PLUGIN 2
#define MYSQL_CLIENT_TRACE_PLUGIN 3
#define MYSQL_CLIENT_MAX_PLUGINS 4

#if MYPLUGLOAD_ABI_GENERATION >= 80
#define MYSQL_CLIENT_AUTHENTICATION_PLUGIN_INTERFACE_VERSION 0x0200
#define MYSQL_CLIENT_TRACE_PLUGIN_INTERFACE_VERSION 0x0200
#else
#define MYSQL_CLIENT_AUTHENTICATION_PLUGIN_INTERFACE_VERSION 0x0100
#define MYSQL_CLIENT_TRACE_PLUGIN_INTERFACE_VERSION 0x0100
#endif

/* Client connection handle (opaque here). */
#ifndef MYPLUGLOAD_MYSQL_HANDLE_DEFINED
#define MYPLUGLOAD_MYSQL_HANDLE_DEFINED
struct st_mysql;
typedef struct st_mysql MYSQL;
#endif

/*
 * Fields every client plugin starts with.  LP64: type 0,
 * interface_version 4, name 8, author 16, desc 24, version 32 (3 x uint),
 * license 48, mysql_api 56, init 64, deinit 72, options 80,
 * 8.0 only: get_options 88; sizeof 96 (5.5-5.7: 88).
 * init gets an error buffer and its size; non-zero return = failure.
 */
#if MYPLUGLOAD_ABI_GENERATION >= 80
#define MYPLUGLOAD_CLIENT_PLUGIN_GET_OPTIONS_FIELD \
  int (*get_options)(const char *option, void *value);
#else
#define MYPLUGLOAD_CLIENT_PLUGIN_GET_OPTIONS_FIELD
#endif

#define MYSQL_CLIENT_PLUGIN_HEADER                                 \
  int type;                                                        \
  unsigned int interface_version;                                  \
  const char *name;                                                \
  const char *author;                                              \
  const char *desc;                                                \
  unsigned int version[3];                                         \
  const char *license;                                             \
  void *mysql_api;                                                 \
  int (*init)(char *errbuf, size_t errbuf_len, int argc, va_list args); \
  int (*deinit)(void);                                             \
  int (*options)(const char *option, const void *value);           \
  MYPLUGLOAD_CLIENT_PLUGIN_GET_OPTIONS_FIELD

MYPLUGLOAD_C_BEGIN

struct st_mysql_client_plugin {
  MYSQL_CLIENT_PLUGIN_HEADER
};

/* Authentication client plugin: header, then authenticate_user (96 in 8.0)
   and, in 8.0, authenticate_user_nonblocking (104). */
struct st_mysql_client_plugin_AUTHENTICATION {
  MYSQL_CLIENT_PLUGIN_HEADER
  int (*authenticate_user)(MYSQL_PLUGIN_VIO *vio, MYSQL *mysql);
#if MYPLUGLOAD_ABI_GENERATION >= 80
  enum net_async_status (*authenticate_user_nonblocking)(MYSQL_PLUGIN_VIO *vio,
                                                         MYSQL *mysql,
                                                         int *result);
#endif
};
typedef struct st_mysql_client_plugin_AUTHENTICATION auth_plugin_t;

MYPLUGLOAD_C_END

/*
 * Positional slots present only in 8.0; each expands to `fn,` there and
 * to nothing in 5.5-5.7:
 *   ..., options, MYPLUGLOAD_CLIENT_GET_OPTIONS(NULL)
 *   authenticate_user, MYPLUGLOAD_CLIENT_AUTH_NONBLOCKING(NULL)
 */
#if MYPLUGLOAD_ABI_GENERATION >= 80
#define MYPLUGLOAD_CLIENT_GET_OPTIONS(fn) fn,
#define MYPLUGLOAD_CLIENT_AUTH_NONBLOCKING(fn) fn,
#else
#define MYPLUGLOAD_CLIENT_GET_OPTIONS(fn)
#define MYPLUGLOAD_CLIENT_AUTH_NONBLOCKING(fn)
#endif

/*
 * Usage:
 *   mysql_declare_client_plugin(AUTHENTICATION)
 *     "name", "author", "description", {1, 0, 0}, "GPL", NULL,
 *     init, deinit, options, [get_options,] authenticate_user
 *     [, authenticate_user_nonblocking]
 *   mysql_end_client_plugin;
 * type and interface_version are filled in from X.
 */
#define mysql_declare_client_plugin(X)                                 \
  MYPLUGLOAD_EXPORT_VAR_DECL(struct st_mysql_client_plugin_##X         \
                             _mysql_client_plugin_declaration_)        \
  MYPLUGLOAD_VISIBLE struct st_mysql_client_plugin_##X                 \
      _mysql_client_plugin_declaration_ = {                            \
          MYSQL_CLIENT_##X##_PLUGIN,                                   \
          MYSQL_CLIENT_##X##_PLUGIN_INTERFACE_VERSION,
#define mysql_end_client_plugin }

#ifdef MYPLUGLOAD_LP64
#if MYPLUGLOAD_ABI_GENERATION >= 80
MYPLUGLOAD_STATIC_ASSERT(sizeof(struct st_mysql_client_plugin) == 96,
                         "client plugin header must be 96 bytes (8.0)");
MYPLUGLOAD_STATIC_ASSERT(sizeof(struct st_mysql_client_plugin_AUTHENTICATION) ==
                             112,
                         "client auth plugin must be 112 bytes (8.0)");
#else
MYPLUGLOAD_STATIC_ASSERT(sizeof(struct st_mysql_client_plugin) == 88,
                         "client plugin header must be 88 bytes (5.7)");
MYPLUGLOAD_STATIC_ASSERT(sizeof(struct st_mysql_client_plugin_AUTHENTICATION) ==
                             96,
                         "client auth plugin must be 96 bytes (5.7)");
#endif
MYPLUGLOAD_STATIC_ASSERT(offsetof(struct st_mysql_client_plugin, options) == 80,
                         "client plugin options at 80");
#endif

#endif /* MYPLUGLOAD_MYSQL_CLIENT_PLUGIN_H */
