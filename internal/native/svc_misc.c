/*
 * Plugin services implemented by the host (the rest are in svc_*.c):
 * my_print_error (MariaDB), my_plugin_log (MySQL), thd_alloc,
 * thd_specifics, thd_error_context, thd_timezone, progress_report,
 * mysql_malloc, security_context and mysql_string. Member order follows the
 * servers' structs; plugins call by position.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "_cgo_export.h"
#include "host.h"
#include "svc_format.h"

/* Log levels given to the Go logger. */
enum { LOG_ERROR = 0, LOG_WARNING = 1, LOG_INFO = 2 };

static void go_log(int level, const char *plugin, const char *msg) {
  mypGoLog(level, (char *)(plugin ? plugin : ""), (char *)msg);
}

/* ---- my_print_error (MariaDB 0x0100) ---- */
#define ME_ERROR_LOG 0x40
#define ME_ERROR_LOG_ONLY 0x80
#define ME_NOTE 0x400
#define ME_WARNING 0x800

static void deliver(unsigned nr, unsigned long flags, const char *msg) {
  int level = (flags & ME_NOTE) ? 0 : (flags & ME_WARNING) ? 1 : 2;
  struct myp_thd *t = myp_current_thd;
  if (flags & (ME_ERROR_LOG | ME_ERROR_LOG_ONLY) || t == NULL)
    go_log(level == 2 ? LOG_ERROR : level == 1 ? LOG_WARNING : LOG_INFO, NULL, msg);
  if (t != NULL && !(flags & ME_ERROR_LOG_ONLY)) myp_thd_add_cond(t, level, nr, msg);
}

/* The texts of the server errors plugins raise with my_error. */
static const char *error_text(unsigned nr) {
  switch (nr) {
  case 1045: return "Access denied for user '%s'@'%s' (using password: %s)";
  case 1292: return "Truncated incorrect %-.32s value: '%-.128s'";
  case 1819: return "Your password does not satisfy the current policy requirements";
  case 1231: return "Variable '%-.64s' can't be set to the value of '%-.200s'";
  }
  return NULL;
}

static void my_printv_error_impl(unsigned nr, const char *fmt, unsigned long flags, va_list ap) {
  char msg[MYP_COND_LEN];
  myp_vsnprintf(msg, sizeof msg, fmt, ap);
  deliver(nr, flags, msg);
}

static void my_printf_error_impl(unsigned nr, const char *fmt, unsigned long flags, ...) {
  va_list ap;
  va_start(ap, flags);
  my_printv_error_impl(nr, fmt, flags, ap);
  va_end(ap);
}

static void my_error_impl(unsigned nr, unsigned long flags, ...) {
  char msg[MYP_COND_LEN];
  const char *fmt = error_text(nr);
  va_list ap;
  va_start(ap, flags);
  if (fmt != NULL)
    myp_vsnprintf(msg, sizeof msg, fmt, ap);
  else
    myp_snprintf(msg, sizeof msg, "Unknown error %u", nr);
  va_end(ap);
  deliver(nr, flags, msg);
}

static const struct {
  void (*my_error)(unsigned, unsigned long, ...);
  void (*my_printf_error)(unsigned, const char *, unsigned long, ...);
  void (*my_printv_error)(unsigned, const char *, unsigned long, va_list);
} my_print_error_handler = {my_error_impl, my_printf_error_impl, my_printv_error_impl};

/* ---- my_plugin_log (MySQL 0x0100) ---- */
static int my_plugin_log_message_impl(void **plugin, int level, const char *fmt, ...) {
  if (level < 0 || level > 2) return 1; /* the server rejects other levels */
  char msg[MYP_COND_LEN];
  va_list ap;
  va_start(ap, fmt);
  myp_vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  /* MYSQL_PLUGIN is the handle; the host's handle starts with the name. */
  const char *name = (plugin != NULL && *plugin != NULL) ? *(const char **)*plugin : NULL;
  go_log(level, name, msg);
  return 0;
}

static const struct {
  int (*my_plugin_log_message)(void **, int, const char *, ...);
} my_plugin_log_handler = {my_plugin_log_message_impl};

