/*
 * example_udf.c - example loadable functions (UDFs) for myplugload.
 *
 * Not a plugin: the library exports plain C functions that a server finds
 * with dlsym after CREATE [AGGREGATE] FUNCTION ... SONAME 'example_udf.so'.
 *
 *   udf_reverse(s)        STRING   s reversed; NULL for NULL; uses the
 *                                  server's result buffer up to 255 bytes,
 *                                  its own buffer (initid->ptr) beyond
 *   udf_add(a, b)         INTEGER  a + b; NULL if either is NULL
 *   udf_half(x)           REAL     x / 2 (any argument type converted)
 *   udf_decimal_echo(s)   DECIMAL  its argument as the decimal text,
 *                                  "0.00" for NULL; decimals = 2
 *   udf_fail(x)           INTEGER  sets *error on every call
 *   udf_null()            STRING   always NULL
 *   udf_refuse(...)       INTEGER  its _init refuses with a message
 *   udf_describe(...)     STRING   what _init saw: "<n>:<types>:<const>:
 *                                  <names>:<maybe_null>" and per row the
 *                                  argument lengths
 *   udf_sumsq(x)          aggregate REAL: the sum of squares of a group
 *   udf_noinit()          INTEGER  has no _init and no _deinit: refused
 *
 * The functions count their _init/_deinit calls in udf_init_calls and
 * udf_deinit_calls (exported ints) so a host can check the protocol.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mysql/udf_registration_types.h>

#define UDF_EXPORT __attribute__((visibility("default")))

UDF_EXPORT int udf_init_calls;
UDF_EXPORT int udf_deinit_calls;

/* ---- udf_reverse: STRING ---------------------------------------------- */

UDF_EXPORT myplugload_udf_bool udf_reverse_init(UDF_INIT *initid, UDF_ARGS *args, char *message) {
  udf_init_calls++;
  if (args->arg_count != 1 || args->arg_type[0] != STRING_RESULT) {
    snprintf(message, MYSQL_ERRMSG_SIZE, "udf_reverse() takes one string argument");
    return 1;
  }
  initid->maybe_null = 1;
  initid->ptr = NULL;
  return 0;
}

UDF_EXPORT void udf_reverse_deinit(UDF_INIT *initid) {
  udf_deinit_calls++;
  free(initid->ptr);
}

UDF_EXPORT char *udf_reverse(UDF_INIT *initid, UDF_ARGS *args, char *result, unsigned long *length,
                             unsigned char *is_null, unsigned char *error) {
  (void)error;
  const char *s = args->args[0];
  if (s == NULL) {
    *is_null = 1;
    return NULL;
  }
  unsigned long n = args->lengths[0];
  char *out = result;
  if (n > 255) {
    free(initid->ptr);
    initid->ptr = (char *)malloc(n);
    if (initid->ptr == NULL) {
      *error = 1;
      return NULL;
    }
    out = initid->ptr;
  }
  for (unsigned long i = 0; i < n; i++) out[i] = s[n - 1 - i];
  *length = n;
  return out;
}

/* ---- udf_add: INTEGER with NULL handling ------------------------------- */

UDF_EXPORT myplugload_udf_bool udf_add_init(UDF_INIT *initid, UDF_ARGS *args, char *message) {
  udf_init_calls++;
  if (args->arg_count != 2) {
    snprintf(message, MYSQL_ERRMSG_SIZE, "udf_add() takes two arguments");
    return 1;
  }
  /* Ask for integers, as the server then converts: we accept INT only. */
  for (unsigned i = 0; i < 2; i++) {
    if (args->arg_type[i] != INT_RESULT) {
      snprintf(message, MYSQL_ERRMSG_SIZE, "udf_add() argument %u is not an integer", i + 1);
      return 1;
    }
  }
  initid->maybe_null = 1;
  return 0;
}

UDF_EXPORT void udf_add_deinit(UDF_INIT *initid) {
  (void)initid;
  udf_deinit_calls++;
}

UDF_EXPORT long long udf_add(UDF_INIT *initid, UDF_ARGS *args, unsigned char *is_null, unsigned char *error) {
  (void)initid;
  (void)error;
  if (args->args[0] == NULL || args->args[1] == NULL) {
    *is_null = 1;
    return 0;
  }
  return *(long long *)args->args[0] + *(long long *)args->args[1];
}

/* ---- udf_half: REAL ----------------------------------------------------- */

