/*
 * abi_layout.c: print the size of every plugin ABI struct and the offset
 * and size of each of its members, as JSON, so that a Go test can compare
 * them member by member with the layouts in package mysqlabi.
 *
 * It is built three times from this one source:
 *   abi_layout_80      our headers, MySQL 8.0 generation (the default)
 *   abi_layout_57      our headers with -DMYPLUGLOAD_ABI_57
 *   abi_layout_mariadb MariaDB's server headers (-DABI_LAYOUT_MARIADB and
 *                      -I<prefix>/include/mariadb/server), for the structs
 *                      both ABIs share
 *
 * Members are measured on an instance (address difference and sizeof), which
 * also works for the unnamed struct types the MYSQL_SYSVAR_* macros make.
 */
#include <stddef.h>
#include <stdio.h>

#include <mysql/plugin.h>
#include <mysql/plugin_audit.h>
#include <mysql/plugin_ftparser.h>
#include <mysql/plugin_auth_common.h>
#ifdef ABI_LAYOUT_MARIADB
#include <mysql/plugin_password_validation.h>
#include <mysql/plugin_auth.h>
#include <mysql/plugin_encryption.h>
#define GENERATION "mariadb"
typedef char layout_bool_t;
#else
#include <mysql/client_plugin.h>
#include <mysql/plugin_auth.h>
#include <mysql/udf_registration_types.h>
#if MYPLUGLOAD_ABI_GENERATION >= 80
#define GENERATION "mysql-8.0"
#else
#define GENERATION "mysql-5.7"
#endif
typedef myplugload_sysvar_bool layout_bool_t;
#endif

static int first_struct = 1;
static int first_field;

static void begin(const char *name, size_t size) {
  printf("%s\n    {\"name\": \"%s\", \"size\": %zu, \"fields\": [", first_struct ? "" : ",", name,
         size);
  first_struct = 0;
  first_field = 1;
}

static void field(const char *name, size_t offset, size_t size) {
  printf("%s\n      {\"name\": \"%s\", \"offset\": %zu, \"size\": %zu}", first_field ? "" : ",",
         name, offset, size);
  first_field = 0;
}

static void end(void) { printf("\n    ]}"); }

/* S opens a struct measured on instance v; F prints one member of it. */
#define S(v, cname) begin(cname, sizeof(v))
#define F(v, member)                                                         \
  field(#member, (size_t)((const char *)&(v).member - (const char *)&(v)), \
        sizeof((v).member))

/* Storage and typelib the system variable macros refer to. */
static layout_bool_t g_bool;
static char *g_str;
static int g_int;
static unsigned int g_uint;
static long g_long;
static unsigned long g_ulong;
static long long g_longlong;
static unsigned long long g_ulonglong;
static unsigned long g_enum;
static unsigned long long g_set;
static double g_double;
static const char *tl_names[] = {"one", NULL};
static TYPELIB tl = {1, "", tl_names, NULL};

