/*
 * Compile check for cplugins/include.  Includes every header, instantiates
 * every MYSQL_SYSVAR_* and MYSQL_THDVAR_* macro, declares one plugin of
 * each descriptor kind plus a client plugin, and checks the LP64 sizes of
 * the generated variable shapes.  header_check.cc builds the same source
 * as C++.  It references no service pointers, so the only exported data
 * symbols are the ABI symbols.
 *
 *   gcc -std=c11 -Wall -Wextra -Werror -pedantic -fPIC -shared \
 *       -DMYSQL_DYNAMIC_PLUGIN -Icplugins/include \
 *       cplugins/tests/header_check.c -o /tmp/hc.so
 */
#include <limits.h>
#include <stddef.h>

#include <mysql/abi_generation.h>
#include <mysql/client_plugin.h>
#include <mysql/mysql_lex_string.h>
#include <mysql/plugin.h>
#include <mysql/plugin_audit.h>
#include <mysql/plugin_auth.h>
#include <mysql/plugin_auth_common.h>
#include <mysql/plugin_clone.h>
#include <mysql/plugin_ftparser.h>
#include <mysql/plugin_group_replication.h>
#include <mysql/plugin_keyring.h>
#include <mysql/plugin_validate_password.h>
#include <mysql/service_my_plugin_log.h>
#include <mysql/service_my_print_error.h>
#include <mysql/service_my_snprintf.h>
#include <mysql/service_mysql_alloc.h>
#include <mysql/service_mysql_string.h>
#include <mysql/service_security_context.h>
#include <mysql/service_thd_alloc.h>
#include <mysql/services.h>
#include <mysql/status_var.h>
#include <mysql/udf_registration_types.h>
#include <mysql_version.h>
#include <service_versions.h>
#include <typelib.h>

/* Generation-dependent expectations. */
#if MYPLUGLOAD_ABI_GENERATION >= 80
MYPLUGLOAD_STATIC_ASSERT(MYSQL_PLUGIN_INTERFACE_VERSION == 0x010B, "8.0 iface");
MYPLUGLOAD_STATIC_ASSERT(MYSQL_MAX_PLUGIN_TYPE_NUM == 12, "8.0 types");
MYPLUGLOAD_STATIC_ASSERT(PLUGIN_VAR_INVISIBLE == 0x40000, "8.0 INVISIBLE");
MYPLUGLOAD_STATIC_ASSERT(MYSQL_AUDIT_CLASS_MASK_SIZE == 13, "8.0 audit mask");
#else
MYPLUGLOAD_STATIC_ASSERT(MYSQL_PLUGIN_INTERFACE_VERSION == 0x0107, "5.7 iface");
MYPLUGLOAD_STATIC_ASSERT(MYSQL_MAX_PLUGIN_TYPE_NUM == 11, "5.7 types");
MYPLUGLOAD_STATIC_ASSERT(PLUGIN_VAR_INVISIBLE == 0x10000, "5.7 INVISIBLE");
MYPLUGLOAD_STATIC_ASSERT(MYSQL_AUDIT_CLASS_MASK_SIZE == 11, "5.7 audit mask");
#endif
MYPLUGLOAD_STATIC_ASSERT(PLUGIN_VAR_NODEFAULT == 0x4000, "NODEFAULT");
MYPLUGLOAD_STATIC_ASSERT(VERSION_security_context == 0x0101, "security_context");

/* ---- system variables ---------------------------------------------- */

static const char *check_color_names[] = {"red", "green", "blue", NULL};
static TYPELIB check_color_typelib = {3, "check_color_typelib",
                                      check_color_names, NULL};

static int check_int_value(MYSQL_THD thd, SYS_VAR *var, void *save,
                           struct st_mysql_value *value) {
  long long v = 0;
  (void)thd;
  (void)var;
  if (value->value_type(value) != MYSQL_VALUE_TYPE_INT) return 1;
  if (value->val_int(value, &v)) return 1;
  if (v < INT_MIN || v > INT_MAX) return 1;
  *(int *)save = (int)v;
  return 0;
}

static void update_int_value(MYSQL_THD thd, SYS_VAR *var, void *var_ptr,
                             const void *save) {
  (void)thd;
  (void)var;
  *(int *)var_ptr = *(const int *)save;
}

