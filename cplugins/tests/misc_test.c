/*
 * Tests for the host's sessions and the plugin services that are not
 * covered elsewhere:
 *
 *   internal/native/svc_misc.c  my_print_error, my_plugin_log, thd_alloc,
 *                               thd_specifics, thd_error_context,
 *                               thd_timezone, progress_report, mysql_malloc,
 *                               security_context, mysql_string and the
 *                               registry myp_service_handler(name)
 *   internal/native/host.c      myp_thd_new/free/end_statement,
 *                               myp_thd_add_cond/take_conds, resolve, the
 *                               trampolines that set myp_current_thd
 *   internal/native/symbols.c   fn_format, server_version, my_umask,
 *                               mysql_data_home, the rw_pr locks, PSI_server,
 *                               the thd_* exports
 *
 * The service tables are reached the way a plugin reaches them: through
 * the pointer myp_service_handler("<name>_service") returns, cast to a
 * struct of function pointers written here from the servers' documented
 * layouts (mysql-plugin-abi.md §4.3, mariadb-abi-and-real-binaries.md §3).
 * A member order that differs from the host's shows up as wrong results or
 * a crash, which is part of what this checks.
 *
 * The sources are compiled and linked separately (CMake lists them);
 * svc_misc.c reports to the Go logger through mypGoLog, which this file
 * defines to record what was logged.
 *
 * Prints "misc_test: N passed, M failed"; exits 0 only when M is 0.
 */
#define _GNU_SOURCE

#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "svc_format.h"
#include "svc_hashcrypt.h"

#include "check.h"

/* ---- the Go logger, recorded ------------------------------------------ */

#define LOG_MAX 32
static struct {
  int level;
  char plugin[64];
  char msg[MYP_COND_LEN];
} logged[LOG_MAX];
static int nlogged;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

void mypGoLog(int level, char *plugin, char *msg);
void mypGoLog(int level, char *plugin, char *msg) {
  pthread_mutex_lock(&log_lock);
  if (nlogged < LOG_MAX) {
    logged[nlogged].level = level;
    snprintf(logged[nlogged].plugin, sizeof logged[nlogged].plugin, "%s", plugin ? plugin : "(NULL)");
    snprintf(logged[nlogged].msg, sizeof logged[nlogged].msg, "%s", msg ? msg : "(NULL)");
  }
  nlogged++;
  pthread_mutex_unlock(&log_lock);
}

static void log_reset(void) { nlogged = 0; }

/* ---- what symbols.c exports (declared as a plugin sees them) ---------- */

extern char server_version[];
extern int my_umask;
extern char *mysql_data_home;
extern void *PSI_server;
extern pthread_mutexattr_t my_fast_mutexattr;
char *fn_format(char *to, const char *name, const char *dir, const char *ext, unsigned flag);
int rw_pr_init(void *l);
int rw_pr_destroy(void *l);
int rw_pr_rdlock(void *l);
int rw_pr_wrlock(void *l);
int rw_pr_unlock(void *l);
int psi_prlock_rdlock(void *l, const char *file, unsigned line);
int psi_prlock_wrlock(void *l, const char *file, unsigned line);
char my_hash_init2(void);
unsigned long thd_get_thread_id(const void *thd);
int thd_sql_command(const void *thd);
int thd_killed(const void *thd);
int thd_in_lock_tables(const void *thd);
int thd_tx_isolation(const void *thd);
int thd_tx_is_read_only(const void *thd);
const char *thd_db(const void *thd);

/* ---- the service tables, as plugins declare them ----------------------- */

/* MyFlags of my_error (MariaDB's my_sys.h values, from the reference). */
#define T_ME_ERROR_LOG 0x40
#define T_ME_ERROR_LOG_ONLY 0x80
#define T_ME_NOTE 0x400
#define T_ME_WARNING 0x800

struct t_print_error { /* my_print_error_service 0x0100 */
  void (*my_error)(unsigned nr, unsigned long flags, ...);
  void (*my_printf_error)(unsigned nr, const char *fmt, unsigned long flags, ...);
  void (*my_printv_error)(unsigned nr, const char *fmt, unsigned long flags, va_list ap);
};

struct t_plugin_log { /* my_plugin_log_service 0x0100 */
  int (*my_plugin_log_message)(void **plugin, int level, const char *fmt, ...);
};

struct t_lex_string {
  char *str;
  size_t length;
};
struct t_thd_alloc { /* thd_alloc_service: MySQL 0x0100, MariaDB 0x0200 */
  void *(*thd_alloc)(void *thd, size_t size);
  void *(*thd_calloc)(void *thd, size_t size);
  char *(*thd_strdup)(void *thd, const char *s);
  char *(*thd_strmake)(void *thd, const char *s, size_t n);
  void *(*thd_memdup)(void *thd, const void *p, size_t n);
  struct t_lex_string *(*thd_make_lex_string)(void *thd, struct t_lex_string *lex, const char *s, size_t n,
                                              int allocate);
};

struct t_thd_specifics { /* thd_specifics_service 0x0100; MYSQL_THD_KEY_T is int */
  int (*key_create)(int *key);
  void (*key_delete)(int *key);
  void *(*getspecific)(void *thd, int key);
  int (*setspecific)(void *thd, int key, void *value);
};

struct t_error_context { /* thd_error_context_service 0x0200 */
  const char *(*get_error_message)(const void *thd);
  unsigned (*get_error_number)(const void *thd);
  unsigned long (*get_error_row)(const void *thd);
  void (*inc_error_row)(void *thd);
  char *(*get_error_context_description)(void *thd, char *buf, unsigned len, unsigned max_query);
};

enum { T_TIMESTAMP_DATE = 0, T_TIMESTAMP_DATETIME = 1, T_TIMESTAMP_TIME = 2 };
struct t_mysql_time { /* MYSQL_TIME */
  unsigned year, month, day, hour, minute, second;
  unsigned long second_part;
  char neg;
  int time_type;
};
struct t_timezone { /* thd_timezone_service 0x0100; my_time_t is long long */
  long long (*time_to_gmt_sec)(void *thd, const struct t_mysql_time *t, unsigned *err);
  void (*gmt_sec_to_time)(void *thd, struct t_mysql_time *t, long long sec);
};

struct t_progress { /* progress_report_service 0x0100 */
  void (*init)(void *thd, unsigned max_stage);
  void (*report)(void *thd, unsigned long long progress, unsigned long long max);
  void (*next_stage)(void *thd);
  void (*end)(void *thd);
  const char *(*set_proc_info)(void *thd, const char *info, const char *func, const char *file, unsigned line);
};

#define T_MY_ZEROFILL 32
struct t_malloc { /* mysql_malloc_service 0x0100 */
  void *(*mysql_malloc)(unsigned key, size_t size, int flags);
  void *(*mysql_realloc)(unsigned key, void *p, size_t size, int flags);
  void (*mysql_claim)(const void *p, _Bool claim);
  void (*mysql_free)(void *p);
  void *(*my_memdup)(unsigned key, const void *p, size_t n, int flags);
  char *(*my_strdup)(unsigned key, const char *s, int flags);
  char *(*my_strndup)(unsigned key, const char *s, size_t n, int flags);
};