static MYSQL_SYSVAR_BOOL(s_bool, g_bool, 0, "c", NULL, NULL, 0);
static MYSQL_SYSVAR_STR(s_str, g_str, 0, "c", NULL, NULL, "d");
static MYSQL_SYSVAR_INT(s_int, g_int, 0, "c", NULL, NULL, 0, 0, 1, 1);
static MYSQL_SYSVAR_UINT(s_uint, g_uint, 0, "c", NULL, NULL, 0, 0, 1, 1);
static MYSQL_SYSVAR_LONG(s_long, g_long, 0, "c", NULL, NULL, 0, 0, 1, 1);
static MYSQL_SYSVAR_ULONG(s_ulong, g_ulong, 0, "c", NULL, NULL, 0, 0, 1, 1);
static MYSQL_SYSVAR_LONGLONG(s_longlong, g_longlong, 0, "c", NULL, NULL, 0, 0, 1, 1);
static MYSQL_SYSVAR_ULONGLONG(s_ulonglong, g_ulonglong, 0, "c", NULL, NULL, 0, 0, 1, 1);
static MYSQL_SYSVAR_ENUM(s_enum, g_enum, 0, "c", NULL, NULL, 0, &tl);
static MYSQL_SYSVAR_SET(s_set, g_set, 0, "c", NULL, NULL, 0, &tl);
static MYSQL_SYSVAR_DOUBLE(s_double, g_double, 0, "c", NULL, NULL, 0, 0, 1, 0);
static MYSQL_THDVAR_BOOL(t_bool, 0, "c", NULL, NULL, 0);
static MYSQL_THDVAR_STR(t_str, 0, "c", NULL, NULL, "d");
static MYSQL_THDVAR_INT(t_int, 0, "c", NULL, NULL, 0, 0, 1, 1);
static MYSQL_THDVAR_UINT(t_uint, 0, "c", NULL, NULL, 0, 0, 1, 1);
static MYSQL_THDVAR_LONG(t_long, 0, "c", NULL, NULL, 0, 0, 1, 1);
static MYSQL_THDVAR_ULONG(t_ulong, 0, "c", NULL, NULL, 0, 0, 1, 1);
static MYSQL_THDVAR_LONGLONG(t_longlong, 0, "c", NULL, NULL, 0, 0, 1, 1);
static MYSQL_THDVAR_ULONGLONG(t_ulonglong, 0, "c", NULL, NULL, 0, 0, 1, 1);
static MYSQL_THDVAR_ENUM(t_enum, 0, "c", NULL, NULL, 0, &tl);
static MYSQL_THDVAR_SET(t_set, 0, "c", NULL, NULL, 0, &tl);
static MYSQL_THDVAR_DOUBLE(t_double, 0, "c", NULL, NULL, 0, 0, 1, 0);

/* The header every SYS_VAR shape starts with. */
#define HEADER(v) \
  F(v, flags);    \
  F(v, name);     \
  F(v, comment);  \
  F(v, check);    \
  F(v, update)

#define SYSVAR_BASIC(v, cname) \
  S(v, cname);                 \
  HEADER(v);                   \
  F(v, value);                 \
  F(v, def_val);               \
  end()
#define SYSVAR_SIMPLE(v, cname) \
  S(v, cname);                  \
  HEADER(v);                    \
  F(v, value);                  \
  F(v, def_val);                \
  F(v, min_val);                \
  F(v, max_val);                \
  F(v, blk_sz);                 \
  end()
#define SYSVAR_TYPELIB(v, cname) \
  S(v, cname);                   \
  HEADER(v);                     \
  F(v, value);                   \
  F(v, def_val);                 \
  F(v, typelib);                 \
  end()
#define THDVAR_BASIC(v, cname) \
  S(v, cname);                 \
  HEADER(v);                   \
  F(v, offset);                \
  F(v, def_val);               \
  F(v, resolve);               \
  end()
#define THDVAR_SIMPLE(v, cname) \
  S(v, cname);                  \
  HEADER(v);                    \
  F(v, offset);                 \
  F(v, def_val);                \
  F(v, min_val);                \
  F(v, max_val);                \
  F(v, blk_sz);                 \
  F(v, resolve);                \
  end()
#define THDVAR_TYPELIB(v, cname) \
  S(v, cname);                   \
  HEADER(v);                     \
  F(v, offset);                  \
  F(v, def_val);                 \
  F(v, resolve);                 \
  F(v, typelib);                 \
  end()