/* ---- thd_alloc (MySQL 0x0100, MariaDB 0x0200: the same six functions) ---- */
static void *thd_calloc_impl(void *thd, size_t size) {
  struct myp_thd *t = (struct myp_thd *)thd;
  if (t == NULL || t->magic != MYP_THD_MAGIC) t = myp_current_thd;
  struct myp_alloc *a = calloc(1, sizeof *a + size + 1);
  if (a == NULL) return NULL;
  if (t != NULL) {
    a->next = t->allocs;
    t->allocs = a;
  } /* without a session the block lives until exit, as a server's global root would */
  return a + 1;
}
static void *thd_alloc_impl(void *thd, size_t size) { return thd_calloc_impl(thd, size); }
static char *thd_strmake_impl(void *thd, const char *s, size_t n) {
  char *p = thd_calloc_impl(thd, n + 1);
  if (p != NULL) memcpy(p, s, n);
  return p;
}
static char *thd_strdup_impl(void *thd, const char *s) { return thd_strmake_impl(thd, s, strlen(s)); }
static void *thd_memdup_impl(void *thd, const void *s, size_t n) {
  void *p = thd_calloc_impl(thd, n);
  if (p != NULL) memcpy(p, s, n);
  return p;
}
struct lex_string {
  char *str;
  size_t length;
};
static struct lex_string *thd_make_lex_string_impl(void *thd, struct lex_string *lex, const char *s, size_t n,
                                                   int allocate) {
  if (allocate && (lex = thd_calloc_impl(thd, sizeof *lex)) == NULL) return NULL;
  if ((lex->str = thd_strmake_impl(thd, s, n)) == NULL) return NULL;
  lex->length = n;
  return lex;
}
static const struct {
  void *(*thd_alloc)(void *, size_t);
  void *(*thd_calloc)(void *, size_t);
  char *(*thd_strdup)(void *, const char *);
  char *(*thd_strmake)(void *, const char *, size_t);
  void *(*thd_memdup)(void *, const void *, size_t);
  struct lex_string *(*thd_make_lex_string)(void *, struct lex_string *, const char *, size_t, int);
} thd_alloc_handler = {thd_alloc_impl, thd_calloc_impl, thd_strdup_impl, thd_strmake_impl, thd_memdup_impl,
                       thd_make_lex_string_impl};

/* ---- thd_specifics (MariaDB 0x0100) ---- */
static int next_key;
static pthread_mutex_t key_lock = PTHREAD_MUTEX_INITIALIZER;
static int key_create_impl(unsigned *key) {
  pthread_mutex_lock(&key_lock);
  int rc = next_key < MYP_MAX_SPECIFICS ? 0 : 1;
  if (rc == 0) *key = (unsigned)next_key++;
  pthread_mutex_unlock(&key_lock);
  return rc;
}
static void key_delete_impl(unsigned *key) { (void)key; }
static void *getspecific_impl(void *thd, unsigned key) {
  struct myp_thd *t = (struct myp_thd *)thd;
  return (t != NULL && key < MYP_MAX_SPECIFICS) ? t->specifics[key] : NULL;
}
static int setspecific_impl(void *thd, unsigned key, void *value) {
  struct myp_thd *t = (struct myp_thd *)thd;
  if (t == NULL || key >= MYP_MAX_SPECIFICS) return 1;
  t->specifics[key] = value;
  return 0;
}
static const struct {
  int (*key_create)(unsigned *);
  void (*key_delete)(unsigned *);
  void *(*getspecific)(void *, unsigned);
  int (*setspecific)(void *, unsigned, void *);
} thd_specifics_handler = {key_create_impl, key_delete_impl, getspecific_impl, setspecific_impl};

/* ---- thd_error_context (MariaDB 0x0200) ---- */
static const char *get_error_message_impl(const void *thd) {
  const struct myp_thd *t = (const struct myp_thd *)thd;
  return (t != NULL && t->last_error) ? t->last_error_msg : ""; /* never NULL: plugins print it */
}
static unsigned get_error_number_impl(const void *thd) {
  const struct myp_thd *t = (const struct myp_thd *)thd;
  return t != NULL ? t->last_error : 0;
}
static unsigned long get_error_row_impl(const void *thd) {
  const struct myp_thd *t = (const struct myp_thd *)thd;
  return t != NULL ? t->error_row : 0;
}
static void inc_error_row_impl(void *thd) {
  struct myp_thd *t = (struct myp_thd *)thd;
  if (t != NULL) t->error_row++;
}
static char *get_error_context_description_impl(void *thd, char *buf, unsigned len, unsigned max_query) {
  struct myp_thd *t = (struct myp_thd *)thd;
  if (t == NULL) return buf;
  myp_snprintf(buf, len, "MySQL thread id %lu, user %s, host %s, ip %s, query: %.*s", t->thread_id,
               t->user ? t->user : "", t->host ? t->host : "", t->ip ? t->ip : "", (int)max_query,
               t->query ? t->query : "");
  return buf;
}
static const struct {
  const char *(*get_error_message)(const void *);
  unsigned (*get_error_number)(const void *);
  unsigned long (*get_error_row)(const void *);
  void (*inc_error_row)(void *);
  char *(*get_error_context_description)(void *, char *, unsigned, unsigned);
} thd_error_context_handler = {get_error_message_impl, get_error_number_impl, get_error_row_impl,
                               inc_error_row_impl, get_error_context_description_impl};

