/*
 * example_daemon.c - example MySQL-ABI daemon plugin for myplugload.
 *
 * A daemon plugin that does nothing but expose state, so that a host can
 * be tested against every part of the plugin ABI that a daemon touches:
 *
 *   - one global system variable of every MYSQL_SYSVAR_* type (plus a
 *     read-only string and a variable with its own check/update functions),
 *   - one THD-local system variable of every MYSQL_THDVAR_* type, each with
 *     a default that differs from its global counterpart,
 *   - status variables of every SHOW_* type a plugin may use, including
 *     SHOW_FUNC (returning a scalar and returning an array) and nested
 *     SHOW_ARRAYs,
 *   - init / check_uninstall / deinit.
 *
 * The plugin needs no plugin services and references no server symbols.
 * The same source builds for two ABI generations:
 *   default             MySQL 8.0 layout (14-member st_mysql_plugin with
 *                       check_uninstall, signed SHOW types available)
 *   -DMYPLUGLOAD_ABI_57 MySQL 5.5-5.7 layout (13 members, no
 *                       check_uninstall, no signed SHOW types)
 */

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <mysql/plugin.h>

/* Number of elements of a static array. */
#define EXAMPLE_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/*
 * SHOW_VAR.value holds the address of the function for SHOW_FUNC entries.
 * ISO C has no direct function-pointer to object-pointer conversion; the
 * round trip through uintptr_t is implementation-defined (and fine on every
 * platform MySQL plugins exist for) and stays warning-free under -pedantic.
 */
#define EXAMPLE_SHOW_FUNC_VALUE(f) ((char *)(uintptr_t)(f))

/* ------------------------------------------------------------------ */
/* Type libraries for the ENUM and SET variables                       */
/* ------------------------------------------------------------------ */

static const char *example_colour_names[] = {"red", "green", "blue", NULL};

static TYPELIB example_colour_typelib = {
    EXAMPLE_ARRAY_LEN(example_colour_names) - 1, /* count */
    "",                                          /* name */
    example_colour_names,                        /* type_names */
    NULL                                         /* type_lengths */
};

static const char *example_perm_names[] = {"read", "write", "exec", "admin",
                                           NULL};

static TYPELIB example_perm_typelib = {
    EXAMPLE_ARRAY_LEN(example_perm_names) - 1, /* count */
    "",                                        /* name */
    example_perm_names,                        /* type_names */
    NULL                                       /* type_lengths */
};

/* ------------------------------------------------------------------ */
/* Global system variables                                             */
/* ------------------------------------------------------------------ */

/*
 * The C variables start out with their declared defaults, although a
 * MySQL-compatible host overwrites them with def_val before init() anyway.
 * MEMALLOC strings start as NULL: the host owns (strdup's and frees) them.
 * Non-const char arrays are used as string defaults so the same
 * initializers are valid C and C++.
 */
static char example_str_var_default[] = "hello";
static char example_str_ro_default[] = "fixed";
static char example_thd_str_default[] = "session";

/* myplugload_sysvar_bool is bool in 8.0 and char (my_bool) in 5.x. */
static myplugload_sysvar_bool bool_var = true;
static char *str_var = NULL;
static char *str_ro = example_str_ro_default;
static int int_var = -5;
static unsigned int uint_var = 10;
static long long_var = 1000;
static unsigned long ulong_var = 4096;
static long long longlong_var = -1;
static unsigned long long ulonglong_var = 1000000;
static unsigned long enum_var = 1;     /* green */
static unsigned long long set_var = 3; /* read,write */
static double double_var = 0.5;
static unsigned int checked_var = 50;

/* Number of successful updates of checked_var (status: update_count). */
static long example_update_count = 0;

static MYSQL_SYSVAR_BOOL(bool_var, bool_var, PLUGIN_VAR_OPCMDARG,
                         "Example BOOL variable (global), default ON", NULL,
                         NULL, true);