static void sysvar_shapes(void) {
  SYSVAR_BASIC(mysql_sysvar_s_bool, "sysvar_bool");
  SYSVAR_BASIC(mysql_sysvar_s_str, "sysvar_str");
  SYSVAR_SIMPLE(mysql_sysvar_s_int, "sysvar_int");
  SYSVAR_SIMPLE(mysql_sysvar_s_uint, "sysvar_uint");
  SYSVAR_SIMPLE(mysql_sysvar_s_long, "sysvar_long");
  SYSVAR_SIMPLE(mysql_sysvar_s_ulong, "sysvar_ulong");
  SYSVAR_SIMPLE(mysql_sysvar_s_longlong, "sysvar_longlong");
  SYSVAR_SIMPLE(mysql_sysvar_s_ulonglong, "sysvar_ulonglong");
  SYSVAR_TYPELIB(mysql_sysvar_s_enum, "sysvar_enum");
  SYSVAR_TYPELIB(mysql_sysvar_s_set, "sysvar_set");
  SYSVAR_SIMPLE(mysql_sysvar_s_double, "sysvar_double");
  THDVAR_BASIC(mysql_sysvar_t_bool, "thdvar_bool");
  THDVAR_BASIC(mysql_sysvar_t_str, "thdvar_str");
  THDVAR_SIMPLE(mysql_sysvar_t_int, "thdvar_int");
  THDVAR_SIMPLE(mysql_sysvar_t_uint, "thdvar_uint");
  THDVAR_SIMPLE(mysql_sysvar_t_long, "thdvar_long");
  THDVAR_SIMPLE(mysql_sysvar_t_ulong, "thdvar_ulong");
  THDVAR_SIMPLE(mysql_sysvar_t_longlong, "thdvar_longlong");
  THDVAR_SIMPLE(mysql_sysvar_t_ulonglong, "thdvar_ulonglong");
  THDVAR_TYPELIB(mysql_sysvar_t_enum, "thdvar_enum");
  THDVAR_TYPELIB(mysql_sysvar_t_set, "thdvar_set");
  THDVAR_SIMPLE(mysql_sysvar_t_double, "thdvar_double");
}

static struct st_mysql_plugin plugin;
#ifdef ABI_LAYOUT_MARIADB
static struct st_maria_plugin maria_plugin;
static struct st_mysql_show_var show_var;
static struct st_mariadb_password_validation password_validation;
static struct st_mysql_auth maria_auth;
static MYSQL_SERVER_AUTH_INFO maria_auth_info;
static struct st_mariadb_encryption maria_encryption;
#else
static SHOW_VAR show_var;
static struct st_mysql_client_plugin client_plugin;
static struct st_mysql_client_plugin_AUTHENTICATION client_auth;
static MYSQL_SERVER_AUTH_INFO server_auth_info;
static struct st_mysql_auth auth;
static UDF_ARGS udf_args;
static UDF_INIT udf_init;
#endif
static TYPELIB typelib;
static struct st_mysql_value value;
static struct st_mysql_daemon daemon_desc;
static struct st_mysql_audit audit;
static struct mysql_event_general event_general;
static struct mysql_event_connection event_connection;
static MYSQL_FTPARSER_BOOLEAN_INFO ft_boolean_info;
static MYSQL_FTPARSER_PARAM ft_param;
static struct st_mysql_ftparser ftparser;
static MYSQL_PLUGIN_VIO vio;

static void plugin_structs(void) {
  S(plugin, "st_mysql_plugin");
  F(plugin, type);
  F(plugin, info);
  F(plugin, name);
  F(plugin, author);
  F(plugin, descr);
  F(plugin, license);
  F(plugin, init);
#if !defined(ABI_LAYOUT_MARIADB) && MYPLUGLOAD_ABI_GENERATION >= 80
  F(plugin, check_uninstall);
#endif
  F(plugin, deinit);
  F(plugin, version);
  F(plugin, status_vars);
  F(plugin, system_vars);
  F(plugin, __reserved1);
  F(plugin, flags);
  end();
#ifdef ABI_LAYOUT_MARIADB
  S(maria_plugin, "st_maria_plugin");
  F(maria_plugin, type);
  F(maria_plugin, info);
  F(maria_plugin, name);
  F(maria_plugin, author);
  F(maria_plugin, descr);
  F(maria_plugin, license);
  F(maria_plugin, init);
  F(maria_plugin, deinit);
  F(maria_plugin, version);
  F(maria_plugin, status_vars);
  F(maria_plugin, system_vars);
  F(maria_plugin, version_info);
  F(maria_plugin, maturity);
  end();
#endif
  S(show_var, "SHOW_VAR");
  F(show_var, name);
  F(show_var, value);
  F(show_var, type);
#ifndef ABI_LAYOUT_MARIADB
  F(show_var, scope);
#endif
  end();
  S(typelib, "TYPELIB");
  F(typelib, count);
  F(typelib, name);
  F(typelib, type_names);
  F(typelib, type_lengths);
  end();
  S(value, "st_mysql_value");
  F(value, value_type);
  F(value, val_str);
  F(value, val_real);
  F(value, val_int);
  F(value, is_unsigned);
  end();
  S(daemon_desc, "st_mysql_daemon");
  F(daemon_desc, interface_version);
  end();
}

