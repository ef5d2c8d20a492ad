/*
 * myplugload clean-room plugin headers: AUDIT plugins, API 0x0401
 * (MySQL 5.7, 8.0, 8.4, 9.x).  The version number is the same in 5.7 and
 * 8.0, but 8.0 has two more event classes and so a longer class_mask.
 */
#ifndef MYPLUGLOAD_MYSQL_PLUGIN_AUDIT_H
#define MYPLUGLOAD_MYSQL_PLUGIN_AUDIT_H

#include "mysql/abi_generation.h"
#include "mysql/mysql_lex_string.h"
#include "mysql/plugin.h"

#define MYSQL_AUDIT_INTERFACE_VERSION 0x0401

/* Event classes; also the index into st_mysql_audit.class_mask. */
typedef enum {
  MYSQL_AUDIT_GENERAL_CLASS = 0,
  MYSQL_AUDIT_CONNECTION_CLASS = 1,
  MYSQL_AUDIT_PARSE_CLASS = 2,
  MYSQL_AUDIT_AUTHORIZATION_CLASS = 3, /* subscribing is refused */
  MYSQL_AUDIT_TABLE_ACCESS_CLASS = 4,
  MYSQL_AUDIT_GLOBAL_VARIABLE_CLASS = 5,
  MYSQL_AUDIT_SERVER_STARTUP_CLASS = 6,
  MYSQL_AUDIT_SERVER_SHUTDOWN_CLASS = 7,
  MYSQL_AUDIT_COMMAND_CLASS = 8,
  MYSQL_AUDIT_QUERY_CLASS = 9,
  MYSQL_AUDIT_STORED_PROGRAM_CLASS = 10,
#if MYPLUGLOAD_ABI_GENERATION >= 80
  MYSQL_AUDIT_AUTHENTICATION_CLASS = 11,
  MYSQL_AUDIT_MESSAGE_CLASS = 12,
  MYSQL_AUDIT_CLASS_MASK_SIZE = 13
#else
  MYSQL_AUDIT_CLASS_MASK_SIZE = 11
#endif
} mysql_event_class_t;

/* Subclasses are bit flags, ORed into class_mask[class]. */

typedef enum {
  MYSQL_AUDIT_GENERAL_LOG = 1 << 0,
  MYSQL_AUDIT_GENERAL_ERROR = 1 << 1,
  MYSQL_AUDIT_GENERAL_RESULT = 1 << 2,
  MYSQL_AUDIT_GENERAL_STATUS = 1 << 3
} mysql_event_general_subclass_t;
#define MYSQL_AUDIT_GENERAL_ALL                                \
  (MYSQL_AUDIT_GENERAL_LOG | MYSQL_AUDIT_GENERAL_ERROR |       \
   MYSQL_AUDIT_GENERAL_RESULT | MYSQL_AUDIT_GENERAL_STATUS)

typedef enum {
  MYSQL_AUDIT_CONNECTION_CONNECT = 1 << 0,
  MYSQL_AUDIT_CONNECTION_DISCONNECT = 1 << 1,
  MYSQL_AUDIT_CONNECTION_CHANGE_USER = 1 << 2,
  MYSQL_AUDIT_CONNECTION_PRE_AUTHENTICATE = 1 << 3
} mysql_event_connection_subclass_t;
#define MYSQL_AUDIT_CONNECTION_ALL                                   \
  (MYSQL_AUDIT_CONNECTION_CONNECT | MYSQL_AUDIT_CONNECTION_DISCONNECT | \
   MYSQL_AUDIT_CONNECTION_CHANGE_USER |                              \
   MYSQL_AUDIT_CONNECTION_PRE_AUTHENTICATE)

/* Subclass bits of the other classes. */
#define MYSQL_AUDIT_PARSE_PREPARSE (1 << 0)
#define MYSQL_AUDIT_PARSE_POSTPARSE (1 << 1)
#define MYSQL_AUDIT_PARSE_ALL \
  (MYSQL_AUDIT_PARSE_PREPARSE | MYSQL_AUDIT_PARSE_POSTPARSE)