/* ---- thd_timezone (MariaDB 0x0100): the host's sessions run in UTC ---- */
struct mysql_time {
  unsigned year, month, day, hour, minute, second;
  unsigned long second_part;
  char neg;
  int time_type;
};
static long long time_to_gmt_sec_impl(void *thd, const struct mysql_time *lt, unsigned *err) {
  (void)thd;
  struct tm tm = {0};
  tm.tm_year = (int)lt->year - 1900;
  tm.tm_mon = (int)lt->month - 1;
  tm.tm_mday = (int)lt->day;
  tm.tm_hour = (int)lt->hour;
  tm.tm_min = (int)lt->minute;
  tm.tm_sec = (int)lt->second;
  if (err) *err = 0;
  return (long long)timegm(&tm);
}
static void gmt_sec_to_time_impl(void *thd, struct mysql_time *lt, long long t) {
  (void)thd;
  time_t tt = (time_t)t;
  struct tm tm;
  gmtime_r(&tt, &tm);
  memset(lt, 0, sizeof *lt);
  lt->year = (unsigned)tm.tm_year + 1900;
  lt->month = (unsigned)tm.tm_mon + 1;
  lt->day = (unsigned)tm.tm_mday;
  lt->hour = (unsigned)tm.tm_hour;
  lt->minute = (unsigned)tm.tm_min;
  lt->second = (unsigned)tm.tm_sec;
  lt->time_type = 1; /* MYSQL_TIMESTAMP_DATETIME (DATE 0, DATETIME 1, TIME 2) */
}
static const struct {
  long long (*thd_TIME_to_gmt_sec)(void *, const struct mysql_time *, unsigned *);
  void (*thd_gmt_sec_to_TIME)(void *, struct mysql_time *, long long);
} thd_timezone_handler = {time_to_gmt_sec_impl, gmt_sec_to_time_impl};

/* ---- progress_report (MariaDB 0x0100): nothing to report to ---- */
static void progress_init_impl(void *thd, unsigned max_stage) {
  (void)thd;
  (void)max_stage;
}
static void progress_report_impl(void *thd, unsigned long long progress, unsigned long long max) {
  (void)thd;
  (void)progress;
  (void)max;
}
static void progress_void_impl(void *thd) { (void)thd; }
static const char *set_proc_info_impl(void *thd, const char *info, const char *func, const char *file,
                                      unsigned line) {
  (void)func;
  (void)file;
  (void)line;
  struct myp_thd *t = (struct myp_thd *)thd;
  if (t == NULL) return NULL;
  const char *old = t->proc_info;
  t->proc_info = info;
  return old;
}
static const struct {
  void (*thd_progress_init)(void *, unsigned);
  void (*thd_progress_report)(void *, unsigned long long, unsigned long long);
  void (*thd_progress_next_stage)(void *);
  void (*thd_progress_end)(void *);
  const char *(*set_thd_proc_info)(void *, const char *, const char *, const char *, unsigned);
} progress_report_handler = {progress_init_impl, progress_report_impl, progress_void_impl, progress_void_impl,
                             set_proc_info_impl};