static MYSQL_SYSVAR_STR(str_var, str_var,
                        PLUGIN_VAR_RQCMDARG | PLUGIN_VAR_MEMALLOC,
                        "Example STR variable (global, MEMALLOC)", NULL, NULL,
                        example_str_var_default);

static MYSQL_SYSVAR_STR(str_ro, str_ro,
                        PLUGIN_VAR_RQCMDARG | PLUGIN_VAR_READONLY,
                        "Example STR variable (global, READONLY)", NULL, NULL,
                        example_str_ro_default);

static MYSQL_SYSVAR_INT(int_var, int_var, PLUGIN_VAR_RQCMDARG,
                        "Example INT variable (global), -100..100", NULL, NULL,
                        -5, -100, 100, 1);

static MYSQL_SYSVAR_UINT(uint_var, uint_var, PLUGIN_VAR_RQCMDARG,
                         "Example UINT variable (global), 0..1000 step 5",
                         NULL, NULL, 10, 0, 1000, 5);

static MYSQL_SYSVAR_LONG(long_var, long_var, PLUGIN_VAR_RQCMDARG,
                         "Example LONG variable (global), -100000..100000",
                         NULL, NULL, 1000, -100000, 100000, 1);

static MYSQL_SYSVAR_ULONG(ulong_var, ulong_var, PLUGIN_VAR_RQCMDARG,
                          "Example ULONG variable (global), 1024..1048576 "
                          "step 1024",
                          NULL, NULL, 4096, 1024, 1048576, 1024);

static MYSQL_SYSVAR_LONGLONG(longlong_var, longlong_var, PLUGIN_VAR_RQCMDARG,
                             "Example LONGLONG variable (global), full range",
                             NULL, NULL, -1, LLONG_MIN, LLONG_MAX, 1);

static MYSQL_SYSVAR_ULONGLONG(ulonglong_var, ulonglong_var,
                              PLUGIN_VAR_RQCMDARG,
                              "Example ULONGLONG variable (global), no upper "
                              "limit (max 0)",
                              NULL, NULL, 1000000, 0, 0, 1);

static MYSQL_SYSVAR_ENUM(enum_var, enum_var, PLUGIN_VAR_RQCMDARG,
                         "Example ENUM variable (global): red, green, blue",
                         NULL, NULL, 1, &example_colour_typelib);

static MYSQL_SYSVAR_SET(set_var, set_var, PLUGIN_VAR_RQCMDARG,
                        "Example SET variable (global): read, write, exec, "
                        "admin",
                        NULL, NULL, 3, &example_perm_typelib);

static MYSQL_SYSVAR_DOUBLE(double_var, double_var, PLUGIN_VAR_RQCMDARG,
                           "Example DOUBLE variable (global), 0..100", NULL,
                           NULL, 0.5, 0.0, 100.0, 0);

/*
 * checked_var: custom check accepts only even values in 0..100 (and not
 * NULL); custom update stores the value and counts the updates.
 */
static int checked_var_check(MYSQL_THD thd, SYS_VAR *var, void *save,
                             struct st_mysql_value *value) {
  long long v = 0;

  (void)thd;
  (void)var;
  if (value->val_int(value, &v) != 0) return 1; /* NULL */
  if (v < 0 || v > 100 || (v % 2) != 0) return 1;
  *(unsigned int *)save = (unsigned int)v;
  return 0;
}

static void checked_var_update(MYSQL_THD thd, SYS_VAR *var, void *var_ptr,
                               const void *save) {
  (void)thd;
  (void)var;
  *(unsigned int *)var_ptr = *(const unsigned int *)save;
  example_update_count++;
}

static MYSQL_SYSVAR_UINT(checked_var, checked_var, PLUGIN_VAR_RQCMDARG,
                         "Example UINT variable with its own check (even "
                         "values 0..100 only) and update (counts updates)",
                         checked_var_check, checked_var_update, 50, 0, 100,
                         1);