#define MYSQL_AUDIT_TABLE_ACCESS_READ (1 << 0)
#define MYSQL_AUDIT_TABLE_ACCESS_INSERT (1 << 1)
#define MYSQL_AUDIT_TABLE_ACCESS_UPDATE (1 << 2)
#define MYSQL_AUDIT_TABLE_ACCESS_DELETE (1 << 3)
#define MYSQL_AUDIT_TABLE_ACCESS_ALL                                    \
  (MYSQL_AUDIT_TABLE_ACCESS_READ | MYSQL_AUDIT_TABLE_ACCESS_INSERT |    \
   MYSQL_AUDIT_TABLE_ACCESS_UPDATE | MYSQL_AUDIT_TABLE_ACCESS_DELETE)

#define MYSQL_AUDIT_GLOBAL_VARIABLE_GET (1 << 0)
#define MYSQL_AUDIT_GLOBAL_VARIABLE_SET (1 << 1)
#define MYSQL_AUDIT_GLOBAL_VARIABLE_ALL \
  (MYSQL_AUDIT_GLOBAL_VARIABLE_GET | MYSQL_AUDIT_GLOBAL_VARIABLE_SET)

#define MYSQL_AUDIT_SERVER_STARTUP_STARTUP (1 << 0)
#define MYSQL_AUDIT_SERVER_STARTUP_ALL MYSQL_AUDIT_SERVER_STARTUP_STARTUP

#define MYSQL_AUDIT_SERVER_SHUTDOWN_SHUTDOWN (1 << 0)
#define MYSQL_AUDIT_SERVER_SHUTDOWN_ALL MYSQL_AUDIT_SERVER_SHUTDOWN_SHUTDOWN

#define MYSQL_AUDIT_COMMAND_START (1 << 0)
#define MYSQL_AUDIT_COMMAND_END (1 << 1)
#define MYSQL_AUDIT_COMMAND_ALL \
  (MYSQL_AUDIT_COMMAND_START | MYSQL_AUDIT_COMMAND_END)

#define MYSQL_AUDIT_QUERY_START (1 << 0)
#define MYSQL_AUDIT_QUERY_NESTED_START (1 << 1)
#define MYSQL_AUDIT_QUERY_STATUS_END (1 << 2)
#define MYSQL_AUDIT_QUERY_NESTED_STATUS_END (1 << 3)
#define MYSQL_AUDIT_QUERY_ALL                                        \
  (MYSQL_AUDIT_QUERY_START | MYSQL_AUDIT_QUERY_NESTED_START |        \
   MYSQL_AUDIT_QUERY_STATUS_END | MYSQL_AUDIT_QUERY_NESTED_STATUS_END)

#define MYSQL_AUDIT_STORED_PROGRAM_EXECUTE (1 << 0)
#define MYSQL_AUDIT_STORED_PROGRAM_ALL MYSQL_AUDIT_STORED_PROGRAM_EXECUTE

#if MYPLUGLOAD_ABI_GENERATION >= 80
#define MYSQL_AUDIT_AUTHENTICATION_FLUSH (1 << 0)
#define MYSQL_AUDIT_AUTHENTICATION_AUTHID_CREATE (1 << 1)
#define MYSQL_AUDIT_AUTHENTICATION_CREDENTIAL_CHANGE (1 << 2)
#define MYSQL_AUDIT_AUTHENTICATION_AUTHID_RENAME (1 << 3)
#define MYSQL_AUDIT_AUTHENTICATION_AUTHID_DROP (1 << 4)
#define MYSQL_AUDIT_AUTHENTICATION_ALL                                 \
  (MYSQL_AUDIT_AUTHENTICATION_FLUSH |                                  \
   MYSQL_AUDIT_AUTHENTICATION_AUTHID_CREATE |                          \
   MYSQL_AUDIT_AUTHENTICATION_CREDENTIAL_CHANGE |                      \
   MYSQL_AUDIT_AUTHENTICATION_AUTHID_RENAME |                          \
   MYSQL_AUDIT_AUTHENTICATION_AUTHID_DROP)