static myplugload_sysvar_bool check_bool_var;
static char *check_str_var;
static int check_int_var;
static unsigned int check_uint_var;
static long check_long_var;
static unsigned long check_ulong_var;
static long long check_longlong_var;
static unsigned long long check_ulonglong_var;
static unsigned long check_enum_var;
static unsigned long long check_set_var;
static double check_double_var;

static MYSQL_SYSVAR_BOOL(g_bool, check_bool_var, PLUGIN_VAR_OPCMDARG,
                         "bool variable", NULL, NULL, true);
static MYSQL_SYSVAR_STR(g_str, check_str_var,
                        PLUGIN_VAR_RQCMDARG | PLUGIN_VAR_MEMALLOC,
                        "string variable", NULL, NULL, "default");
static MYSQL_SYSVAR_INT(g_int, check_int_var, PLUGIN_VAR_RQCMDARG,
                        "int variable", check_int_value, update_int_value, 10,
                        0, 1000, 0);
static MYSQL_SYSVAR_UINT(g_uint, check_uint_var, PLUGIN_VAR_RQCMDARG,
                         "uint variable", NULL, NULL, 10, 0, UINT_MAX, 0);
static MYSQL_SYSVAR_LONG(g_long, check_long_var, PLUGIN_VAR_RQCMDARG,
                         "long variable", NULL, NULL, -5, LONG_MIN, LONG_MAX,
                         0);
static MYSQL_SYSVAR_ULONG(g_ulong, check_ulong_var, PLUGIN_VAR_READONLY,
                          "ulong variable", NULL, NULL, 4096, 1024, ULONG_MAX,
                          1024);
static MYSQL_SYSVAR_LONGLONG(g_longlong, check_longlong_var,
                             PLUGIN_VAR_RQCMDARG, "longlong variable", NULL,
                             NULL, 0, LLONG_MIN, LLONG_MAX, 0);
static MYSQL_SYSVAR_ULONGLONG(g_ulonglong, check_ulonglong_var,
                              PLUGIN_VAR_RQCMDARG, "ulonglong variable", NULL,
                              NULL, 0, 0, ULLONG_MAX, 0);
static MYSQL_SYSVAR_ENUM(g_enum, check_enum_var, PLUGIN_VAR_RQCMDARG,
                         "enum variable", NULL, NULL, 1, &check_color_typelib);
static MYSQL_SYSVAR_SET(g_set, check_set_var, PLUGIN_VAR_RQCMDARG,
                        "set variable", NULL, NULL, 5, &check_color_typelib);
static MYSQL_SYSVAR_DOUBLE(g_double, check_double_var, PLUGIN_VAR_RQCMDARG,
                           "double variable", NULL, NULL, 0.5, 0.0, 100.0, 0);

static MYSQL_THDVAR_BOOL(t_bool, PLUGIN_VAR_OPCMDARG, "session bool", NULL,
                         NULL, false);
static MYSQL_THDVAR_STR(t_str, PLUGIN_VAR_RQCMDARG | PLUGIN_VAR_MEMALLOC,
                        "session string", NULL, NULL, "session");
static MYSQL_THDVAR_INT(t_int, PLUGIN_VAR_RQCMDARG, "session int",
                        check_int_value, update_int_value, 1, 0, 100, 0);
static MYSQL_THDVAR_UINT(t_uint, PLUGIN_VAR_RQCMDARG, "session uint", NULL,
                         NULL, 1, 0, 100, 0);
static MYSQL_THDVAR_LONG(t_long, PLUGIN_VAR_RQCMDARG, "session long", NULL,
                         NULL, 1, 0, 100, 0);
static MYSQL_THDVAR_ULONG(t_ulong, PLUGIN_VAR_RQCMDARG, "session ulong", NULL,
                          NULL, 1, 0, 100, 0);
static MYSQL_THDVAR_LONGLONG(t_longlong, PLUGIN_VAR_RQCMDARG,
                             "session longlong", NULL, NULL, 1, 0, 100, 0);
static MYSQL_THDVAR_ULONGLONG(t_ulonglong, PLUGIN_VAR_RQCMDARG,
                              "session ulonglong", NULL, NULL, 1, 0, 100, 0);