/* ---- mysql_malloc (MySQL 0x0100); MY_ZEROFILL is 32 ---- */
static void *mysql_malloc_impl(unsigned key, size_t size, int flags) {
  (void)key;
  return (flags & 32) ? calloc(1, size) : malloc(size);
}
static void *mysql_realloc_impl(unsigned key, void *p, size_t size, int flags) {
  (void)key;
  (void)flags;
  return realloc(p, size);
}
static void mysql_claim_impl(const void *p, int claim) {
  (void)p;
  (void)claim;
}
static void mysql_free_impl(void *p) { free(p); }
static void *my_memdup_impl(unsigned key, const void *p, size_t n, int flags) {
  (void)key;
  (void)flags;
  void *q = malloc(n ? n : 1);
  if (q != NULL) memcpy(q, p, n);
  return q;
}
static char *my_strdup_impl(unsigned key, const char *s, int flags) {
  (void)key;
  (void)flags;
  return strdup(s);
}
static char *my_strndup_impl(unsigned key, const char *s, size_t n, int flags) {
  (void)key;
  (void)flags;
  return strndup(s, n);
}
static const struct {
  void *(*mysql_malloc)(unsigned, size_t, int);
  void *(*mysql_realloc)(unsigned, void *, size_t, int);
  void (*mysql_claim)(const void *, int);
  void (*mysql_free)(void *);
  void *(*my_memdup)(unsigned, const void *, size_t, int);
  char *(*my_strdup)(unsigned, const char *, int);
  char *(*my_strndup)(unsigned, const char *, size_t, int);
} mysql_malloc_handler = {mysql_malloc_impl, mysql_realloc_impl, mysql_claim_impl, mysql_free_impl,
                          my_memdup_impl, my_strdup_impl, my_strndup_impl};

/* ---- security_context (MySQL 0x0101): the session's identity ---- */
/* The THD's own context is returned (MySQL's thd_get_security_context
   does not allocate); contexts a plugin creates or copies own their
   strings, which lookup replaces and destroy frees. */
#define sec_ctx myp_sec_ctx
static void ctx_clear(struct sec_ctx *c) {
  if (c->owned) {
    free((void *)c->user);
    free((void *)c->host);
    free((void *)c->ip);
  }
  c->user = c->host = c->ip = NULL;
}
static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }
static int get_ctx_impl(void *thd, struct sec_ctx **out) {
  struct myp_thd *t = (struct myp_thd *)thd;
  if (t == NULL || t->magic != MYP_THD_MAGIC) return 1;
  t->sctx.user = t->user;
  t->sctx.host = t->host;
  t->sctx.ip = t->ip;
  t->sctx.owned = 0;
  *out = &t->sctx;
  return 0;
}
static int set_ctx_impl(void *thd, struct sec_ctx *in) {
  (void)thd;
  (void)in;
  return 0;
}
static int create_ctx_impl(struct sec_ctx **out) {
  if ((*out = calloc(1, sizeof **out)) == NULL) return 1;
  (*out)->owned = 1;
  return 0;
}
static int destroy_ctx_impl(struct sec_ctx *c) {
  if (c == NULL || !c->owned) return 0; /* a THD's own context is not freed */
  ctx_clear(c);
  free(c);
  return 0;
}
static int copy_ctx_impl(struct sec_ctx *in, struct sec_ctx **out) {
  if (create_ctx_impl(out)) return 1;
  if (in != NULL) {
    (*out)->user = dup_or_null(in->user);
    (*out)->host = dup_or_null(in->host);
    (*out)->ip = dup_or_null(in->ip);
  }
  return 0;
}
static int lookup_ctx_impl(struct sec_ctx *c, const char *user, const char *host, const char *ip, const char *db) {
  (void)db;
  if (c == NULL || !c->owned) return 1;
  ctx_clear(c);
  c->user = dup_or_null(user);
  c->host = dup_or_null(host);
  c->ip = dup_or_null(ip);
  return 0;
}
struct lex_cstring {
  const char *str;
  size_t length;
};
static int get_option_impl(struct sec_ctx *c, const char *name, void *inout) {
  if (c == NULL || name == NULL || inout == NULL) return 1;
  const char *v = NULL;
  if (!strcmp(name, "user") || !strcmp(name, "priv_user"))
    v = c->user;
  else if (!strcmp(name, "host") || !strcmp(name, "priv_host"))
    v = c->host;
  else if (!strcmp(name, "ip"))
    v = c->ip;
  else if (!strcmp(name, "proxy_user") || !strcmp(name, "external_user"))
    v = "";
  else
    return 1;
  struct lex_cstring *out = (struct lex_cstring *)inout;
  out->str = v ? v : "";
  out->length = strlen(out->str);
  return 0;
}
static int set_option_impl(struct sec_ctx *c, const char *name, void *value) {
  (void)c;
  (void)name;
  (void)value;
  return 1;
}
static const struct {
  int (*get)(void *, struct sec_ctx **);
  int (*set)(void *, struct sec_ctx *);
  int (*create)(struct sec_ctx **);
  int (*destroy)(struct sec_ctx *);
  int (*copy)(struct sec_ctx *, struct sec_ctx **);
  int (*lookup)(struct sec_ctx *, const char *, const char *, const char *, const char *);
  int (*get_option)(struct sec_ctx *, const char *, void *);
  int (*set_option)(struct sec_ctx *, const char *, void *);
} security_context_handler = {get_ctx_impl, set_ctx_impl, create_ctx_impl, destroy_ctx_impl,
                              copy_ctx_impl, lookup_ctx_impl, get_option_impl, set_option_impl};

