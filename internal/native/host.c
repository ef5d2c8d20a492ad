/*
 * The C side of the myplugload host. Plugins call these functions through
 * pointers the host writes into their descriptors, or the host calls the
 * plugins' functions through the trampolines here.
 */
#include "host.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* The global values of THD-local variables: what resolve(NULL, offset)
   returns, and what new sessions copy. One per process, like a library's
   own memory: a library is loaded once per process. */
static char global_dynvars[MYP_DYNVARS_SIZE] __attribute__((aligned(16)));

char *myp_global_dynvars(void) { return global_dynvars; }

__thread struct myp_thd *myp_current_thd;

struct myp_thd *myp_thd_new(unsigned long thread_id) {
  struct myp_thd *t = calloc(1, sizeof *t);
  if (t == NULL) return NULL;
  t->magic = MYP_THD_MAGIC;
  t->thread_id = thread_id;
  t->dynvars = calloc(1, MYP_DYNVARS_SIZE);
  if (t->dynvars == NULL) {
    free(t);
    return NULL;
  }
  memcpy(t->dynvars, global_dynvars, MYP_DYNVARS_SIZE);
  pthread_mutex_init(&t->cond_lock, NULL);
  return t;
}

/* myp_thd_end_statement frees what thd_alloc handed out and forgets the
   statement's error (thd_error_context reports the current statement). */
void myp_thd_end_statement(struct myp_thd *t) {
  struct myp_alloc *a = t->allocs;
  while (a != NULL) {
    struct myp_alloc *next = a->next;
    free(a);
    a = next;
  }
  t->allocs = NULL;
  pthread_mutex_lock(&t->cond_lock);
  t->last_error = 0;
  t->last_error_msg[0] = '\0';
  t->error_row = 0;
  pthread_mutex_unlock(&t->cond_lock);
}

void myp_thd_free(struct myp_thd *t) {
  if (t == NULL) return;
  myp_thd_end_statement(t);
  pthread_mutex_destroy(&t->cond_lock);
  t->magic = 0;
  free(t->dynvars);
  free(t);
}

void myp_thd_add_cond(struct myp_thd *t, int level, unsigned code, const char *msg) {
  pthread_mutex_lock(&t->cond_lock);
  if (t->ncond < MYP_MAX_CONDS) {
    struct myp_cond *c = &t->conds[t->ncond++];
    c->level = level;
    c->code = code;
    strncpy(c->msg, msg, MYP_COND_LEN - 1);
    c->msg[MYP_COND_LEN - 1] = '\0';
  }
  if (level == 2) {
    t->last_error = code;
    strncpy(t->last_error_msg, msg, MYP_COND_LEN - 1);
    t->last_error_msg[MYP_COND_LEN - 1] = '\0';
  }
  pthread_mutex_unlock(&t->cond_lock);
}

/* myp_thd_take_conds moves the session's pending conditions out. */
int myp_thd_take_conds(struct myp_thd *t, struct myp_cond *out, int max) {
  pthread_mutex_lock(&t->cond_lock);
  int n = t->ncond < max ? t->ncond : max;
  memcpy(out, t->conds, (size_t)n * sizeof *out);
  t->ncond = 0;
  pthread_mutex_unlock(&t->cond_lock);
  return n;
}

/* myp_thd_take_conds_copy returns the THD's conditions in a malloc'ed
   array the caller frees (NULL and *n = 0 when there are none: the common
   case costs no allocation), and clears them. */
struct myp_cond *myp_thd_take_conds_copy(struct myp_thd *t, int *n) {
  struct myp_cond *out = NULL;
  pthread_mutex_lock(&t->cond_lock);
  *n = t->ncond;
  if (*n > 0 && (out = malloc((size_t)*n * sizeof *out)) != NULL) memcpy(out, t->conds, (size_t)*n * sizeof *out);
  if (out == NULL) *n = 0;
  t->ncond = 0;
  pthread_mutex_unlock(&t->cond_lock);
  return out;
}

/* resolve(thd, offset): the session's slot, or the global one for NULL. One
   function serves every type: the slot's type is the plugin's business. */
static void *myp_resolve(void *thd, int offset) {
  char *base = global_dynvars;
  if (thd != NULL) {
    struct myp_thd *t = (struct myp_thd *)thd;
    if (t->magic == MYP_THD_MAGIC && t->dynvars != NULL) base = t->dynvars;
  }
  if (offset < 0 || offset >= MYP_DYNVARS_SIZE) return NULL;
  return base + offset;
}

void *myp_resolve_addr(void) { return (void *)myp_resolve; }

/* st_mysql_value */
static int v_type(void *v) { return ((struct myp_value *)v)->type; }

static const char *v_str(void *vp, char *buf, int *len) {
  struct myp_value *v = (struct myp_value *)vp;
  if (v->is_null) return NULL;
  if (v->type != 0) return NULL;
  /* Copy into the caller's buffer when it has room, as mysqld does;
     otherwise hand out the value itself (server_audit passes NULL). */
  if (buf != NULL && len != NULL && *len > v->str_len) {
    memcpy(buf, v->str, (size_t)v->str_len);
    buf[v->str_len] = '\0';
    *len = v->str_len;
    return buf;
  }
  if (len != NULL) *len = v->str_len;
  return v->str;
}