static double as_double(UDF_ARGS *args, unsigned i) {
  const char *p = args->args[i];
  char buf[64];
  switch (args->arg_type[i]) {
    case INT_RESULT:
      return (double)*(long long *)p;
    case REAL_RESULT:
      return *(double *)p;
    default: {
      unsigned long n = args->lengths[i] < sizeof buf - 1 ? args->lengths[i] : sizeof buf - 1;
      memcpy(buf, p, n);
      buf[n] = 0;
      return strtod(buf, NULL);
    }
  }
}

UDF_EXPORT myplugload_udf_bool udf_half_init(UDF_INIT *initid, UDF_ARGS *args, char *message) {
  udf_init_calls++;
  if (args->arg_count != 1) {
    snprintf(message, MYSQL_ERRMSG_SIZE, "udf_half() takes one argument");
    return 1;
  }
  initid->decimals = 3;
  initid->maybe_null = 1;
  return 0;
}

UDF_EXPORT double udf_half(UDF_INIT *initid, UDF_ARGS *args, unsigned char *is_null, unsigned char *error) {
  (void)initid;
  (void)error;
  if (args->args[0] == NULL) {
    *is_null = 1;
    return 0;
  }
  return as_double(args, 0) / 2;
}

/* ---- udf_decimal_echo: DECIMAL (returned as text) ----------------------- */

UDF_EXPORT myplugload_udf_bool udf_decimal_echo_init(UDF_INIT *initid, UDF_ARGS *args, char *message) {
  udf_init_calls++;
  if (args->arg_count != 1 || (args->arg_type[0] != DECIMAL_RESULT && args->arg_type[0] != STRING_RESULT)) {
    snprintf(message, MYSQL_ERRMSG_SIZE, "udf_decimal_echo() takes one decimal argument");
    return 1;
  }
  initid->decimals = 2;
  return 0;
}

UDF_EXPORT char *udf_decimal_echo(UDF_INIT *initid, UDF_ARGS *args, char *result, unsigned long *length,
                                  unsigned char *is_null, unsigned char *error) {
  (void)initid;
  (void)is_null;
  (void)error;
  if (args->args[0] == NULL) {
    memcpy(result, "0.00", 4);
    *length = 4;
    return result;
  }
  *length = args->lengths[0];
  return args->args[0]; /* a pointer into the argument: the server copies it */
}

/* ---- udf_fail: the error flag ------------------------------------------ */

UDF_EXPORT int udf_fail_calls;

UDF_EXPORT myplugload_udf_bool udf_fail_init(UDF_INIT *initid, UDF_ARGS *args, char *message) {
  (void)initid;
  (void)args;
  (void)message;
  udf_init_calls++;
  udf_fail_calls = 0;
  return 0;
}

UDF_EXPORT long long udf_fail(UDF_INIT *initid, UDF_ARGS *args, unsigned char *is_null, unsigned char *error) {
  (void)initid;
  (void)args;
  (void)is_null;
  udf_fail_calls++;
  /* Fails on the first row only: the flag stays set for the statement. */
  if (udf_fail_calls == 1) *error = 1;
  return 42;
}

/* ---- udf_null: a NULL result -------------------------------------------- */

UDF_EXPORT myplugload_udf_bool udf_null_init(UDF_INIT *initid, UDF_ARGS *args, char *message) {
  (void)args;
  (void)message;
  udf_init_calls++;
  initid->maybe_null = 1;
  return 0;
}

UDF_EXPORT char *udf_null(UDF_INIT *initid, UDF_ARGS *args, char *result, unsigned long *length,
                          unsigned char *is_null, unsigned char *error) {
  (void)initid;
  (void)args;
  (void)length;
  (void)error;
  *is_null = 1;
  return result;
}

/* ---- udf_refuse: _init returns true ------------------------------------- */

UDF_EXPORT myplugload_udf_bool udf_refuse_init(UDF_INIT *initid, UDF_ARGS *args, char *message) {
  (void)initid;
  udf_init_calls++;
  snprintf(message, MYSQL_ERRMSG_SIZE, "udf_refuse() refuses %u argument(s)", args->arg_count);
  return 1;
}

UDF_EXPORT void udf_refuse_deinit(UDF_INIT *initid) {
  (void)initid;
  udf_deinit_calls++; /* must never run: init failed */
}

UDF_EXPORT long long udf_refuse(UDF_INIT *initid, UDF_ARGS *args, unsigned char *is_null, unsigned char *error) {
  (void)initid;
  (void)args;
  (void)is_null;
  *error = 1;
  return 0;
}

/* ---- udf_describe: what the host passed --------------------------------- */