/* ------------------------------------------------------------------ */
/* THD-local (session) system variables                                */
/* ------------------------------------------------------------------ */

static MYSQL_THDVAR_BOOL(thd_bool, PLUGIN_VAR_OPCMDARG,
                         "Example BOOL variable (session), default OFF", NULL,
                         NULL, false);

static MYSQL_THDVAR_STR(thd_str, PLUGIN_VAR_RQCMDARG | PLUGIN_VAR_MEMALLOC,
                        "Example STR variable (session, MEMALLOC)", NULL, NULL,
                        example_thd_str_default);

static MYSQL_THDVAR_INT(thd_int, PLUGIN_VAR_RQCMDARG,
                        "Example INT variable (session), -50..50", NULL, NULL,
                        7, -50, 50, 1);

static MYSQL_THDVAR_UINT(thd_uint, PLUGIN_VAR_RQCMDARG,
                         "Example UINT variable (session), 0..2000 step 10",
                         NULL, NULL, 20, 0, 2000, 10);

static MYSQL_THDVAR_LONG(thd_long, PLUGIN_VAR_RQCMDARG,
                         "Example LONG variable (session), -200000..200000",
                         NULL, NULL, -2000, -200000, 200000, 1);

static MYSQL_THDVAR_ULONG(thd_ulong, PLUGIN_VAR_RQCMDARG,
                          "Example ULONG variable (session), 2048..2097152 "
                          "step 2048",
                          NULL, NULL, 8192, 2048, 2097152, 2048);

static MYSQL_THDVAR_LONGLONG(thd_longlong, PLUGIN_VAR_RQCMDARG,
                             "Example LONGLONG variable (session), "
                             "-10^12..10^12",
                             NULL, NULL, 9000000000LL, -1000000000000LL,
                             1000000000000LL, 1);

static MYSQL_THDVAR_ULONGLONG(thd_ulonglong, PLUGIN_VAR_RQCMDARG,
                              "Example ULONGLONG variable (session), "
                              "1000..10^13 step 1000",
                              NULL, NULL, 5000000000ULL, 1000ULL,
                              10000000000000ULL, 1000ULL);

static MYSQL_THDVAR_ENUM(thd_enum, PLUGIN_VAR_RQCMDARG,
                         "Example ENUM variable (session): red, green, blue",
                         NULL, NULL, 2, &example_colour_typelib);

static MYSQL_THDVAR_SET(thd_set, PLUGIN_VAR_RQCMDARG,
                        "Example SET variable (session): read, write, exec, "
                        "admin",
                        NULL, NULL, 12, &example_perm_typelib);

static MYSQL_THDVAR_DOUBLE(thd_double, PLUGIN_VAR_RQCMDARG,
                           "Example DOUBLE variable (session), -10..10", NULL,
                           NULL, 2.5, -10.0, 10.0, 0);

static SYS_VAR *example_daemon_system_vars[] = {
    MYSQL_SYSVAR(bool_var),      MYSQL_SYSVAR(str_var),
    MYSQL_SYSVAR(str_ro),        MYSQL_SYSVAR(int_var),
    MYSQL_SYSVAR(uint_var),      MYSQL_SYSVAR(long_var),
    MYSQL_SYSVAR(ulong_var),     MYSQL_SYSVAR(longlong_var),
    MYSQL_SYSVAR(ulonglong_var), MYSQL_SYSVAR(enum_var),
    MYSQL_SYSVAR(set_var),       MYSQL_SYSVAR(double_var),
    MYSQL_SYSVAR(checked_var),   MYSQL_SYSVAR(thd_bool),
    MYSQL_SYSVAR(thd_str),       MYSQL_SYSVAR(thd_int),
    MYSQL_SYSVAR(thd_uint),      MYSQL_SYSVAR(thd_long),
    MYSQL_SYSVAR(thd_ulong),     MYSQL_SYSVAR(thd_longlong),
    MYSQL_SYSVAR(thd_ulonglong), MYSQL_SYSVAR(thd_enum),
    MYSQL_SYSVAR(thd_set),       MYSQL_SYSVAR(thd_double),
    NULL};