static MYSQL_THDVAR_ENUM(t_enum, PLUGIN_VAR_RQCMDARG, "session enum", NULL,
                         NULL, 0, &check_color_typelib);
static MYSQL_THDVAR_SET(t_set, PLUGIN_VAR_RQCMDARG, "session set", NULL, NULL,
                        1, &check_color_typelib);
static MYSQL_THDVAR_DOUBLE(t_double, PLUGIN_VAR_RQCMDARG, "session double",
                           NULL, NULL, 1.5, 0.0, 10.0, 0);

static SYS_VAR *check_system_vars[] = {
    MYSQL_SYSVAR(g_bool),      MYSQL_SYSVAR(g_str),      MYSQL_SYSVAR(g_int),
    MYSQL_SYSVAR(g_uint),      MYSQL_SYSVAR(g_long),     MYSQL_SYSVAR(g_ulong),
    MYSQL_SYSVAR(g_longlong),  MYSQL_SYSVAR(g_ulonglong), MYSQL_SYSVAR(g_enum),
    MYSQL_SYSVAR(g_set),       MYSQL_SYSVAR(g_double),   MYSQL_SYSVAR(t_bool),
    MYSQL_SYSVAR(t_str),       MYSQL_SYSVAR(t_int),      MYSQL_SYSVAR(t_uint),
    MYSQL_SYSVAR(t_long),      MYSQL_SYSVAR(t_ulong),    MYSQL_SYSVAR(t_longlong),
    MYSQL_SYSVAR(t_ulonglong), MYSQL_SYSVAR(t_enum),     MYSQL_SYSVAR(t_set),
    MYSQL_SYSVAR(t_double),    NULL};