/* ---- mysql_string (MySQL 0x0100): byte strings, ASCII classification ---- */
struct mstring {
  char *s;
  size_t len;
};
struct miter {
  struct mstring *str;
  size_t pos;
  int c;
};
static int mstr_convert_impl(struct mstring *h, const char *cs, char *buf, unsigned buflen, int *err) {
  (void)cs;
  if (h == NULL || buflen == 0) {
    if (err) *err = 1;
    return 0;
  }
  size_t n = h->len < buflen - 1 ? h->len : buflen - 1;
  memcpy(buf, h->s, n);
  buf[n] = '\0';
  if (err) *err = 0;
  return (int)n;
}
static struct miter *mstr_iter_impl(struct mstring *h) {
  struct miter *it = calloc(1, sizeof *it);
  if (it) it->str = h;
  return it;
}
static int mstr_next_impl(struct miter *it) {
  if (it == NULL || it->str == NULL || it->pos >= it->str->len) return 0;
  it->c = (unsigned char)it->str->s[it->pos++];
  return 1;
}
static int mstr_isupper_impl(struct miter *it) { return it && isupper(it->c); }
static int mstr_islower_impl(struct miter *it) { return it && islower(it->c); }
static int mstr_isdigit_impl(struct miter *it) { return it && isdigit(it->c); }
static struct mstring *mstr_lower_impl(struct mstring *h) {
  struct mstring *o = calloc(1, sizeof *o);
  if (o == NULL || h == NULL) return o;
  o->s = malloc(h->len + 1);
  if (o->s == NULL) {
    free(o);
    return NULL;
  }
  for (size_t i = 0; i < h->len; i++) o->s[i] = (char)tolower((unsigned char)h->s[i]);
  o->s[h->len] = '\0';
  o->len = h->len;
  return o;
}
static void mstr_free_impl(struct mstring *h) {
  if (h) free(h->s);
  free(h);
}
static void mstr_iter_free_impl(struct miter *it) { free(it); }
static const struct {
  int (*convert)(struct mstring *, const char *, char *, unsigned, int *);
  struct miter *(*iter)(struct mstring *);
  int (*next)(struct miter *);
  int (*isupper)(struct miter *);
  int (*islower)(struct miter *);
  int (*isdigit)(struct miter *);
  struct mstring *(*lower)(struct mstring *);
  void (*free)(struct mstring *);
  void (*iter_free)(struct miter *);
} mysql_string_handler = {mstr_convert_impl, mstr_iter_impl, mstr_next_impl, mstr_isupper_impl, mstr_islower_impl,
                          mstr_isdigit_impl, mstr_lower_impl, mstr_free_impl, mstr_iter_free_impl};

/* The services the host provides, by the name of the pointer plugins
   export. Versions are checked against the server profile by the host. */
#include "svc_hashcrypt.h"
static const struct {
  const char *name;
  const void *handler;
} services[] = {
    {"my_snprintf_service", &myp_my_snprintf_handler},
    {"my_print_error_service", &my_print_error_handler},
    {"my_plugin_log_service", &my_plugin_log_handler},
    {"logger_service", &myp_logger_handler},
    {"base64_service", &myp_base64_handler},
    {"my_sha1_service", &myp_my_sha1_handler},
    {"my_sha2_service", &myp_my_sha2_handler},
    {"my_md5_service", &myp_my_md5_handler},
    {"my_crypt_service", &myp_my_crypt_handler},
    {"thd_alloc_service", &thd_alloc_handler},
    {"thd_specifics_service", &thd_specifics_handler},
    {"thd_error_context_service", &thd_error_context_handler},
    {"thd_timezone_service", &thd_timezone_handler},
    {"progress_report_service", &progress_report_handler},
    {"mysql_malloc_service", &mysql_malloc_handler},
    {"security_context_service", &security_context_handler},
    {"mysql_string_service", &mysql_string_handler},
};

const void *myp_service_handler(const char *name) {
  if (name == NULL) return NULL;
  for (size_t i = 0; i < sizeof services / sizeof services[0]; i++)
    if (!strcmp(services[i].name, name)) return services[i].handler;
  return NULL;
}