typedef void *t_sctx; /* MYSQL_SECURITY_CONTEXT: opaque */
struct t_lex_cstring {
  const char *str;
  size_t length;
};
struct t_security_context { /* security_context_service 0x0101; my_svc_bool is char, 0 = success */
  char (*get)(void *thd, t_sctx *out);
  char (*set)(void *thd, t_sctx in);
  char (*create)(t_sctx *out);
  char (*destroy)(t_sctx ctx);
  char (*copy)(t_sctx in, t_sctx *out);
  char (*lookup)(t_sctx ctx, const char *user, const char *host, const char *ip, const char *db);
  char (*get_option)(t_sctx ctx, const char *name, void *inout);
  char (*set_option)(t_sctx ctx, const char *name, void *value);
};

/* mysql_string handles are the server's own objects; a plugin only gets
   them from the server. The host's handle is {bytes, length} (svc_misc.c
   struct mstring): the test builds one the way the host would. */
struct t_host_string {
  char *s;
  size_t len;
};
struct t_mysql_string { /* mysql_string_service 0x0100 */
  int (*convert)(void *h, const char *charset, char *buf, unsigned buflen, int *err);
  void *(*iter)(void *h);
  int (*next)(void *it);
  int (*isupper)(void *it);
  int (*islower)(void *it);
  int (*isdigit)(void *it);
  void *(*lower)(void *h);
  void (*free)(void *h);
  void (*iter_free)(void *it);
};

static const void *svc(const char *name) {
  const void *p = myp_service_handler(name);
  CHECK(p != NULL, "myp_service_handler(\"%s\") is NULL", name);
  if (p == NULL) {
    printf("cannot go on without %s\n", name);
    exit(check_summary("misc_test"));
  }
  return p;
}

static struct myp_thd *new_thd(unsigned long id) {
  struct myp_thd *t = myp_thd_new(id);
  if (t == NULL) {
    printf("myp_thd_new failed\n");
    exit(1);
  }
  return t;
}

/* ---- registry ---------------------------------------------------------- */

static void test_registry(void) {
  static const char *names[] = {
      "my_snprintf_service",   "my_print_error_service",    "my_plugin_log_service", "logger_service",
      "base64_service",        "my_sha1_service",           "my_sha2_service",       "my_md5_service",
      "my_crypt_service",      "thd_alloc_service",         "thd_specifics_service", "thd_error_context_service",
      "thd_timezone_service",  "progress_report_service",   "mysql_malloc_service",  "security_context_service",
      "mysql_string_service",
  };
  const void *seen[sizeof names / sizeof names[0]];
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    seen[i] = myp_service_handler(names[i]);
    CHECK(seen[i] != NULL, "service %s is registered", names[i]);
    for (size_t j = 0; j < i; j++)
      CHECK(seen[i] != seen[j], "%s and %s have distinct handlers", names[i], names[j]);
  }
  /* The handlers defined in the other svc_*.c files are the ones registered. */
  CHECK(myp_service_handler("my_snprintf_service") == (const void *)&myp_my_snprintf_handler, "my_snprintf handler");
  CHECK(myp_service_handler("logger_service") == (const void *)&myp_logger_handler, "logger handler");
  CHECK(myp_service_handler("base64_service") == (const void *)&myp_base64_handler, "base64 handler");
  CHECK(myp_service_handler("my_sha1_service") == (const void *)&myp_my_sha1_handler, "sha1 handler");
  CHECK(myp_service_handler("my_sha2_service") == (const void *)&myp_my_sha2_handler, "sha2 handler");
  CHECK(myp_service_handler("my_md5_service") == (const void *)&myp_my_md5_handler, "md5 handler");
  CHECK(myp_service_handler("my_crypt_service") == (const void *)&myp_my_crypt_handler, "crypt handler");

  /* Services the host does not provide, and near misses of the names. */
  CHECK(myp_service_handler("sql_service") == NULL, "sql_service is not provided");
  CHECK(myp_service_handler("thd_wait_service") == NULL, "thd_wait_service is not provided");
  CHECK(myp_service_handler("") == NULL, "empty name");
  CHECK(myp_service_handler("thd_alloc") == NULL, "name without _service");
  CHECK(myp_service_handler("THD_ALLOC_SERVICE") == NULL, "names are case-sensitive");
  CHECK(myp_service_handler("thd_alloc_service ") == NULL, "trailing space");

  /* Through the registry, my_snprintf behaves like MariaDB's formatter. */
  const struct my_snprintf_service_st *sn = svc("my_snprintf_service");
  char buf[16];
  size_t n = sn->my_snprintf_type(buf, sizeof buf, "%s-%d", "abc", 42);
  CHECK(n == 6 && strcmp(buf, "abc-42") == 0, "my_snprintf through the registry: %zu '%s'", n, buf);
}

/* ---- THD lifecycle, conditions, resolve, trampolines ------------------- */

static struct myp_thd *seen_current;
static int record_current(void *arg) {
  (void)arg;
  seen_current = myp_current_thd;
  return 7;
}
static int check_records_current(void *thd, void *var, void *save, void *value) {
  (void)thd;
  (void)var;
  (void)save;
  (void)value;
  seen_current = myp_current_thd;
  return 3;
}