/* Generated shapes against the documented LP64 table. */
#ifdef __cplusplus
#define CHECK_TYPEOF(x) decltype(x)
#else
#define CHECK_TYPEOF(x) __typeof__(x)
#endif
#define CHECK_SIZE(var, n)                                               \
  MYPLUGLOAD_STATIC_ASSERT(sizeof(MYSQL_SYSVAR_NAME(var)) == (n),        \
                           "sizeof mysql_sysvar_" #var)
#define CHECK_OFFSET(var, field, n)                                      \
  MYPLUGLOAD_STATIC_ASSERT(                                              \
      offsetof(CHECK_TYPEOF(MYSQL_SYSVAR_NAME(var)), field) == (n),      \
      "offset of mysql_sysvar_" #var "." #field)

#ifdef MYPLUGLOAD_LP64
CHECK_SIZE(g_bool, 56);
CHECK_OFFSET(g_bool, value, 40);
CHECK_OFFSET(g_bool, def_val, 48);
CHECK_SIZE(g_str, 56);
CHECK_SIZE(g_int, 64);
CHECK_OFFSET(g_int, min_val, 52);
CHECK_OFFSET(g_int, max_val, 56);
CHECK_OFFSET(g_int, blk_sz, 60);
CHECK_SIZE(g_uint, 64);
CHECK_SIZE(g_long, 80);
CHECK_OFFSET(g_long, min_val, 56);
CHECK_OFFSET(g_long, blk_sz, 72);
CHECK_SIZE(g_ulong, 80);
CHECK_SIZE(g_longlong, 80);
CHECK_SIZE(g_ulonglong, 80);
CHECK_SIZE(g_double, 80);
CHECK_SIZE(g_enum, 64);
CHECK_OFFSET(g_enum, typelib, 56);
CHECK_SIZE(g_set, 64);
CHECK_SIZE(t_bool, 56);
CHECK_OFFSET(t_bool, offset, 40);
CHECK_OFFSET(t_bool, def_val, 44);
CHECK_OFFSET(t_bool, resolve, 48);
CHECK_SIZE(t_str, 64);
CHECK_OFFSET(t_str, def_val, 48);
CHECK_OFFSET(t_str, resolve, 56);
CHECK_SIZE(t_int, 72);
CHECK_OFFSET(t_int, def_val, 44);
CHECK_OFFSET(t_int, blk_sz, 56);
CHECK_OFFSET(t_int, resolve, 64);
CHECK_SIZE(t_uint, 72);
CHECK_SIZE(t_long, 88);
CHECK_OFFSET(t_long, resolve, 80);
CHECK_SIZE(t_ulong, 88);
CHECK_SIZE(t_longlong, 88);
CHECK_SIZE(t_ulonglong, 88);
CHECK_SIZE(t_double, 88);
CHECK_SIZE(t_enum, 72);
CHECK_OFFSET(t_enum, resolve, 56);
CHECK_OFFSET(t_enum, typelib, 64);
CHECK_SIZE(t_set, 72);
#endif

/* ---- status variables ---------------------------------------------- */

static long check_counter;
static double check_ratio;

static int check_show_func(MYSQL_THD thd, SHOW_VAR *var, char *buf) {
  (void)thd;
  *(long *)(void *)buf = check_counter * 2;
  var->type = SHOW_LONG;
  var->value = buf;
  return 0;
}

static SHOW_VAR check_nested_status[] = {
    {"ratio", (char *)&check_ratio, SHOW_DOUBLE, SHOW_SCOPE_GLOBAL},
    {NULL, NULL, SHOW_UNDEF, SHOW_SCOPE_UNDEF}};

static SHOW_VAR check_status_vars[] = {
    {"header_check_counter", (char *)&check_counter, SHOW_LONG,
     SHOW_SCOPE_GLOBAL},
    {"header_check_double", MYPLUGLOAD_SHOW_FUNC(check_show_func), SHOW_FUNC,
     SHOW_SCOPE_GLOBAL},
    {"header_check", (char *)check_nested_status, SHOW_ARRAY,
     SHOW_SCOPE_GLOBAL},
    {NULL, NULL, SHOW_UNDEF, SHOW_SCOPE_UNDEF}};

/* ---- plugin functions ---------------------------------------------- */

static int check_plugin_init(MYSQL_PLUGIN plugin) {
  (void)plugin;
  check_counter = (long)SYSVAR(g_int) + (long)SYSVAR(g_bool);
  check_ratio = SYSVAR(g_double);
  /* resolve is filled in by the server; THDVAR(NULL, x) is the global. */
  if (MYSQL_SYSVAR_NAME(t_int).resolve != NULL) {
    check_counter += THDVAR(NULL, t_int);
    if (THDVAR(NULL, t_bool)) check_counter++;
    check_ratio += THDVAR(NULL, t_double);
  }
  if (MYSQL_SYSVAR_NAME(t_str).resolve != NULL)
    THDVAR_SET(NULL, t_str, "changed");
  return 0;
}

#if MYPLUGLOAD_ABI_GENERATION >= 80
static int check_plugin_check_uninstall(MYSQL_PLUGIN plugin) {
  (void)plugin;
  return 0;
}
#endif

static int check_plugin_deinit(MYSQL_PLUGIN plugin) {
  (void)plugin;
  return 0;
}

static struct st_mysql_daemon check_daemon = {MYSQL_DAEMON_INTERFACE_VERSION};

/* Audit */
static int check_audit_notify(MYSQL_THD thd, mysql_event_class_t event_class,
                              const void *event) {
  (void)thd;
  if (event_class == MYSQL_AUDIT_GENERAL_CLASS) {
    const struct mysql_event_general *general =
        (const struct mysql_event_general *)event;
    if (general->event_subclass == MYSQL_AUDIT_GENERAL_LOG) check_counter++;
  } else if (event_class == MYSQL_AUDIT_CONNECTION_CLASS) {
    const struct mysql_event_connection *conn =
        (const struct mysql_event_connection *)event;
    if (conn->user.length > 0) check_counter++;
  }
  return 0;
}

static struct st_mysql_audit check_audit = {
    MYSQL_AUDIT_INTERFACE_VERSION,
    NULL,
    check_audit_notify,
    {(unsigned long)MYSQL_AUDIT_GENERAL_ALL,
     (unsigned long)MYSQL_AUDIT_CONNECTION_ALL}};

/* Full-text parser */
static int check_ft_parse(MYSQL_FTPARSER_PARAM *param) {
  MYSQL_FTPARSER_BOOLEAN_INFO info = {FT_TOKEN_WORD, 0, 0, 0, 0, 0, ' ', NULL};
  return param->mysql_add_word(param, param->doc, param->length, &info);
}

static struct st_mysql_ftparser check_ftparser = {
    MYSQL_FTPARSER_INTERFACE_VERSION, check_ft_parse, NULL, NULL};

/* Server authentication */
static int check_auth_user(MYSQL_PLUGIN_VIO *vio,
                           MYSQL_SERVER_AUTH_INFO *info) {
  unsigned char *pkt = NULL;
  if (vio->read_packet(vio, &pkt) < 0) return CR_ERROR;
  info->password_used = PASSWORD_USED_YES;
  return CR_OK;
}

static struct st_mysql_auth check_auth = {
    MYSQL_AUTHENTICATION_INTERFACE_VERSION,
    "mysql_clear_password",
    check_auth_user,
    NULL,
    NULL,
    NULL,
    AUTH_FLAG_USES_INTERNAL_STORAGE,
#if MYPLUGLOAD_ABI_GENERATION >= 80
    NULL
#endif
};

/* Password validation */
static int check_validate(mysql_string_handle password) {
  return password != NULL;
}

static int check_strength(mysql_string_handle password) {
  return password != NULL ? 50 : 0;
}

static struct st_mysql_validate_password check_validate_password = {
    MYSQL_VALIDATE_PASSWORD_INTERFACE_VERSION, check_validate,
    check_strength};

/* clang-format off */
mysql_declare_plugin(header_check)
{
  MYSQL_DAEMON_PLUGIN,
  &check_daemon,
  "header_check",
  "myplugload",
  "Compile check for the myplugload headers",
  PLUGIN_LICENSE_GPL,
  check_plugin_init,
#if MYPLUGLOAD_ABI_GENERATION >= 80
  check_plugin_check_uninstall,
#endif
  check_plugin_deinit,
  0x0100,
  check_status_vars,
  check_system_vars,
  NULL,
  0
},
{
  MYSQL_AUDIT_PLUGIN,
  &check_audit,
  "header_check_audit",
  "myplugload",
  "Audit descriptor check",
  PLUGIN_LICENSE_BSD,
  NULL,
  MYPLUGLOAD_CHECK_UNINSTALL(NULL)
  NULL,
  0x0100,
  NULL,
  NULL,
  NULL,
  PLUGIN_OPT_NO_UNINSTALL
},
{
  MYSQL_FTPARSER_PLUGIN,
  &check_ftparser,
  "header_check_ftparser",
  "myplugload",
  "Full-text parser descriptor check",
  PLUGIN_LICENSE_PROPRIETARY,
  NULL,
  MYPLUGLOAD_CHECK_UNINSTALL(NULL)
  NULL,
  0x0100,
  NULL,
  NULL,
  NULL,
  0
},
{
  MYSQL_AUTHENTICATION_PLUGIN,
  &check_auth,
  "header_check_auth",
  "myplugload",
  "Authentication descriptor check",
  PLUGIN_LICENSE_GPL,
  NULL,
  MYPLUGLOAD_CHECK_UNINSTALL(NULL)
  NULL,
  0x0100,
  NULL,
  NULL,
  NULL,
  0
},
{
  MYSQL_VALIDATE_PASSWORD_PLUGIN,
  &check_validate_password,
  "header_check_validate_password",
  "myplugload",
  "Validate-password descriptor check",
  PLUGIN_LICENSE_GPL,
  NULL,
  MYPLUGLOAD_CHECK_UNINSTALL(NULL)
  NULL,
  0x0100,
  NULL,
  NULL,
  NULL,
  0
}
mysql_declare_plugin_end;
/* clang-format on */

/* ---- client plugin ------------------------------------------------- */

static int check_client_auth(MYSQL_PLUGIN_VIO *vio, MYSQL *mysql) {
  static const unsigned char reply[] = "secret";
  (void)mysql;
  return vio->write_packet(vio, reply, (int)sizeof reply) ? CR_ERROR : CR_OK;
}

/* clang-format off */
mysql_declare_client_plugin(AUTHENTICATION)
  "header_check_client",
  "myplugload",
  "Client plugin declaration check",
  {1, 0, 0},
  "GPL",
  NULL,
  NULL,
  NULL,
  NULL,
  MYPLUGLOAD_CLIENT_GET_OPTIONS(NULL)
  check_client_auth,
  MYPLUGLOAD_CLIENT_AUTH_NONBLOCKING(NULL)
mysql_end_client_plugin;
/* clang-format on */