#define MYSQL_AUDIT_MESSAGE_INTERNAL (1 << 0)
#define MYSQL_AUDIT_MESSAGE_USER (1 << 1)
#define MYSQL_AUDIT_MESSAGE_ALL \
  (MYSQL_AUDIT_MESSAGE_INTERNAL | MYSQL_AUDIT_MESSAGE_USER)
#endif

/*
 * GENERAL class event.  LP64: event_subclass 0, general_error_code 4,
 * general_thread_id 8, general_user 16, general_command 32,
 * general_query 48, general_charset 64, general_time 72, general_rows 80,
 * general_host 88, general_sql_command 104, general_external_user 120,
 * general_ip 136; sizeof 152.
 */
struct mysql_event_general {
  mysql_event_general_subclass_t event_subclass;
  int general_error_code;
  unsigned long general_thread_id;
  MYSQL_LEX_CSTRING general_user;
  MYSQL_LEX_CSTRING general_command;
  MYSQL_LEX_CSTRING general_query;
  const CHARSET_INFO *general_charset;
  unsigned long long general_time;
  unsigned long long general_rows;
  MYSQL_LEX_CSTRING general_host;
  MYSQL_LEX_CSTRING general_sql_command;
  MYSQL_LEX_CSTRING general_external_user;
  MYSQL_LEX_CSTRING general_ip;
};

/*
 * CONNECTION class event.  LP64: event_subclass 0, status 4,
 * connection_id 8, user 16, priv_user 32, external_user 48,
 * proxy_user 64, host 80, ip 96, database 112, connection_type 128;
 * sizeof 136.  connection_type: 0 undefined, 1 TCP/IP, 2 socket,
 * 3 named pipe, 4 SSL, 5 shared memory.
 */
struct mysql_event_connection {
  mysql_event_connection_subclass_t event_subclass;
  int status;
  unsigned long connection_id;
  MYSQL_LEX_CSTRING user;
  MYSQL_LEX_CSTRING priv_user;
  MYSQL_LEX_CSTRING external_user;
  MYSQL_LEX_CSTRING proxy_user;
  MYSQL_LEX_CSTRING host;
  MYSQL_LEX_CSTRING ip;
  MYSQL_LEX_CSTRING database;
  int connection_type;
};

/* PARSE flags word: a plugin that rewrote the query sets
   MYSQL_AUDIT_PARSE_REWRITE_PLUGIN_QUERY_REWRITTEN and points
   rewritten_query->str at a NUL-terminated copy allocated with my_malloc
   (mysql_malloc service); the server frees it. */
#define MYSQL_AUDIT_PARSE_REWRITE_PLUGIN_QUERY_REWRITTEN (1 << 0)
#define MYSQL_AUDIT_PARSE_REWRITE_PLUGIN_IS_PREPARED_STATEMENT (1 << 1)

/* PARSE (class 2).  LP64: event_subclass 0, flags 8, query 16,
   rewritten_query 32; sizeof 40. */
struct mysql_event_parse {
  int event_subclass;
  int *flags;
  MYSQL_LEX_CSTRING query;
  MYSQL_LEX_CSTRING *rewritten_query;
};

/* TABLE_ACCESS (class 4).  LP64: event_subclass 0, connection_id 8,
   sql_command_id 16, query 24, query_charset 40, table_database 48,
   table_name 64; sizeof 80. */
struct mysql_event_table_access {
  int event_subclass;
  unsigned long connection_id;
  int sql_command_id;
  MYSQL_LEX_CSTRING query;
  const CHARSET_INFO *query_charset;
  MYSQL_LEX_CSTRING table_database;
  MYSQL_LEX_CSTRING table_name;
};