static void audit_structs(void) {
  S(audit, "st_mysql_audit");
  F(audit, interface_version);
  F(audit, release_thd);
  F(audit, event_notify);
  F(audit, class_mask);
  end();
  S(event_general, "mysql_event_general");
  F(event_general, event_subclass);
  F(event_general, general_error_code);
  F(event_general, general_thread_id);
  F(event_general, general_user);
#ifdef ABI_LAYOUT_MARIADB
  F(event_general, general_user_length);
  F(event_general, general_command);
  F(event_general, general_command_length);
  F(event_general, general_query);
  F(event_general, general_query_length);
  F(event_general, general_charset);
  F(event_general, general_time);
  F(event_general, general_rows);
  F(event_general, query_id);
  F(event_general, database);
#else
  F(event_general, general_command);
  F(event_general, general_query);
  F(event_general, general_charset);
  F(event_general, general_time);
  F(event_general, general_rows);
  F(event_general, general_host);
  F(event_general, general_sql_command);
  F(event_general, general_external_user);
  F(event_general, general_ip);
#endif
  end();
  S(event_connection, "mysql_event_connection");
  F(event_connection, event_subclass);
  F(event_connection, status);
#ifdef ABI_LAYOUT_MARIADB
  F(event_connection, thread_id);
  F(event_connection, user);
  F(event_connection, user_length);
  F(event_connection, priv_user);
  F(event_connection, priv_user_length);
  F(event_connection, external_user);
  F(event_connection, external_user_length);
  F(event_connection, proxy_user);
  F(event_connection, proxy_user_length);
  F(event_connection, host);
  F(event_connection, host_length);
  F(event_connection, ip);
  F(event_connection, ip_length);
  F(event_connection, database);
#else
  F(event_connection, connection_id);
  F(event_connection, user);
  F(event_connection, priv_user);
  F(event_connection, external_user);
  F(event_connection, proxy_user);
  F(event_connection, host);
  F(event_connection, ip);
  F(event_connection, database);
  F(event_connection, connection_type);
#endif
  end();
}

static void ftparser_structs(void) {
  S(ft_boolean_info, "MYSQL_FTPARSER_BOOLEAN_INFO");
  F(ft_boolean_info, type);
  F(ft_boolean_info, yesno);
  F(ft_boolean_info, weight_adjust);
  F(ft_boolean_info, wasign);
  F(ft_boolean_info, trunc);
#ifndef ABI_LAYOUT_MARIADB
  F(ft_boolean_info, position);
#endif
  F(ft_boolean_info, prev);
  F(ft_boolean_info, quot);
  end();
  S(ft_param, "MYSQL_FTPARSER_PARAM");
  F(ft_param, mysql_parse);
  F(ft_param, mysql_add_word);
  F(ft_param, ftparser_state);
  F(ft_param, mysql_ftparam);
  F(ft_param, cs);
  F(ft_param, doc);
  F(ft_param, length);
  F(ft_param, flags);
  F(ft_param, mode);
  end();
  S(ftparser, "st_mysql_ftparser");
  F(ftparser, interface_version);
  F(ftparser, parse);
  F(ftparser, init);
  F(ftparser, deinit);
  end();
}