static int v_real(void *vp, double *d) {
  struct myp_value *v = (struct myp_value *)vp;
  if (v->is_null) return 1;
  *d = v->type == 2 ? (v->is_unsigned_ ? (double)(unsigned long long)v->ival : (double)v->ival) : v->rval;
  return 0;
}

static int v_int(void *vp, long long *i) {
  struct myp_value *v = (struct myp_value *)vp;
  if (v->is_null) return 1;
  *i = v->type == 1 ? (long long)v->rval : v->ival;
  return 0;
}

static int v_unsigned(void *vp) { return ((struct myp_value *)vp)->is_unsigned_; }

void myp_value_init(struct myp_value *v) {
  v->value_type = (void *)v_type;
  v->val_str = (void *)v_str;
  v->val_real = (void *)v_real;
  v->val_int = (void *)v_int;
  v->is_unsigned = (void *)v_unsigned;
}

/* Trampolines into plugin code. */
typedef int (*check_fn)(void *, void *, void *, void *);
typedef void (*update_fn)(void *, void *, void *, const void *);
typedef int (*int1_fn)(void *);
typedef int (*show_fn)(void *, void *, void *, void *, int);

int myp_call_check(void *fn, void *thd, void *cur, void *var, void *save, struct myp_value *v) {
  struct myp_thd *saved = myp_current_thd;
  myp_current_thd = (struct myp_thd *)(cur ? cur : thd);
  int rc = ((check_fn)fn)(thd, var, save, v);
  myp_current_thd = saved;
  return rc;
}

void myp_call_update(void *fn, void *thd, void *cur, void *var, void *var_ptr, const void *save) {
  struct myp_thd *saved = myp_current_thd;
  myp_current_thd = (struct myp_thd *)(cur ? cur : thd);
  ((update_fn)fn)(thd, var, var_ptr, save);
  myp_current_thd = saved;
}

int myp_call_int1(void *fn, void *arg) { return ((int1_fn)fn)(arg); }

/* myp_call_int1_thd calls fn(arg) with thd as the thread's current session. */
int myp_call_int1_thd(void *fn, void *arg, void *thd) {
  struct myp_thd *saved = myp_current_thd;
  myp_current_thd = (struct myp_thd *)thd;
  int rc = ((int1_fn)fn)(arg);
  myp_current_thd = saved;
  return rc;
}

/* SHOW_FUNC: MySQL's is (thd, var, buf); MariaDB's adds (status_var,
   scope). Passing the extra two arguments is harmless for the former. */
int myp_call_show_func(void *fn, void *thd, void *var, void *buf) {
  struct myp_thd *saved = myp_current_thd;
  myp_current_thd = (struct myp_thd *)thd;
  int rc = ((show_fn)fn)(thd, var, buf, NULL, 0);
  myp_current_thd = saved;
  return rc;
}

/*
 * The default check and update functions the servers put into a
 * descriptor whose check or update is NULL, for plugins that call them
 * themselves. The host's own SET path applies the full semantics (type
 * gate, limits, warnings) in Go; these convert and store.
 */
enum { T_BOOL = 1, T_INT, T_LONG, T_LONGLONG, T_STR, T_ENUM, T_SET, T_DOUBLE };

static int check_number(void *thd, void *var, void *save, void *value) {
  (void)thd;
  (void)var;
  long long n;
  if (v_int(value, &n)) return 1;
  memcpy(save, &n, sizeof n);
  return 0;
}

static int check_double(void *thd, void *var, void *save, void *value) {
  (void)thd;
  (void)var;
  double d;
  if (v_real(value, &d)) return 1;
  memcpy(save, &d, sizeof d);
  return 0;
}

static int check_str(void *thd, void *var, void *save, void *value) {
  (void)thd;
  (void)var;
  int len = 0;
  const char *s = v_str(value, NULL, &len);
  memcpy(save, &s, sizeof s);
  return 0;
}

static void update_1(void *thd, void *var, void *tgt, const void *save) {
  (void)thd;
  (void)var;
  memcpy(tgt, save, 1);
}
static void update_4(void *thd, void *var, void *tgt, const void *save) {
  (void)thd;
  (void)var;
  memcpy(tgt, save, 4);
}
static void update_8(void *thd, void *var, void *tgt, const void *save) {
  (void)thd;
  (void)var;
  memcpy(tgt, save, 8);
}

void *myp_default_check(int type) {
  switch (type) {
  case T_DOUBLE: return (void *)check_double;
  case T_STR: return (void *)check_str;
  default: return (void *)check_number;
  }
}

void *myp_default_update(int type) {
  switch (type) {
  case T_BOOL: return (void *)update_1;
  case T_INT: return (void *)update_4;
  default: return (void *)update_8; /* long, longlong, str (a pointer), enum, set, double */
  }
}