/* GLOBAL_VARIABLE (class 5).  LP64: event_subclass 0, connection_id 8,
   sql_command_id 16, variable_name 24, variable_value 40; sizeof 56. */
struct mysql_event_global_variable {
  int event_subclass;
  unsigned long connection_id;
  int sql_command_id;
  MYSQL_LEX_CSTRING variable_name;
  MYSQL_LEX_CSTRING variable_value;
};

/* SERVER_STARTUP (class 6).  LP64: event_subclass 0, argv 8, argc 16;
   sizeof 24. */
struct mysql_event_server_startup {
  int event_subclass;
  const char **argv;
  unsigned int argc;
};

/* SERVER_SHUTDOWN (class 7).  reason: 0 shutdown, 1 abort.  sizeof 12. */
#define MYSQL_AUDIT_SERVER_SHUTDOWN_REASON_SHUTDOWN 0
#define MYSQL_AUDIT_SERVER_SHUTDOWN_REASON_ABORT 1
struct mysql_event_server_shutdown {
  int event_subclass;
  int exit_code;
  int reason;
};

/* COMMAND (class 8).  LP64: event_subclass 0, status 4, connection_id 8,
   command_id 16 (enum_server_command: 3 = COM_QUERY); sizeof 24. */
struct mysql_event_command {
  int event_subclass;
  int status;
  unsigned long connection_id;
  int command_id;
};

/* QUERY (class 9).  LP64: event_subclass 0, status 4, connection_id 8,
   sql_command_id 16, query 24, query_charset 40; sizeof 48. */
struct mysql_event_query {
  int event_subclass;
  int status;
  unsigned long connection_id;
  int sql_command_id;
  MYSQL_LEX_CSTRING query;
  const CHARSET_INFO *query_charset;
};

/* STORED_PROGRAM (class 10).  LP64: event_subclass 0, connection_id 8,
   sql_command_id 16, query 24, query_charset 40, database 48, name 64,
   parameters 80; sizeof 88. */
struct mysql_event_stored_program {
  int event_subclass;
  unsigned long connection_id;
  int sql_command_id;
  MYSQL_LEX_CSTRING query;
  const CHARSET_INFO *query_charset;
  MYSQL_LEX_CSTRING database;
  MYSQL_LEX_CSTRING name;
  void *parameters;
};

#if MYPLUGLOAD_ABI_GENERATION >= 80
/* AUTHENTICATION (class 11, 8.0).  connection_id is an unsigned int here.
   LP64: event_subclass 0, status 4, connection_id 8, sql_command_id 12,
   query 16, query_charset 32, user 40, host 56, authentication_plugin 72,
   new_user 88, new_host 104, is_role 120; sizeof 128. */
struct mysql_event_authentication {
  int event_subclass;
  int status;
  unsigned int connection_id;
  int sql_command_id;
  MYSQL_LEX_CSTRING query;
  const CHARSET_INFO *query_charset;
  MYSQL_LEX_CSTRING user;
  MYSQL_LEX_CSTRING host;
  MYSQL_LEX_CSTRING authentication_plugin;
  MYSQL_LEX_CSTRING new_user;
  MYSQL_LEX_CSTRING new_host;
  bool is_role;
};

/* MESSAGE (class 12, 8.0).  LP64: event_subclass 0, component 8,
   producer 24, message 40, key_value_map 56, key_value_map_length 64;
   sizeof 72.  The subclass says INTERNAL or USER. */
struct mysql_event_message {
  int event_subclass;
  MYSQL_LEX_CSTRING component;
  MYSQL_LEX_CSTRING producer;
  MYSQL_LEX_CSTRING message;
  void *key_value_map;
  size_t key_value_map_length;
};
#endif

MYPLUGLOAD_C_BEGIN

/*
 * AUDIT descriptor.  LP64: interface_version 0, release_thd 8,
 * event_notify 16, class_mask 24; sizeof 24 + 8 * MYSQL_AUDIT_CLASS_MASK_SIZE
 * (128 in 8.0, 112 in 5.7).  event_notify returns non-zero to abort the
 * operation (ignored for non-abortable events).
 */