/* ------------------------------------------------------------------ */
/* Status variables                                                    */
/* ------------------------------------------------------------------ */

static bool example_running = false;                    /* SHOW_BOOL */
static unsigned int example_deinit_count = 0;           /* SHOW_INT */
static long example_init_count = 0;                     /* SHOW_LONG */
static long long example_big_number = 1234567890123LL;  /* SHOW_LONGLONG */
static char example_version_text[] = "1.2-example";     /* SHOW_CHAR */
static const char *example_state = NULL;                /* SHOW_CHAR_PTR */
static double example_ratio = 3.25;                     /* SHOW_DOUBLE */
static long long example_func_calls = 0;                /* via SHOW_FUNC */

#if MYPLUGLOAD_ABI_GENERATION >= 80
/* The signed SHOW types exist in the 8.0 numbering only. */
static int example_signed_int = -17;                    /* SHOW_SIGNED_INT */
static long example_signed_long = -100000;              /* SHOW_SIGNED_LONG */
static long long example_signed_ll = -1234567890123LL;  /* ..._LONGLONG */
#endif

/* Values behind the nested arrays. */
static long example_nested_long = 77;
static char example_nested_text[] = "nested-text";
static unsigned int example_deeper_int = 5;
static unsigned int example_func_array_int = 7;
static char example_func_array_text[] = "from-func";

/* example_daemon_nested_deeper_* */
static SHOW_VAR example_deeper_status[] = {
    {"int_value", (char *)&example_deeper_int, SHOW_INT, SHOW_SCOPE_GLOBAL},
    {NULL, NULL, SHOW_UNDEF, SHOW_SCOPE_UNDEF}};

/* example_daemon_nested_* */
static SHOW_VAR example_nested_status[] = {
    {"long_value", (char *)&example_nested_long, SHOW_LONG, SHOW_SCOPE_GLOBAL},
    {"text", example_nested_text, SHOW_CHAR, SHOW_SCOPE_GLOBAL},
    {"deeper", (char *)example_deeper_status, SHOW_ARRAY, SHOW_SCOPE_GLOBAL},
    {NULL, NULL, SHOW_UNDEF, SHOW_SCOPE_UNDEF}};

/* example_daemon_func_array_*: the array handed out by a SHOW_FUNC. */
static SHOW_VAR example_func_array_status[] = {
    {"int_value", (char *)&example_func_array_int, SHOW_INT,
     SHOW_SCOPE_GLOBAL},
    {"text", example_func_array_text, SHOW_CHAR, SHOW_SCOPE_GLOBAL},
    {NULL, NULL, SHOW_UNDEF, SHOW_SCOPE_UNDEF}};

/*
 * SHOW_FUNC returning a scalar: the number of times this function has been
 * called, including the current call (1 on the first read).
 */
static int example_show_func_calls(MYSQL_THD thd, SHOW_VAR *var, char *buff) {
  long long n;

  (void)thd;
  n = ++example_func_calls;
  memcpy(buff, &n, sizeof(n));
  var->type = SHOW_LONGLONG;
  var->value = buff;
  return 0;
}

/* SHOW_FUNC returning an array; buff is not used. */
static int example_show_func_array(MYSQL_THD thd, SHOW_VAR *var, char *buff) {
  (void)thd;
  (void)buff;
  var->type = SHOW_ARRAY;
  var->value = (char *)example_func_array_status;
  return 0;
}

