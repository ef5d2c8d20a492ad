/*
 * Loadable functions (UDFs): the server's side of the call protocol.
 * One myp_udf_call lives for one statement: init once, then the main
 * function per row (or clear/add per group and row, the main function per
 * group for aggregates), deinit at the end.
 */
#include "udf.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(sizeof(struct myp_udf_args) == 64, "UDF_ARGS is 64 bytes");
_Static_assert(sizeof(struct myp_udf_init) == 40, "UDF_INIT is 40 bytes");
_Static_assert(offsetof(struct myp_udf_init, ptr) == 16, "UDF_INIT.ptr at 16");
_Static_assert(offsetof(struct myp_udf_init, const_item) == 24, "UDF_INIT.const_item at 24");
_Static_assert(offsetof(struct myp_udf_args, extension) == 56, "UDF_ARGS.extension at 56");
_Static_assert(sizeof(struct myp_udf_val) == 40, "myp_udf_val matches Go's UDFVal");

typedef char (*udf_init_fn)(struct myp_udf_init *, struct myp_udf_args *, char *);
typedef void (*udf_deinit_fn)(struct myp_udf_init *);
typedef long long (*udf_int_fn)(struct myp_udf_init *, struct myp_udf_args *, unsigned char *, unsigned char *);
typedef double (*udf_real_fn)(struct myp_udf_init *, struct myp_udf_args *, unsigned char *, unsigned char *);
typedef char *(*udf_str_fn)(struct myp_udf_init *, struct myp_udf_args *, char *, unsigned long *, unsigned char *,
                            unsigned char *);
typedef void (*udf_clear_fn)(struct myp_udf_init *, unsigned char *, unsigned char *);
typedef void (*udf_add_fn)(struct myp_udf_init *, struct myp_udf_args *, unsigned char *, unsigned char *);

struct myp_udf_call *myp_udf_new(void *fn_main, void *fn_init, void *fn_deinit, void *fn_clear, void *fn_add,
                                 int ret, unsigned n) {
  struct myp_udf_call *c = calloc(1, sizeof *c);
  if (c == NULL) return NULL;
  c->fn_main = fn_main;
  c->fn_init = fn_init;
  c->fn_deinit = fn_deinit;
  c->fn_clear = fn_clear;
  c->fn_add = fn_add;
  c->ret = ret;
  size_t m = n ? n : 1; /* calloc(0) may return NULL */
  c->args.arg_count = n;
  c->args.arg_type = calloc(m, sizeof(int));
  c->args.args = calloc(m, sizeof(char *));
  c->args.lengths = calloc(m, sizeof(unsigned long));
  c->args.maybe_null = calloc(m, 1);
  c->args.attributes = calloc(m, sizeof(char *));
  c->args.attribute_lengths = calloc(m, sizeof(unsigned long));
  c->isconst = calloc(m, 1);
  c->nums = calloc(m, sizeof *c->nums);
  c->consts = calloc(m, sizeof(char *));
  if (!c->args.arg_type || !c->args.args || !c->args.lengths || !c->args.maybe_null || !c->args.attributes ||
      !c->args.attribute_lengths || !c->isconst || !c->nums || !c->consts) {
    myp_udf_free(c);
    return NULL;
  }
  return c;
}

int myp_udf_set_arg(struct myp_udf_call *c, unsigned i, int type, int maybe_null, const char *name, size_t name_len,
                    unsigned long max_length) {
  if (i >= c->args.arg_count) return 1;
  char *copy = malloc(name_len + 1);
  if (copy == NULL) return 1;
  memcpy(copy, name, name_len);
  copy[name_len] = 0;
  free(c->args.attributes[i]);
  c->args.attributes[i] = copy;
  c->args.attribute_lengths[i] = name_len;
  c->args.arg_type[i] = type;
  c->args.maybe_null[i] = (char)(maybe_null != 0);
  c->args.lengths[i] = max_length; /* at init time: the argument's max_length */
  return 0;
}

/* Points args[i] at a value: numbers at their slot, strings at bytes. */
static void put_value(struct myp_udf_call *c, unsigned i, const struct myp_udf_val *v, char *bytes) {
  if (v->null) {
    c->args.args[i] = NULL;
    c->args.lengths[i] = 0;
    return;
  }
  switch (c->args.arg_type[i]) {
    case MYP_UDF_INT:
      c->nums[i].i = v->i;
      c->args.args[i] = (char *)&c->nums[i];
      break;
    case MYP_UDF_REAL:
      c->nums[i].d = v->d;
      c->args.args[i] = (char *)&c->nums[i];
      break;
    default:
      c->args.args[i] = bytes + v->off;
      c->args.lengths[i] = v->len;
  }
}

int myp_udf_set_const(struct myp_udf_call *c, unsigned i, const struct myp_udf_val *v, const char *bytes) {
  if (i >= c->args.arg_count) return 1;
  free(c->consts[i]);
  c->consts[i] = NULL;
  struct myp_udf_val local = *v;
  if (!v->null && (c->args.arg_type[i] == MYP_UDF_STRING || c->args.arg_type[i] == MYP_UDF_DECIMAL)) {
    c->consts[i] = malloc(v->len + 1);
    if (c->consts[i] == NULL) return 1;
    memcpy(c->consts[i], bytes + v->off, v->len);
    c->consts[i][v->len] = 0;
    local.off = 0;
  }
  c->isconst[i] = 1;
  put_value(c, i, &local, c->consts[i]);
  return 0;
}