static void auth_structs(void) {
  S(vio, "MYSQL_PLUGIN_VIO");
  F(vio, read_packet);
  F(vio, write_packet);
  F(vio, info);
#if !defined(ABI_LAYOUT_MARIADB) && MYPLUGLOAD_ABI_GENERATION >= 80
  F(vio, read_packet_nonblocking);
  F(vio, write_packet_nonblocking);
#endif
  end();
#ifdef ABI_LAYOUT_MARIADB
  S(password_validation, "st_mariadb_password_validation");
  F(password_validation, interface_version);
  F(password_validation, validate_password);
  end();
  S(maria_auth, "st_mysql_auth");
  F(maria_auth, interface_version);
  F(maria_auth, client_auth_plugin);
  F(maria_auth, authenticate_user);
  F(maria_auth, hash_password);
  F(maria_auth, preprocess_hash);
  end();
  S(maria_auth_info, "MYSQL_SERVER_AUTH_INFO");
  F(maria_auth_info, user_name);
  F(maria_auth_info, user_name_length);
  F(maria_auth_info, auth_string);
  F(maria_auth_info, auth_string_length);
  F(maria_auth_info, authenticated_as);
  F(maria_auth_info, external_user);
  F(maria_auth_info, password_used);
  F(maria_auth_info, host_or_ip);
  F(maria_auth_info, host_or_ip_length);
  F(maria_auth_info, thd);
  end();
  S(maria_encryption, "st_mariadb_encryption");
  F(maria_encryption, interface_version);
  F(maria_encryption, get_latest_key_version);
  F(maria_encryption, get_key);
  F(maria_encryption, crypt_ctx_size);
  F(maria_encryption, crypt_ctx_init);
  F(maria_encryption, crypt_ctx_update);
  F(maria_encryption, crypt_ctx_finish);
  F(maria_encryption, encrypted_length);
  end();
#else
  S(server_auth_info, "MYSQL_SERVER_AUTH_INFO");
  F(server_auth_info, user_name);
  F(server_auth_info, user_name_length);
  F(server_auth_info, auth_string);
  F(server_auth_info, auth_string_length);
  F(server_auth_info, authenticated_as);
  F(server_auth_info, external_user);
  F(server_auth_info, password_used);
  F(server_auth_info, host_or_ip);
  F(server_auth_info, host_or_ip_length);
#if MYPLUGLOAD_ABI_GENERATION >= 80
  F(server_auth_info, additional_auth_string);
  F(server_auth_info, additional_auth_string_length);
  F(server_auth_info, current_auth_factor);
  F(server_auth_info, multi_factor_auth_info);
#endif
  end();
  S(auth, "st_mysql_auth");
  F(auth, interface_version);
  F(auth, client_auth_plugin);
  F(auth, authenticate_user);
  F(auth, generate_authentication_string);
  F(auth, validate_authentication_string);
  F(auth, set_salt);
  F(auth, authentication_flags);
#if MYPLUGLOAD_ABI_GENERATION >= 80
  F(auth, compare_password_with_hash);
#endif
  end();
#endif
}

#ifndef ABI_LAYOUT_MARIADB
/* The members every client plugin starts with. */
#define CLIENT_HEAD(v)     \
  F(v, type);              \
  F(v, interface_version); \
  F(v, name);              \
  F(v, author);            \
  F(v, desc);              \
  F(v, version);           \
  F(v, license);           \
  F(v, mysql_api);         \
  F(v, init);              \
  F(v, deinit);            \
  F(v, options)

static void client_and_udf_structs(void) {
  S(client_plugin, "st_mysql_client_plugin");
  CLIENT_HEAD(client_plugin);
#if MYPLUGLOAD_ABI_GENERATION >= 80
  F(client_plugin, get_options);
#endif
  end();
  S(client_auth, "st_mysql_client_plugin_AUTHENTICATION");
  CLIENT_HEAD(client_auth);
#if MYPLUGLOAD_ABI_GENERATION >= 80
  F(client_auth, get_options);
  F(client_auth, authenticate_user);
  F(client_auth, authenticate_user_nonblocking);
#else
  F(client_auth, authenticate_user);
#endif
  end();
  S(udf_args, "UDF_ARGS");
  F(udf_args, arg_count);
  F(udf_args, arg_type);
  F(udf_args, args);
  F(udf_args, lengths);
  F(udf_args, maybe_null);
  F(udf_args, attributes);
  F(udf_args, attribute_lengths);
  F(udf_args, extension);
  end();
  S(udf_init, "UDF_INIT");
  F(udf_init, maybe_null);
  F(udf_init, decimals);
  F(udf_init, max_length);
  F(udf_init, ptr);
  F(udf_init, const_item);
  F(udf_init, extension);
  end();
}
#endif

int main(void) {
  printf("{\"generation\": \"%s\", \"structs\": [", GENERATION);
  sysvar_shapes();
  plugin_structs();
  audit_structs();
  ftparser_structs();
  auth_structs();
#ifndef ABI_LAYOUT_MARIADB
  client_and_udf_structs();
#endif
  printf("\n]}\n");
  return 0;
}