static void test_thd(void) {
  char *g = myp_global_dynvars();
  CHECK(g != NULL, "global dynvars");
  g[100] = 42;
  struct myp_thd *t = new_thd(77);
  CHECK(t->magic == MYP_THD_MAGIC, "magic set");
  CHECK(t->thread_id == 77, "thread id");
  CHECK(t->dynvars != NULL && t->dynvars != g, "own dynvars block");
  CHECK(t->dynvars[100] == 42, "session block starts as a copy of the global one");
  t->dynvars[100] = 9;
  CHECK(g[100] == 42, "the session's block is its own");
  g[100] = 0;
  CHECK(t->ncond == 0 && t->allocs == NULL && t->last_error == 0 && t->error_row == 0, "fresh THD is empty");
  for (int i = 0; i < MYP_MAX_SPECIFICS; i++)
    if (t->specifics[i] != NULL) {
      CHECK(0, "specific %d not NULL", i);
      break;
    }

  /* resolve(thd, offset) */
  void *(*resolve)(void *, int) = (void *(*)(void *, int))myp_resolve_addr();
  CHECK(resolve(NULL, 0) == g, "resolve(NULL, 0) is the global block");
  CHECK(resolve(t, 16) == t->dynvars + 16, "resolve(thd, 16)");
  CHECK(resolve(t, MYP_DYNVARS_SIZE - 1) == t->dynvars + MYP_DYNVARS_SIZE - 1, "last byte");
  CHECK(resolve(t, MYP_DYNVARS_SIZE) == NULL, "offset past the block");
  CHECK(resolve(t, -1) == NULL, "negative offset");
  struct myp_thd fake;
  memset(&fake, 0, sizeof fake);
  CHECK(resolve(&fake, 8) == g + 8, "a pointer that is not a THD resolves to the global block");

  /* Conditions: order, levels, last error only for errors. */
  myp_thd_add_cond(t, 1, 1292, "a warning");
  CHECK(t->last_error == 0, "a warning is not the last error");
  myp_thd_add_cond(t, 0, 1003, "a note");
  myp_thd_add_cond(t, 2, 1045, "an error");
  CHECK(t->last_error == 1045 && strcmp(t->last_error_msg, "an error") == 0, "last error recorded");
  struct myp_cond out[MYP_MAX_CONDS];
  int n = myp_thd_take_conds(t, out, MYP_MAX_CONDS);
  CHECK(n == 3, "three conditions, got %d", n);
  if (n == 3) {
    CHECK(out[0].level == 1 && out[0].code == 1292 && strcmp(out[0].msg, "a warning") == 0, "first");
    CHECK(out[1].level == 0 && out[1].code == 1003 && strcmp(out[1].msg, "a note") == 0, "second");
    CHECK(out[2].level == 2 && out[2].code == 1045 && strcmp(out[2].msg, "an error") == 0, "third");
  }
  CHECK(myp_thd_take_conds(t, out, MYP_MAX_CONDS) == 0, "taking clears the list");
  /* Implementation's choice: taking conditions does not clear the last
     error (thd_error_context reads it). */
  CHECK(t->last_error == 1045, "take_conds keeps last_error");

  /* A long message is cut to MYP_COND_LEN-1 bytes. */
  char longmsg[MYP_COND_LEN * 2];
  memset(longmsg, 'x', sizeof longmsg - 1);
  longmsg[sizeof longmsg - 1] = '\0';
  myp_thd_add_cond(t, 2, 1, longmsg);
  n = myp_thd_take_conds(t, out, MYP_MAX_CONDS);
  CHECK(n == 1 && strlen(out[0].msg) == MYP_COND_LEN - 1, "long message cut to %d", MYP_COND_LEN - 1);
  CHECK(strlen(t->last_error_msg) == MYP_COND_LEN - 1, "long last error cut");

  /* More than MYP_MAX_CONDS: the extra ones are dropped (the list is
     bounded), but an error still becomes the last error. */
  for (int i = 0; i < MYP_MAX_CONDS + 5; i++) myp_thd_add_cond(t, 1, (unsigned)i, "w");
  myp_thd_add_cond(t, 2, 4242, "late error");
  n = myp_thd_take_conds(t, out, MYP_MAX_CONDS);
  CHECK(n == MYP_MAX_CONDS, "bounded at %d, got %d", MYP_MAX_CONDS, n);
  CHECK(out[MYP_MAX_CONDS - 1].code == MYP_MAX_CONDS - 1, "the first ones are kept");
  CHECK(t->last_error == 4242, "a dropped error is still the last error");

  /* take_conds with a smaller max: implementation's choice is to return
     max and discard the rest (the host always passes MYP_MAX_CONDS). */
  myp_thd_add_cond(t, 1, 1, "a");
  myp_thd_add_cond(t, 1, 2, "b");
  myp_thd_add_cond(t, 1, 3, "c");
  n = myp_thd_take_conds(t, out, 2);
  CHECK(n == 2 && out[0].code == 1 && out[1].code == 2, "take with max 2");
  CHECK(myp_thd_take_conds(t, out, MYP_MAX_CONDS) == 0, "the rest is discarded");

  /* Trampolines set myp_current_thd around the call and restore it. */
  struct myp_thd *u = new_thd(78);
  myp_current_thd = u;
  seen_current = NULL;
  CHECK(myp_call_int1_thd((void *)record_current, NULL, t) == 7, "call_int1_thd result");
  CHECK(seen_current == t, "call_int1_thd sets the current THD");
  CHECK(myp_current_thd == u, "and restores it");
  seen_current = u;
  CHECK(myp_call_int1((void *)record_current, NULL) == 7 && seen_current == u, "call_int1 leaves it");
  struct myp_value v;
  memset(&v, 0, sizeof v);
  myp_value_init(&v);
  CHECK(myp_call_check((void *)check_records_current, NULL, t, NULL, NULL, &v) == 3 && seen_current == t,
        "call_check with cur");
  CHECK(myp_call_check((void *)check_records_current, u, NULL, NULL, NULL, &v) == 3 && seen_current == u,
        "call_check with thd only");
  CHECK(myp_current_thd == u, "call_check restores");
  myp_current_thd = NULL;

  /* thd_* exports */
  t->sql_command = 3;
  t->killed = 1;
  t->db = "shop";
  CHECK(thd_get_thread_id(t) == 77, "thd_get_thread_id");
  CHECK(thd_sql_command(t) == 3, "thd_sql_command");
  CHECK(thd_killed(t) == 1, "thd_killed");
  CHECK(thd_db(t) != NULL && strcmp(thd_db(t), "shop") == 0, "thd_db");
  CHECK(thd_get_thread_id(NULL) == 0 && thd_sql_command(NULL) == 0 && thd_killed(NULL) == 0 && thd_db(NULL) == NULL,
        "NULL thd");
  CHECK(thd_get_thread_id(&fake) == 0 && thd_db(&fake) == NULL, "a pointer that is not a THD");
  CHECK(thd_in_lock_tables(t) == 0, "thd_in_lock_tables");
  CHECK(thd_tx_isolation(t) == 2, "thd_tx_isolation is REPEATABLE READ (2)");
  CHECK(thd_tx_is_read_only(t) == 0, "thd_tx_is_read_only");

  myp_thd_free(u);
  myp_thd_free(t);
  myp_thd_free(NULL); /* no crash */
  CHECK(1, "myp_thd_free(NULL)");
}

/* ---- my_print_error ---------------------------------------------------- */

static const struct t_print_error *pe;

static void call_printv(unsigned nr, unsigned long flags, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  pe->my_printv_error(nr, fmt, flags, ap);
  va_end(ap);
}

static void *thread_my_error(void *arg) {
  (void)arg;
  /* A plugin thread: no current THD on it, even if the main thread has one. */
  pe->my_printf_error(3001, "from a thread %d", 0, 5);
  return NULL;
}