int myp_udf_start(struct myp_udf_call *c, struct myp_thd *thd, char *message) {
  c->thd = thd;
  c->is_null = 0;
  c->error = 0;
  int rc = 0;
  if (c->fn_init != NULL) {
    struct myp_thd *prev = myp_current_thd;
    myp_current_thd = thd;
    message[0] = 0;
    rc = ((udf_init_fn)c->fn_init)(&c->init, &c->args, message) != 0;
    message[MYP_UDF_ERRMSG_SIZE - 1] = 0;
    myp_current_thd = prev;
  }
  if (rc != 0) return rc;
  c->inited = 1;
  size_t want = c->init.max_length + 1;
  if (want < MYP_UDF_RESULT_MIN) want = MYP_UDF_RESULT_MIN;
  if (want > (1u << 24)) want = 1u << 24; /* init asked for a BLOB width: the function must use its own buffer */
  c->result = malloc(want);
  if (c->result == NULL) { /* the function would be handed no buffer */
    myp_udf_end(c);
    snprintf(message, MYP_UDF_ERRMSG_SIZE, "out of memory for a %zu-byte result buffer", want);
    return 1;
  }
  c->result_cap = want;
  return 0;
}

void myp_udf_row(struct myp_udf_call *c, int op, const struct myp_udf_val *vals, const char *bytes, size_t nbytes,
                 struct myp_udf_out *out) {
  if (op == MYP_UDF_OP_MAIN || op == MYP_UDF_OP_ADD) {
    if (nbytes > c->data_cap) {
      size_t cap = c->data_cap ? c->data_cap : 256;
      while (cap < nbytes) cap *= 2;
      char *d = realloc(c->data, cap);
      if (d == NULL) {
        memset(out, 0, sizeof *out);
        out->is_null = out->error = 1;
        return;
      }
      c->data = d;
      c->data_cap = cap;
    }
    if (nbytes > 0) memcpy(c->data, bytes, nbytes);
    for (unsigned i = 0; i < c->args.arg_count; i++)
      if (!c->isconst[i]) put_value(c, i, &vals[i], c->data);
  }
  struct myp_thd *prev = myp_current_thd;
  myp_current_thd = c->thd;
  out->str = NULL;
  out->len = 0;
  out->i = 0;
  out->d = 0;
  switch (op) {
    case MYP_UDF_OP_ADD:
      ((udf_add_fn)c->fn_add)(&c->init, &c->args, &c->is_null, &c->error);
      break;
    case MYP_UDF_OP_CLEAR:
      c->is_null = 0;
      ((udf_clear_fn)c->fn_clear)(&c->init, &c->is_null, &c->error);
      break;
    default:
      c->is_null = 0;
      switch (c->ret) {
        case MYP_UDF_INT:
          out->i = ((udf_int_fn)c->fn_main)(&c->init, &c->args, &c->is_null, &c->error);
          break;
        case MYP_UDF_REAL:
          out->d = ((udf_real_fn)c->fn_main)(&c->init, &c->args, &c->is_null, &c->error);
          break;
        default: {
          unsigned long len = c->result_cap;
          out->str = ((udf_str_fn)c->fn_main)(&c->init, &c->args, c->result, &len, &c->is_null, &c->error);
          /* Never read past the host's buffer, nor more than Go can take. */
          if (out->str == c->result && len > c->result_cap) len = c->result_cap;
          if (len > INT_MAX) len = INT_MAX;
          out->len = len;
        }
      }
  }
  myp_current_thd = prev;
  out->is_null = c->is_null;
  out->error = c->error;
  if (out->str == NULL && (c->ret == MYP_UDF_STRING || c->ret == MYP_UDF_DECIMAL) && op != MYP_UDF_OP_ADD &&
      op != MYP_UDF_OP_CLEAR)
    out->is_null = 1; /* a NULL pointer is a NULL result */
}

void myp_udf_end(struct myp_udf_call *c) {
  if (c->inited && c->fn_deinit != NULL) {
    struct myp_thd *prev = myp_current_thd;
    myp_current_thd = c->thd;
    ((udf_deinit_fn)c->fn_deinit)(&c->init);
    myp_current_thd = prev;
  }
  c->inited = 0;
}

void myp_udf_free(struct myp_udf_call *c) {
  if (c == NULL) return;
  for (unsigned i = 0; i < c->args.arg_count; i++) {
    if (c->args.attributes) free(c->args.attributes[i]);
    if (c->consts) free(c->consts[i]);
  }
  free(c->args.arg_type);
  free(c->args.args);
  free(c->args.lengths);
  free(c->args.maybe_null);
  free(c->args.attributes);
  free(c->args.attribute_lengths);
  free(c->isconst);
  free(c->nums);
  free(c->consts);
  free(c->data);
  free(c->result);
  free(c);
}

/* The benchmark baseline: the same rows called from C alone. */
void myp_udf_bench_c(struct myp_udf_call *c, const struct myp_udf_val *vals, long long iters) {
  struct myp_udf_out out;
  for (long long k = 0; k < iters; k++) myp_udf_row(c, MYP_UDF_OP_MAIN, vals, NULL, 0, &out);
}