UDF_EXPORT myplugload_udf_bool udf_describe_init(UDF_INIT *initid, UDF_ARGS *args, char *message) {
  udf_init_calls++;
  char *buf = (char *)malloc(1024);
  if (buf == NULL) {
    snprintf(message, MYSQL_ERRMSG_SIZE, "out of memory");
    return 1;
  }
  int n = snprintf(buf, 1024, "%u:", args->arg_count);
  for (unsigned i = 0; i < args->arg_count; i++) n += snprintf(buf + n, 1024 - n, "%d", (int)args->arg_type[i]);
  n += snprintf(buf + n, 1024 - n, ":");
  for (unsigned i = 0; i < args->arg_count; i++) n += snprintf(buf + n, 1024 - n, "%c", args->args[i] ? 'c' : '-');
  n += snprintf(buf + n, 1024 - n, ":");
  for (unsigned i = 0; i < args->arg_count; i++)
    n += snprintf(buf + n, 1024 - n, "%s%.*s", i ? "," : "", (int)args->attribute_lengths[i], args->attributes[i]);
  n += snprintf(buf + n, 1024 - n, ":");
  for (unsigned i = 0; i < args->arg_count; i++) n += snprintf(buf + n, 1024 - n, "%d", args->maybe_null[i] ? 1 : 0);
  n += snprintf(buf + n, 1024 - n, ":%d:%lu:%u", initid->const_item ? 1 : 0, initid->max_length, initid->decimals);
  initid->ptr = buf;
  initid->max_length = 1000;
  return 0;
}

UDF_EXPORT void udf_describe_deinit(UDF_INIT *initid) {
  udf_deinit_calls++;
  free(initid->ptr);
}

UDF_EXPORT char *udf_describe(UDF_INIT *initid, UDF_ARGS *args, char *result, unsigned long *length,
                              unsigned char *is_null, unsigned char *error) {
  (void)is_null;
  (void)error;
  int n = snprintf(result, 255, "%s|", initid->ptr);
  for (unsigned i = 0; i < args->arg_count && n < 250; i++)
    n += snprintf(result + n, 255 - n, "%s%lu", i ? "," : "", args->args[i] ? args->lengths[i] : 0UL);
  *length = (unsigned long)n;
  return result;
}

/* ---- udf_sumsq: aggregate ----------------------------------------------- */

struct sumsq {
  double sum;
  long long rows;
};

UDF_EXPORT myplugload_udf_bool udf_sumsq_init(UDF_INIT *initid, UDF_ARGS *args, char *message) {
  udf_init_calls++;
  if (args->arg_count != 1) {
    snprintf(message, MYSQL_ERRMSG_SIZE, "udf_sumsq() takes one argument");
    return 1;
  }
  args->arg_type[0] = REAL_RESULT; /* ask the server for doubles */
  initid->ptr = (char *)calloc(1, sizeof(struct sumsq));
  initid->maybe_null = 1;
  return initid->ptr == NULL;
}

UDF_EXPORT void udf_sumsq_deinit(UDF_INIT *initid) {
  udf_deinit_calls++;
  free(initid->ptr);
}

UDF_EXPORT void udf_sumsq_clear(UDF_INIT *initid, unsigned char *is_null, unsigned char *error) {
  (void)is_null;
  (void)error;
  struct sumsq *s = (struct sumsq *)initid->ptr;
  s->sum = 0;
  s->rows = 0;
}

UDF_EXPORT void udf_sumsq_add(UDF_INIT *initid, UDF_ARGS *args, unsigned char *is_null, unsigned char *error) {
  (void)is_null;
  (void)error;
  struct sumsq *s = (struct sumsq *)initid->ptr;
  if (args->args[0] == NULL) return; /* NULLs are skipped, like SUM() */
  double x = *(double *)args->args[0];
  s->sum += x * x;
  s->rows++;
}

UDF_EXPORT double udf_sumsq(UDF_INIT *initid, UDF_ARGS *args, unsigned char *is_null, unsigned char *error) {
  (void)args;
  (void)error;
  struct sumsq *s = (struct sumsq *)initid->ptr;
  if (s->rows == 0) {
    *is_null = 1; /* an empty group, like SUM() */
    return 0;
  }
  return s->sum;
}

/* ---- udf_noinit: neither _init nor _deinit ------------------------------ */

UDF_EXPORT long long udf_noinit(UDF_INIT *initid, UDF_ARGS *args, unsigned char *is_null, unsigned char *error) {
  (void)initid;
  (void)args;
  (void)is_null;
  (void)error;
  return 1;
}