static SHOW_VAR example_daemon_status[] = {
    {"example_daemon_running", (char *)&example_running, SHOW_BOOL,
     SHOW_SCOPE_GLOBAL},
    {"example_daemon_deinit_count", (char *)&example_deinit_count, SHOW_INT,
     SHOW_SCOPE_GLOBAL},
    {"example_daemon_init_count", (char *)&example_init_count, SHOW_LONG,
     SHOW_SCOPE_GLOBAL},
    {"example_daemon_big_number", (char *)&example_big_number, SHOW_LONGLONG,
     SHOW_SCOPE_GLOBAL},
    {"example_daemon_version_text", example_version_text, SHOW_CHAR,
     SHOW_SCOPE_GLOBAL},
    {"example_daemon_state", (char *)&example_state, SHOW_CHAR_PTR,
     SHOW_SCOPE_GLOBAL},
    {"example_daemon_ratio", (char *)&example_ratio, SHOW_DOUBLE,
     SHOW_SCOPE_GLOBAL},
    {"example_daemon_func_calls",
     EXAMPLE_SHOW_FUNC_VALUE(example_show_func_calls), SHOW_FUNC,
     SHOW_SCOPE_GLOBAL},
    {"example_daemon_func_array",
     EXAMPLE_SHOW_FUNC_VALUE(example_show_func_array), SHOW_FUNC,
     SHOW_SCOPE_GLOBAL},
    {"example_daemon_nested", (char *)example_nested_status, SHOW_ARRAY,
     SHOW_SCOPE_GLOBAL},
#if MYPLUGLOAD_ABI_GENERATION >= 80
    {"example_daemon_signed_int", (char *)&example_signed_int, SHOW_SIGNED_INT,
     SHOW_SCOPE_GLOBAL},
    {"example_daemon_signed_long", (char *)&example_signed_long,
     SHOW_SIGNED_LONG, SHOW_SCOPE_GLOBAL},
    {"example_daemon_signed_longlong", (char *)&example_signed_ll,
     SHOW_SIGNED_LONGLONG, SHOW_SCOPE_GLOBAL},
#endif
    {"example_daemon_update_count", (char *)&example_update_count, SHOW_LONG,
     SHOW_SCOPE_GLOBAL},
    {NULL, NULL, SHOW_UNDEF, SHOW_SCOPE_UNDEF}};

/* ------------------------------------------------------------------ */
/* Lifecycle                                                           */
/* ------------------------------------------------------------------ */

static int example_daemon_init(MYSQL_PLUGIN plugin) {
  (void)plugin;
  example_running = true;
  example_init_count++;
  example_state = "initialised";
  return 0;
}

#if MYPLUGLOAD_ABI_GENERATION >= 80
static int example_daemon_check_uninstall(MYSQL_PLUGIN plugin) {
  (void)plugin;
  return 0; /* never busy */
}
#endif

static int example_daemon_deinit(MYSQL_PLUGIN plugin) {
  (void)plugin;
  example_running = false;
  example_deinit_count++;
  example_state = NULL;
  return 0;
}

/* ------------------------------------------------------------------ */
/* Declaration                                                         */
/* ------------------------------------------------------------------ */

static struct st_mysql_daemon example_daemon_info = {
    MYSQL_DAEMON_INTERFACE_VERSION};

mysql_declare_plugin(example_daemon){
    MYSQL_DAEMON_PLUGIN,            /* type */
    &example_daemon_info,           /* info */
    "example_daemon",               /* name */
    "myplugload",                   /* author */
    "Example daemon: one system variable of every type, "
    "status variables of every SHOW type", /* descr */
    PLUGIN_LICENSE_GPL,             /* license */
    example_daemon_init,            /* init */
#if MYPLUGLOAD_ABI_GENERATION >= 80
    example_daemon_check_uninstall, /* check_uninstall (8.0 layout only) */
#endif
    example_daemon_deinit,          /* deinit */
    0x0102,                         /* version: 1.2 */
    example_daemon_status,          /* status_vars */
    example_daemon_system_vars,     /* system_vars */
    NULL,                           /* __reserved1 */
    0,                              /* flags */
} mysql_declare_plugin_end;