static void test_print_error(void) {
  pe = svc("my_print_error_service");
  struct myp_thd *t = new_thd(1);
  struct myp_cond out[MYP_MAX_CONDS];
  myp_current_thd = t;
  log_reset();

  pe->my_error(1045, 0, "bob", "localhost", "YES");
  pe->my_printf_error(1819, "weak %s (%d)", T_ME_WARNING, "pw", 3);
  pe->my_printf_error(1, "just a %s", T_ME_NOTE, "note");
  call_printv(1231, 0, "Variable '%s' is %d", "v", 12);
  pe->my_error(1292, T_ME_WARNING, "INTEGER", "abc");
  pe->my_error(1231, 0, "sql_mode", "bogus");
  pe->my_error(9999, 0);
  int n = myp_thd_take_conds(t, out, MYP_MAX_CONDS);
  CHECK(n == 7, "seven conditions, got %d", n);
  if (n == 7) {
    CHECK(out[0].level == 2 && out[0].code == 1045 &&
              strcmp(out[0].msg, "Access denied for user 'bob'@'localhost' (using password: YES)") == 0,
          "my_error 1045: %d %u '%s'", out[0].level, out[0].code, out[0].msg);
    CHECK(out[1].level == 1 && out[1].code == 1819 && strcmp(out[1].msg, "weak pw (3)") == 0,
          "ME_WARNING: %d '%s'", out[1].level, out[1].msg);
    CHECK(out[2].level == 0 && out[2].code == 1 && strcmp(out[2].msg, "just a note") == 0, "ME_NOTE: %d '%s'",
          out[2].level, out[2].msg);
    CHECK(out[3].level == 2 && out[3].code == 1231 && strcmp(out[3].msg, "Variable 'v' is 12") == 0,
          "my_printv_error: %d '%s'", out[3].level, out[3].msg);
    CHECK(out[4].level == 1 && strcmp(out[4].msg, "Truncated incorrect INTEGER value: 'abc'") == 0,
          "my_error 1292 as a warning: '%s'", out[4].msg);
    CHECK(strcmp(out[5].msg, "Variable 'sql_mode' can't be set to the value of 'bogus'") == 0, "my_error 1231: '%s'",
          out[5].msg);
    /* Implementation's choice for an error it has no text for. */
    CHECK(out[6].level == 2 && out[6].code == 9999 && strcmp(out[6].msg, "Unknown error 9999") == 0,
          "unknown code: '%s'", out[6].msg);
  }
  CHECK(nlogged == 0, "nothing logged without ME_ERROR_LOG while a session exists (%d)", nlogged);
  CHECK(t->last_error == 9999, "last error is the last my_error");

  /* The MariaDB printf dialect is used: backtick quoting. */
  pe->my_printf_error(1, "table %`s", 0, "a`b");
  n = myp_thd_take_conds(t, out, MYP_MAX_CONDS);
  CHECK(n == 1 && strcmp(out[0].msg, "table `a``b`") == 0, "MariaDB dialect: '%s'", n ? out[0].msg : "");

  /* A message longer than a condition holds is cut, not overrun. */
  char big[2000];
  memset(big, 'y', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  pe->my_printf_error(2, "%s", 0, big);
  n = myp_thd_take_conds(t, out, MYP_MAX_CONDS);
  CHECK(n == 1 && strlen(out[0].msg) == MYP_COND_LEN - 1, "long message cut");

  /* ME_ERROR_LOG: to the session and to the log. */
  log_reset();
  pe->my_printf_error(5, "logged %d", T_ME_ERROR_LOG | T_ME_WARNING, 1);
  n = myp_thd_take_conds(t, out, MYP_MAX_CONDS);
  CHECK(n == 1 && out[0].level == 1 && strcmp(out[0].msg, "logged 1") == 0, "ME_ERROR_LOG still reaches the session");
  CHECK(nlogged == 1 && logged[0].level == 1 && strcmp(logged[0].msg, "logged 1") == 0 &&
            strcmp(logged[0].plugin, "") == 0,
        "ME_ERROR_LOG logs a warning (%d, level %d, '%s', plugin '%s')", nlogged, logged[0].level, logged[0].msg,
        logged[0].plugin);

  /* ME_ERROR_LOG_ONLY: the log only, the session's diagnostics untouched. */
  log_reset();
  unsigned before = t->last_error;
  pe->my_error(1045, T_ME_ERROR_LOG_ONLY, "eve", "h", "NO");
  n = myp_thd_take_conds(t, out, MYP_MAX_CONDS);
  CHECK(n == 0, "ME_ERROR_LOG_ONLY adds no condition (%d)", n);
  CHECK(t->last_error == before, "ME_ERROR_LOG_ONLY does not set the last error");
  CHECK(nlogged == 1 && logged[0].level == 0 &&
            strcmp(logged[0].msg, "Access denied for user 'eve'@'h' (using password: NO)") == 0,
        "ME_ERROR_LOG_ONLY logs an error");

  /* No current THD: everything goes to the log, with the log level
     matching the condition level (error 0, warning 1, note 2). */
  myp_current_thd = NULL;
  log_reset();
  pe->my_printf_error(1, "e %s", 0, "x");
  pe->my_printf_error(2, "w %s", T_ME_WARNING, "y");
  pe->my_printf_error(3, "n %s", T_ME_NOTE, "z");
  pe->my_error(1292, 0, "DOUBLE", "q");
  CHECK(nlogged == 4, "four log lines without a session, got %d", nlogged);
  if (nlogged == 4) {
    CHECK(logged[0].level == 0 && strcmp(logged[0].msg, "e x") == 0, "error → log level 0");
    CHECK(logged[1].level == 1 && strcmp(logged[1].msg, "w y") == 0, "warning → log level 1");
    CHECK(logged[2].level == 2 && strcmp(logged[2].msg, "n z") == 0, "note → log level 2");
    CHECK(logged[3].level == 0 && strcmp(logged[3].msg, "Truncated incorrect DOUBLE value: 'q'") == 0, "my_error");
  }
  CHECK(t->ncond == 0, "no condition reached the (not current) THD");

  /* myp_current_thd is per thread. */
  myp_current_thd = t;
  log_reset();
  pthread_t th;
  pthread_create(&th, NULL, thread_my_error, NULL);
  pthread_join(th, NULL);
  CHECK(nlogged == 1 && strcmp(logged[0].msg, "from a thread 5") == 0, "another thread has no current THD");
  CHECK(t->ncond == 0, "the main thread's THD is not used by another thread");
  myp_current_thd = NULL;
  myp_thd_free(t);
}

/* ---- my_plugin_log ----------------------------------------------------- */

static void test_plugin_log(void) {
  const struct t_plugin_log *pl = svc("my_plugin_log_service");
  /* The host's plugin handle starts with the plugin's name. */
  struct {
    const char *name;
    int other;
  } handle = {"my_audit", 1};
  void *mysql_plugin = &handle; /* MYSQL_PLUGIN as the plugin received it in init */

  log_reset();
  CHECK(pl->my_plugin_log_message(&mysql_plugin, 0, "err %d", 1) == 0, "level 0 accepted");
  CHECK(pl->my_plugin_log_message(&mysql_plugin, 1, "warn %s", "w") == 0, "level 1 accepted");
  CHECK(pl->my_plugin_log_message(&mysql_plugin, 2, "info %`s", "t") == 0, "level 2 accepted");
  CHECK(pl->my_plugin_log_message(&mysql_plugin, 3, "bad") != 0, "level 3 rejected");
  CHECK(pl->my_plugin_log_message(&mysql_plugin, -1, "bad") != 0, "level -1 rejected");
  CHECK(nlogged == 3, "three messages logged, got %d", nlogged);
  if (nlogged == 3) {
    CHECK(logged[0].level == 0 && strcmp(logged[0].msg, "err 1") == 0 && strcmp(logged[0].plugin, "my_audit") == 0,
          "error line: %d '%s' '%s'", logged[0].level, logged[0].plugin, logged[0].msg);
    CHECK(logged[1].level == 1 && strcmp(logged[1].msg, "warn w") == 0, "warning line");
    CHECK(logged[2].level == 2 && strcmp(logged[2].msg, "info `t`") == 0, "information line (MariaDB dialect)");
  }

  /* Without a handle the message is still logged, with no plugin name. */
  log_reset();
  void *none = NULL;
  CHECK(pl->my_plugin_log_message(NULL, 2, "anon") == 0, "NULL handle pointer");
  CHECK(pl->my_plugin_log_message(&none, 2, "anon2") == 0, "NULL handle");
  CHECK(nlogged == 2 && strcmp(logged[0].plugin, "") == 0 && strcmp(logged[1].plugin, "") == 0 &&
            strcmp(logged[1].msg, "anon2") == 0,
        "no plugin name");
}

/* ---- thd_alloc --------------------------------------------------------- */

static int count_allocs(const struct myp_thd *t) {
  int n = 0;
  for (const struct myp_alloc *a = t->allocs; a != NULL; a = a->next) n++;
  return n;
}

static void *volatile sessionless_block; /* kept reachable: it lives until exit */

static void test_thd_alloc(void) {
  const struct t_thd_alloc *ta = svc("thd_alloc_service");
  struct myp_thd *t = new_thd(2);

  char *p = ta->thd_alloc(t, 100);
  CHECK(p != NULL && ((uintptr_t)p % 8) == 0, "thd_alloc gives 8-aligned memory");
  memset(p, 0xAB, 100);
  CHECK((unsigned char)p[99] == 0xAB, "usable");

  unsigned char *z = ta->thd_calloc(t, 256);
  int zero = 1;
  for (int i = 0; z && i < 256; i++) zero &= z[i] == 0;
  CHECK(z != NULL && zero, "thd_calloc zeroes");

  char *s = ta->thd_strdup(t, "hello world");
  CHECK(s && strcmp(s, "hello world") == 0 && s != (const char *)"hello world", "thd_strdup");
  char *m = ta->thd_strmake(t, "hello world", 5);
  CHECK(m && strcmp(m, "hello") == 0, "thd_strmake stops at n: '%s'", m ? m : "");
  char *m0 = ta->thd_strmake(t, "abc", 0);
  CHECK(m0 && m0[0] == '\0', "thd_strmake of 0 bytes");
  static const unsigned char bytes[] = {1, 0, 2, 0, 3};
  unsigned char *d = ta->thd_memdup(t, bytes, sizeof bytes);
  CHECK(d && memcmp(d, bytes, sizeof bytes) == 0, "thd_memdup copies NULs too");

  struct t_lex_string *lx = ta->thd_make_lex_string(t, NULL, "abcdef", 3, 1);
  CHECK(lx && lx->length == 3 && lx->str && strcmp(lx->str, "abc") == 0, "make_lex_string allocating the LEX");
  struct t_lex_string mine = {NULL, 0};
  struct t_lex_string *r = ta->thd_make_lex_string(t, &mine, "xyz", 3, 0);
  CHECK(r == &mine && mine.length == 3 && mine.str && strcmp(mine.str, "xyz") == 0, "make_lex_string into the caller's");

  char *big = ta->thd_alloc(t, 1 << 20);
  CHECK(big != NULL, "1 MiB");
  if (big) memset(big, 1, 1 << 20);

  /* Every block is the statement's (host.h: freed at the end of it). */
  CHECK(count_allocs(t) == 10, "ten blocks on the THD, got %d", count_allocs(t));

  /* A pointer that is not a THD: the block goes to the current session. */
  struct myp_thd *u = new_thd(3);
  struct myp_thd fake;
  memset(&fake, 0, sizeof fake);
  myp_current_thd = u;
  CHECK(ta->thd_alloc(&fake, 8) != NULL && count_allocs(u) == 1, "non-THD pointer uses the current THD");
  CHECK(ta->thd_strdup(NULL, "cur") != NULL && count_allocs(u) == 2, "NULL thd uses the current THD");
  myp_current_thd = NULL;
  /* Neither a THD nor a current one: the block lives until exit
     (implementation's choice, like a server's global root). */
  sessionless_block = ta->thd_alloc(NULL, 16);
  CHECK(sessionless_block != NULL, "sessionless thd_alloc");

  myp_thd_end_statement(t);
  CHECK(t->allocs == NULL, "end_statement frees the blocks");
  /* The THD goes on: a new statement allocates again. */
  CHECK(ta->thd_strdup(t, "again") != NULL && count_allocs(t) == 1, "allocation after end_statement");
  myp_thd_end_statement(t);
  myp_thd_end_statement(t); /* twice is harmless */
  CHECK(t->allocs == NULL, "second end_statement");
  myp_thd_free(t);
  myp_thd_free(u); /* frees u's blocks too (checked by ASan's leak check) */
}

/* ---- thd_specifics ----------------------------------------------------- */

static void test_thd_specifics(void) {
  const struct t_thd_specifics *sp = svc("thd_specifics_service");
  int k1 = -1, k2 = -1;
  CHECK(sp->key_create(&k1) == 0 && k1 >= 0, "key_create");
  CHECK(sp->key_create(&k2) == 0 && k2 >= 0 && k2 != k1, "a second, distinct key");
  struct myp_thd *a = new_thd(10), *b = new_thd(11);
  int x = 1, y = 2, w = 3;
  CHECK(sp->getspecific(a, k1) == NULL && sp->getspecific(b, k2) == NULL, "first get is NULL");
  CHECK(sp->setspecific(a, k1, &x) == 0, "set a/k1");
  CHECK(sp->getspecific(a, k1) == &x, "get a/k1");
  CHECK(sp->getspecific(b, k1) == NULL, "per THD: b/k1 unset");
  CHECK(sp->getspecific(a, k2) == NULL, "per key: a/k2 unset");
  CHECK(sp->setspecific(b, k1, &y) == 0 && sp->getspecific(b, k1) == &y && sp->getspecific(a, k1) == &x,
        "b/k1 independent of a/k1");
  CHECK(sp->setspecific(a, k2, &w) == 0 && sp->getspecific(a, k2) == &w && sp->getspecific(a, k1) == &x,
        "a/k2 independent of a/k1");
  CHECK(sp->setspecific(a, k1, NULL) == 0 && sp->getspecific(a, k1) == NULL, "set back to NULL");
  struct myp_thd *c = new_thd(12);
  CHECK(sp->getspecific(c, k1) == NULL && sp->getspecific(c, k2) == NULL, "a THD made later starts empty");

  /* Invalid arguments. */
  CHECK(sp->setspecific(NULL, k1, &x) != 0, "set on NULL thd fails");
  CHECK(sp->getspecific(NULL, k1) == NULL, "get on NULL thd");
  CHECK(sp->setspecific(a, MYP_MAX_SPECIFICS, &x) != 0 && sp->getspecific(a, MYP_MAX_SPECIFICS) == NULL,
        "key out of range");
  CHECK(sp->setspecific(a, -1, &x) != 0 && sp->getspecific(a, -1) == NULL, "negative key (INVALID_THD_KEY)");

  /* key_delete: no crash. Implementation's choice: a no-op; the key is not
     invalidated and its number is never handed out again. */
  int kd = k2;
  sp->key_delete(&kd);
  CHECK(1, "key_delete");

  /* Keys are a bounded, process-wide resource: at most MYP_MAX_SPECIFICS
     creations per process (deleted keys are not reused), then key_create
     fails with a non-zero return. */
  int made = 2, k = -1;
  while (made < MYP_MAX_SPECIFICS + 10 && sp->key_create(&k) == 0) made++;
  CHECK(made == MYP_MAX_SPECIFICS, "key_create succeeds %d times, got %d", MYP_MAX_SPECIFICS, made);
  CHECK(sp->key_create(&k) != 0, "exhausted");

  myp_thd_free(a);
  myp_thd_free(b);
  myp_thd_free(c);
}

/* ---- thd_error_context ------------------------------------------------- */

static void test_error_context(void) {
  const struct t_error_context *ec = svc("thd_error_context_service");
  const struct t_print_error *p = svc("my_print_error_service");
  struct myp_thd *t = new_thd(7);
  t->user = "alice";
  t->host = "localhost";
  t->ip = "127.0.0.1";
  t->query = "SELECT 1234567890 FROM t";

  CHECK(ec->get_error_number(t) == 0, "no error yet");
  /* Never NULL: plugins print it without checking. */
  CHECK(ec->get_error_message(t) != NULL && ec->get_error_message(t)[0] == '\0', "no message yet: empty");
  CHECK(ec->get_error_row(t) == 0, "row 0");

  myp_current_thd = t;
  p->my_error(1045, 0, "alice", "localhost", "YES");
  CHECK(ec->get_error_number(t) == 1045, "error number after my_error: %u", ec->get_error_number(t));
  const char *msg = ec->get_error_message(t);
  CHECK(msg && strcmp(msg, "Access denied for user 'alice'@'localhost' (using password: YES)") == 0,
        "error message after my_error: '%s'", msg ? msg : "(NULL)");
  p->my_printf_error(1292, "only a warning", T_ME_WARNING);
  p->my_printf_error(1003, "only a note", T_ME_NOTE);
  CHECK(ec->get_error_number(t) == 1045, "warnings and notes do not replace the error");
  p->my_printf_error(1231, "second %s", 0, "error");
  CHECK(ec->get_error_number(t) == 1231 && strcmp(ec->get_error_message(t), "second error") == 0,
        "the latest error wins");
  myp_current_thd = NULL;

  ec->inc_error_row(t);
  ec->inc_error_row(t);
  CHECK(ec->get_error_row(t) == 2, "inc_error_row twice");
  CHECK(ec->get_error_number(NULL) == 0 && ec->get_error_message(NULL) != NULL &&
            ec->get_error_message(NULL)[0] == '\0' && ec->get_error_row(NULL) == 0,
        "NULL thd");
  ec->inc_error_row(NULL);

  char buf[256];
  char *r = ec->get_error_context_description(t, buf, sizeof buf, 6);
  CHECK(r == buf, "description returns the buffer");
  CHECK(strstr(buf, "thread id 7") && strstr(buf, "alice") && strstr(buf, "localhost") && strstr(buf, "127.0.0.1"),
        "description names the session: '%s'", buf);
  const char *q = strstr(buf, "SELECT");
  CHECK(q && strcmp(q, "SELECT") == 0, "query cut to max_query_length (6): '%s'", buf);
  char small[16];
  memset(small, 'Z', sizeof small);
  ec->get_error_context_description(t, small, 10, 100);
  CHECK(memchr(small, '\0', 10) != NULL && small[10] == 'Z', "description stays within length");
  CHECK(ec->get_error_context_description(NULL, buf, sizeof buf, 10) == buf, "NULL thd returns the buffer");

  /* The error context is the statement's: myp_thd_end_statement resets
     the last error, its message and the row (a plugin asking in the next
     statement must not see the old error; this test found it kept). */
  myp_thd_end_statement(t);
  CHECK(ec->get_error_number(t) == 0, "error number survives the end of the statement (%u)",
        ec->get_error_number(t));
  CHECK(ec->get_error_row(t) == 0, "error row survives the end of the statement (%lu)", ec->get_error_row(t));
  myp_thd_free(t);
}

/* ---- thd_timezone ------------------------------------------------------ */

static void test_timezone(void) {
  const struct t_timezone *tz = svc("thd_timezone_service");
  struct myp_thd *t = new_thd(8);
  struct t_mysql_time mt = {2000, 1, 1, 0, 0, 0, 0, 0, T_TIMESTAMP_DATETIME};
  unsigned err = 99;
  CHECK(tz->time_to_gmt_sec(t, &mt, &err) == 946684800LL && err == 0, "2000-01-01 00:00:00 UTC");
  struct t_mysql_time mt2 = {2024, 2, 29, 23, 59, 58, 0, 0, T_TIMESTAMP_DATETIME};
  long long sec = tz->time_to_gmt_sec(t, &mt2, &err);
  CHECK(sec == 1709251198LL, "2024-02-29 23:59:58 UTC: %lld", sec);

  struct t_mysql_time back;
  memset(&back, 0x55, sizeof back);
  tz->gmt_sec_to_time(t, &back, sec);
  CHECK(back.year == 2024 && back.month == 2 && back.day == 29 && back.hour == 23 && back.minute == 59 &&
            back.second == 58 && back.second_part == 0 && back.neg == 0,
        "round trip: %u-%u-%u %u:%u:%u", back.year, back.month, back.day, back.hour, back.minute, back.second);
  CHECK(tz->time_to_gmt_sec(t, &back, &err) == sec, "and back again");
  tz->gmt_sec_to_time(t, &back, 0);
  CHECK(back.year == 1970 && back.month == 1 && back.day == 1 && back.hour == 0, "epoch");
  CHECK(tz->time_to_gmt_sec(NULL, &mt, NULL) == 946684800LL, "NULL thd and NULL err");

  /* MYSQL_TIMESTAMP_DATETIME is 1 (DATE 0, DATETIME 1, TIME 2 in
     mysql_time.h); 2 (TIME) would make a plugin drop the date. This test
     found the host returning 2. */
  tz->gmt_sec_to_time(t, &back, sec);
  CHECK(back.time_type == T_TIMESTAMP_DATETIME, "time_type is %d, MYSQL_TIMESTAMP_DATETIME is 1",
        back.time_type);
  myp_thd_free(t);
}

/* ---- progress_report --------------------------------------------------- */

static void test_progress(void) {
  const struct t_progress *pr = svc("progress_report_service");
  struct myp_thd *t = new_thd(9);
  pr->init(t, 3);
  pr->report(t, 10, 100);
  pr->next_stage(t);
  pr->report(t, 100, 100);
  pr->end(t);
  pr->init(NULL, 1);
  pr->report(NULL, 1, 2);
  pr->next_stage(NULL);
  pr->end(NULL);
  CHECK(1, "progress calls do not crash");

  const char *old = pr->set_proc_info(t, "copying", __func__, __FILE__, __LINE__);
  CHECK(old == NULL, "no previous proc info");
  CHECK(t->proc_info && strcmp(t->proc_info, "copying") == 0, "proc info set");
  old = pr->set_proc_info(t, "sorting", __func__, __FILE__, __LINE__);
  CHECK(old && strcmp(old, "copying") == 0, "returns the previous one");
  old = pr->set_proc_info(t, NULL, __func__, __FILE__, __LINE__);
  CHECK(old && strcmp(old, "sorting") == 0 && t->proc_info == NULL, "cleared");
  /* Implementation's choice: a NULL thd sets nothing and returns NULL. */
  CHECK(pr->set_proc_info(NULL, "x", __func__, __FILE__, __LINE__) == NULL, "NULL thd");
  myp_thd_free(t);
}

/* ---- mysql_malloc ------------------------------------------------------ */

static void test_malloc(void) {
  const struct t_malloc *ma = svc("mysql_malloc_service");
  unsigned char *p = ma->mysql_malloc(0, 64, 0);
  CHECK(p != NULL, "mysql_malloc");
  if (p) memset(p, 7, 64);
  unsigned char *z = ma->mysql_malloc(0, 4096, T_MY_ZEROFILL);
  int zero = 1;
  for (int i = 0; z && i < 4096; i++) zero &= z[i] == 0;
  CHECK(z != NULL && zero, "MY_ZEROFILL zeroes");
  p = ma->mysql_realloc(0, p, 128, 0);
  CHECK(p != NULL && p[63] == 7, "mysql_realloc keeps the contents");
  ma->mysql_claim(p, 1);
  ma->mysql_claim(p, 0);
  ma->mysql_free(p);
  ma->mysql_free(z);
  ma->mysql_free(NULL);

  static const char raw[] = {'a', 0, 'b'};
  char *d = ma->my_memdup(0, raw, sizeof raw, 0);
  CHECK(d && memcmp(d, raw, sizeof raw) == 0, "my_memdup");
  ma->mysql_free(d);
  d = ma->my_memdup(0, raw, 0, 0);
  CHECK(d != NULL, "my_memdup of 0 bytes returns a freeable block");
  ma->mysql_free(d);
  char *s = ma->my_strdup(0, "plugin", 0);
  CHECK(s && strcmp(s, "plugin") == 0, "my_strdup");
  ma->mysql_free(s);
  s = ma->my_strndup(0, "plugin", 3, 0);
  CHECK(s && strcmp(s, "plu") == 0, "my_strndup");
  ma->mysql_free(s);
  s = ma->my_strndup(0, "ab", 10, 0);
  CHECK(s && strcmp(s, "ab") == 0, "my_strndup shorter than n");
  ma->mysql_free(s);
  /* Memory from mysql_malloc is plain heap memory: free() works too (the
     host's choice; a plugin should not rely on it). */
  void *h = ma->mysql_malloc(0, 8, 0);
  free(h);
}

/* ---- security_context -------------------------------------------------- */

static int opt_is(const struct t_security_context *sc, t_sctx c, const char *name, const char *want) {
  struct t_lex_cstring v = {NULL, 12345};
  if (sc->get_option(c, name, &v) != 0) return 0;
  return v.str != NULL && strcmp(v.str, want) == 0 && v.length == strlen(want);
}

static void test_security_context(void) {
  const struct t_security_context *sc = svc("security_context_service");
  struct myp_thd *t = new_thd(20);
  t->user = "alice";
  t->host = "db.example";
  t->ip = "10.0.0.5";

  t_sctx own = NULL;
  CHECK(sc->get(t, &own) == 0 && own != NULL, "get on a THD");
  CHECK(opt_is(sc, own, "user", "alice"), "user");
  CHECK(opt_is(sc, own, "host", "db.example"), "host");
  CHECK(opt_is(sc, own, "ip", "10.0.0.5"), "ip");
  CHECK(opt_is(sc, own, "priv_user", "alice") && opt_is(sc, own, "priv_host", "db.example"),
        "priv_user/priv_host (the implementation answers user and host)");
  CHECK(opt_is(sc, own, "proxy_user", "") && opt_is(sc, own, "external_user", ""), "proxy/external user empty");
  struct t_lex_cstring v;
  CHECK(sc->get_option(own, "no_such_option", &v) != 0, "unknown option fails");
  CHECK(sc->get_option(own, NULL, &v) != 0 && sc->get_option(own, "user", NULL) != 0 &&
            sc->get_option(NULL, "user", &v) != 0,
        "NULL arguments fail");
  t_sctx again = NULL;
  CHECK(sc->get(t, &again) == 0 && again == own, "get does not allocate: the same context twice");
  CHECK(sc->get(NULL, &again) != 0, "get on NULL thd fails");
  struct myp_thd fake;
  memset(&fake, 0, sizeof fake);
  CHECK(sc->get(&fake, &again) != 0, "get on a non-THD fails");

  /* The THD's own context is not freed by destroy (ASan would report it),
     and stays usable. */
  CHECK(sc->destroy(own) == 0, "destroy the THD's context");
  CHECK(opt_is(sc, own, "user", "alice"), "the THD's context survives destroy");
  /* Implementation's choice: lookup on the THD's context is refused
     (switching the session's identity is not supported). */
  CHECK(sc->lookup(own, "mallory", "h", "1.2.3.4", NULL) != 0 && opt_is(sc, own, "user", "alice"),
        "lookup on the THD's context is refused");
  CHECK(sc->set(t, own) == 0, "set (a no-op) succeeds");
  CHECK(sc->set_option(own, "user", (void *)"x") != 0, "set_option is not supported");

  /* create + lookup + copy + destroy own their strings. */
  t_sctx mine = NULL;
  CHECK(sc->create(&mine) == 0 && mine != NULL, "create");
  CHECK(opt_is(sc, mine, "user", "") && opt_is(sc, mine, "ip", ""), "a new context is empty");
  char user[] = "bob", host[] = "web", ip[] = "192.168.0.9";
  CHECK(sc->lookup(mine, user, host, ip, "db") == 0, "lookup");
  user[0] = 'X';
  host[0] = 'X';
  ip[0] = 'X';
  CHECK(opt_is(sc, mine, "user", "bob") && opt_is(sc, mine, "host", "web") && opt_is(sc, mine, "ip", "192.168.0.9"),
        "lookup copies the strings");
  CHECK(sc->lookup(mine, "carol", NULL, "::1", NULL) == 0, "lookup again replaces (and frees) the strings");
  CHECK(opt_is(sc, mine, "user", "carol") && opt_is(sc, mine, "host", "") && opt_is(sc, mine, "ip", "::1"),
        "second lookup");

  t_sctx cp = NULL;
  CHECK(sc->copy(mine, &cp) == 0 && cp != NULL && cp != mine, "copy");
  CHECK(sc->destroy(mine) == 0, "destroy the original");
  CHECK(opt_is(sc, cp, "user", "carol") && opt_is(sc, cp, "ip", "::1"), "the copy owns its strings");
  CHECK(sc->destroy(cp) == 0, "destroy the copy");

  t_sctx cp2 = NULL;
  CHECK(sc->copy(own, &cp2) == 0 && cp2 != own, "copy of the THD's context");
  t->user = "changed"; /* the copy does not follow the THD */
  CHECK(opt_is(sc, cp2, "user", "alice") && opt_is(sc, cp2, "host", "db.example"), "copy is independent");
  CHECK(sc->lookup(cp2, "dave", "h2", NULL, NULL) == 0 && opt_is(sc, cp2, "user", "dave"), "a copy can be looked up");
  CHECK(sc->destroy(cp2) == 0, "destroy it");
  t_sctx empty = NULL;
  CHECK(sc->copy(NULL, &empty) == 0 && empty && opt_is(sc, empty, "user", ""), "copy of NULL is an empty context");
  CHECK(sc->destroy(empty) == 0, "destroy empty");
  CHECK(sc->destroy(NULL) == 0, "destroy NULL");
  myp_thd_free(t);
}

/* ---- mysql_string ------------------------------------------------------ */

static void test_mysql_string(void) {
  const struct t_mysql_string *ms = svc("mysql_string_service");
  char text[] = "Ab1-Zz9";
  struct t_host_string h = {text, 7};
  char buf[32];
  int err = 99;
  CHECK(ms->convert(&h, "utf8mb4", buf, sizeof buf, &err) == 7 && err == 0 && strcmp(buf, "Ab1-Zz9") == 0,
        "convert");
  memset(buf, 'Q', sizeof buf);
  CHECK(ms->convert(&h, "utf8mb4", buf, 4, &err) == 3 && strcmp(buf, "Ab1") == 0 && buf[4] == 'Q',
        "convert into a short buffer: NUL-terminated, within buflen");
  err = 0;
  ms->convert(&h, "utf8mb4", buf, 0, &err);
  CHECK(err != 0, "buflen 0 is an error");

  void *it = ms->iter(&h);
  CHECK(it != NULL, "iterator");
  int up = 0, low = 0, dig = 0, chars = 0;
  while (ms->next(it)) {
    chars++;
    up += ms->isupper(it) != 0;
    low += ms->islower(it) != 0;
    dig += ms->isdigit(it) != 0;
  }
  CHECK(chars == 7 && up == 2 && low == 2 && dig == 2, "classification: %d chars, %d upper, %d lower, %d digits", chars,
        up, low, dig);
  CHECK(ms->next(it) == 0, "stays at the end");
  ms->iter_free(it);
  CHECK(ms->isupper(NULL) == 0 && ms->next(NULL) == 0, "NULL iterator");

  struct t_host_string empty = {text, 0};
  it = ms->iter(&empty);
  CHECK(it && ms->next(it) == 0, "empty string has no characters");
  ms->iter_free(it);

  struct t_host_string *lo = ms->lower(&h);
  CHECK(lo && lo->len == 7 && memcmp(lo->s, "ab1-zz9", 7) == 0, "to_lowercase");
  CHECK(strcmp(text, "Ab1-Zz9") == 0, "the original is unchanged");
  if (lo) {
    CHECK(ms->convert(lo, "utf8mb4", buf, sizeof buf, &err) == 7 && strcmp(buf, "ab1-zz9") == 0,
          "the lowercase handle works with the service");
    ms->free(lo);
  }
  ms->free(NULL);
  ms->iter_free(NULL);
}

/* ---- server symbols ---------------------------------------------------- */

static void test_symbols(void) {
  /* Defaults before the host sets anything. */
  CHECK(strcmp(server_version, "8.0.43") == 0, "default server_version '%s'", server_version);
  CHECK(my_umask == 0660, "my_umask is 0660 (MariaDB's default): %o", (unsigned)my_umask);
  CHECK(mysql_data_home != NULL && strcmp(mysql_data_home, ".") == 0, "default data home");

  myp_set_server_version("10.11.19-MariaDB");
  CHECK(strcmp(server_version, "10.11.19-MariaDB") == 0, "server_version set");
  char longv[200];
  memset(longv, 'v', sizeof longv - 1);
  longv[sizeof longv - 1] = '\0';
  myp_set_server_version(longv);
  CHECK(strlen(server_version) == 63, "a long version is cut to 63: %zu", strlen(server_version));
  myp_set_server_version("8.0.43");

  char *home_before = mysql_data_home;
  myp_set_data_home("/var/lib/mysql");
  CHECK(mysql_data_home == home_before, "mysql_data_home keeps pointing at the same storage");
  CHECK(strcmp(mysql_data_home, "/var/lib/mysql") == 0, "data home set: '%s'", mysql_data_home);
  myp_set_data_home(".");

  /* fn_format(to, name, dir, ext, flag). */
  char to[512];
  memset(to, 'Q', sizeof to);
  char *r = fn_format(to, "audit", "/data", ".log", 0);
  CHECK(r == to && strcmp(to, "/data/audit.log") == 0, "dir joined, ext appended: '%s'", to);
  fn_format(to, "audit", "/data/", "", 0);
  CHECK(strcmp(to, "/data/audit") == 0, "no doubled '/': '%s'", to);
  fn_format(to, "/abs/file", "/data", "", 0);
  CHECK(strcmp(to, "/abs/file") == 0, "a name with '/' is kept: '%s'", to);
  fn_format(to, "sub/file", "/data", ".x", 0);
  CHECK(strcmp(to, "sub/file.x") == 0, "relative name with '/' is kept (no MY_RELATIVE_PATH): '%s'", to);
  fn_format(to, "f", "", ".log", 0);
  CHECK(strcmp(to, "f.log") == 0, "empty dir: '%s'", to);
  fn_format(to, "f", NULL, NULL, 0);
  CHECK(strcmp(to, "f") == 0, "NULL dir and ext: '%s'", to);
  /* The way MariaDB's file logger calls it. */
  myp_set_data_home("/srv/db");
  r = fn_format(to, "server_audit.log", mysql_data_home, "", 4 /* MY_UNPACK_FILENAME */);
  CHECK(r == to && strcmp(to, "/srv/db/server_audit.log") == 0, "logger-style call: '%s'", to);
  myp_set_data_home(".");
  /* Implementation's choice (the reference's minimal behaviour): flags are
     ignored and ext is always appended, even to a name that already has
     an extension (mysys keeps the old extension unless MY_REPLACE_EXT). */
  fn_format(to, "a.log", "/d", ".log", 0);
  CHECK(strcmp(to, "/d/a.log.log") == 0, "ext appended to a name with an extension: '%s'", to);
  /* Output longer than FN_REFLEN is cut to 511 bytes. */
  char longname[700];
  memset(longname, 'n', sizeof longname - 1);
  longname[sizeof longname - 1] = '\0';
  char big[1024];
  memset(big, 'Q', sizeof big);
  fn_format(big, longname, "/d", ".e", 0);
  CHECK(strlen(big) == 511 && big[512] == 'Q', "cut to FN_REFLEN-1, nothing written past 512");

  /* rw_pr locks in a plugin's 104 bytes of storage: recursive read. */
  union {
    char bytes[104];
    long long align;
  } lock;
  memset(&lock, 0, sizeof lock);
  CHECK(rw_pr_init(&lock) == 0, "rw_pr_init");
  CHECK(rw_pr_rdlock(&lock) == 0 && psi_prlock_rdlock(&lock, __FILE__, __LINE__) == 0, "two read locks");
  CHECK(rw_pr_unlock(&lock) == 0 && rw_pr_unlock(&lock) == 0, "two unlocks");
  CHECK(rw_pr_wrlock(&lock) == 0 && rw_pr_unlock(&lock) == 0, "write lock");
  CHECK(psi_prlock_wrlock(&lock, __FILE__, __LINE__) == 0 && rw_pr_unlock(&lock) == 0, "psi write lock");
  CHECK(rw_pr_destroy(&lock) == 0, "rw_pr_destroy");

  /* PSI_server: every slot callable, returning 0/NULL. */
  void **psi = (void **)PSI_server;
  CHECK(psi != NULL, "PSI_server");
  int all = 1;
  for (int i = 0; psi && i < 160; i++) {
    if (psi[i] == NULL) {
      all = 0;
      break;
    }
  }
  CHECK(all, "160 non-NULL slots");
  if (psi) {
    void *(*init_rwlock)(void) = (void *(*)(void))psi[10];
    CHECK(init_rwlock() == NULL, "slot 10 (init_rwlock) returns NULL");
  }
  pthread_mutex_t mx;
  CHECK(pthread_mutex_init(&mx, &my_fast_mutexattr) == 0, "my_fast_mutexattr is initialised");
  pthread_mutex_lock(&mx);
  pthread_mutex_unlock(&mx);
  pthread_mutex_destroy(&mx);
  char (*volatile hash_init2)(void) = my_hash_init2;
  CHECK(hash_init2 != NULL, "my_hash_init2 exists (never called: it aborts)");
}

int main(void) {
  test_symbols(); /* first: it checks the defaults */
  test_registry();
  test_thd();
  test_print_error();
  test_plugin_log();
  test_thd_alloc();
  test_thd_specifics();
  test_error_context();
  test_timezone();
  test_progress();
  test_malloc();
  test_security_context();
  test_mysql_string();
  return check_summary("misc_test");
}