struct st_mysql_audit {
  int interface_version;
  void (*release_thd)(MYSQL_THD thd);
  int (*event_notify)(MYSQL_THD thd, mysql_event_class_t event_class,
                      const void *event);
  unsigned long class_mask[MYSQL_AUDIT_CLASS_MASK_SIZE];
};

MYPLUGLOAD_C_END

#ifdef MYPLUGLOAD_LP64
MYPLUGLOAD_STATIC_ASSERT(sizeof(MYSQL_LEX_CSTRING) == 16,
                         "MYSQL_LEX_CSTRING must be 16 bytes");
MYPLUGLOAD_STATIC_ASSERT(sizeof(struct mysql_event_general) == 152,
                         "mysql_event_general must be 152 bytes");
MYPLUGLOAD_STATIC_ASSERT(offsetof(struct mysql_event_general,
                                  general_charset) == 64,
                         "mysql_event_general.general_charset at 64");
MYPLUGLOAD_STATIC_ASSERT(offsetof(struct mysql_event_general, general_ip) ==
                             136,
                         "mysql_event_general.general_ip at 136");
MYPLUGLOAD_STATIC_ASSERT(sizeof(struct mysql_event_connection) == 136,
                         "mysql_event_connection must be 136 bytes");
MYPLUGLOAD_STATIC_ASSERT(offsetof(struct mysql_event_connection,
                                  connection_type) == 128,
                         "mysql_event_connection.connection_type at 128");
MYPLUGLOAD_STATIC_ASSERT(sizeof(struct mysql_event_parse) == 40, "mysql_event_parse must be 40 bytes");
MYPLUGLOAD_STATIC_ASSERT(sizeof(struct mysql_event_table_access) == 80,
                         "mysql_event_table_access must be 80 bytes");
MYPLUGLOAD_STATIC_ASSERT(sizeof(struct mysql_event_global_variable) == 56,
                         "mysql_event_global_variable must be 56 bytes");
MYPLUGLOAD_STATIC_ASSERT(sizeof(struct mysql_event_server_startup) == 24,
                         "mysql_event_server_startup must be 24 bytes");
MYPLUGLOAD_STATIC_ASSERT(sizeof(struct mysql_event_server_shutdown) == 12,
                         "mysql_event_server_shutdown must be 12 bytes");
MYPLUGLOAD_STATIC_ASSERT(sizeof(struct mysql_event_command) == 24, "mysql_event_command must be 24 bytes");
MYPLUGLOAD_STATIC_ASSERT(sizeof(struct mysql_event_query) == 48, "mysql_event_query must be 48 bytes");
MYPLUGLOAD_STATIC_ASSERT(sizeof(struct mysql_event_stored_program) == 88,
                         "mysql_event_stored_program must be 88 bytes");
#if MYPLUGLOAD_ABI_GENERATION >= 80
MYPLUGLOAD_STATIC_ASSERT(sizeof(struct mysql_event_authentication) == 128,
                         "mysql_event_authentication must be 128 bytes");
MYPLUGLOAD_STATIC_ASSERT(offsetof(struct mysql_event_authentication, is_role) == 120,
                         "mysql_event_authentication.is_role at 120");
MYPLUGLOAD_STATIC_ASSERT(sizeof(struct mysql_event_message) == 72, "mysql_event_message must be 72 bytes");
#endif
#if MYPLUGLOAD_ABI_GENERATION >= 80
MYPLUGLOAD_STATIC_ASSERT(sizeof(struct st_mysql_audit) == 128,
                         "st_mysql_audit must be 128 bytes (8.0)");
#else
MYPLUGLOAD_STATIC_ASSERT(sizeof(struct st_mysql_audit) == 112,
                         "st_mysql_audit must be 112 bytes (5.7)");
#endif
#endif

#endif /* MYPLUGLOAD_MYSQL_PLUGIN_AUDIT_H */
