/*
 * The host side of loadable functions (UDFs): the UDF_ARGS and UDF_INIT a
 * server passes, and the statement-scoped call state, so that one row is
 * one crossing from Go.
 */
#ifndef MYPLUGLOAD_NATIVE_UDF_H
#define MYPLUGLOAD_NATIVE_UDF_H

#include <stddef.h>

#include "host.h"

/* Item_result values. */
enum { MYP_UDF_STRING = 0, MYP_UDF_REAL = 1, MYP_UDF_INT = 2, MYP_UDF_ROW = 3, MYP_UDF_DECIMAL = 4 };

/* UDF_ARGS (LP64): offsets 0, 8, 16, 24, 32, 40, 48, 56; sizeof 64. */
struct myp_udf_args {
  unsigned int arg_count;
  int *arg_type;
  char **args;
  unsigned long *lengths;
  char *maybe_null;
  char **attributes;
  unsigned long *attribute_lengths;
  void *extension;
};

/* UDF_INIT (LP64): offsets 0, 4, 8, 16, 24, 32; sizeof 40. The flags are
   one byte: bool in 8.0, my_bool (char) before and in MariaDB. */
struct myp_udf_init {
  char maybe_null;
  unsigned int decimals;
  unsigned long max_length;
  char *ptr;
  char const_item;
  void *extension;
};

/* One argument value of a row, as Go lays it out (40 bytes). Strings and
   decimals are at off in the row's byte block, NUL-terminated. */
struct myp_udf_val {
  long long i;
  double d;
  unsigned long len;
  unsigned long off;
  int null;
  int type;
};

/* What one call returned. str points into memory that stays valid until
   the next call or the end of the statement. */
struct myp_udf_out {
  long long i;
  double d;
  const char *str;
  unsigned long len;
  unsigned char is_null, error;
};

/* Smallest result buffer handed to a STRING/DECIMAL function: MySQL 8.0's
   MAX_FIELD_WIDTH (255*3+1); the documented minimum is 255. */
#define MYP_UDF_RESULT_MIN 766

/* The init message buffer (MYSQL_ERRMSG_SIZE). */
#define MYP_UDF_ERRMSG_SIZE 512

enum { MYP_UDF_OP_MAIN = 0, MYP_UDF_OP_ADD = 1, MYP_UDF_OP_CLEAR = 2, MYP_UDF_OP_RESULT = 3 };

struct myp_udf_call {
  void *fn_main, *fn_init, *fn_deinit, *fn_clear, *fn_add;
  int ret; /* Item_result of the function */
  int inited;
  struct myp_thd *thd;
  struct myp_udf_init init;
  struct myp_udf_args args;
  unsigned char *isconst;
  union {
    long long i;
    double d;
  } *nums;
  char **consts; /* copies of the constant arguments' bytes */
  char *data;
  size_t data_cap;
  char *result;
  size_t result_cap;
  unsigned char is_null, error;
  struct myp_udf_out out; /* the last call's result, read by Go */
};

struct myp_udf_call *myp_udf_new(void *fn_main, void *fn_init, void *fn_deinit, void *fn_clear, void *fn_add,
                                 int ret, unsigned n);
int myp_udf_set_arg(struct myp_udf_call *c, unsigned i, int type, int maybe_null, const char *name, size_t name_len,
                    unsigned long max_length);
int myp_udf_set_const(struct myp_udf_call *c, unsigned i, const struct myp_udf_val *v, const char *bytes);
int myp_udf_start(struct myp_udf_call *c, struct myp_thd *thd, char *message);
void myp_udf_row(struct myp_udf_call *c, int op, const struct myp_udf_val *vals, const char *bytes, size_t nbytes,
                 struct myp_udf_out *out);
void myp_udf_end(struct myp_udf_call *c);
void myp_udf_free(struct myp_udf_call *c);
void myp_udf_bench_c(struct myp_udf_call *c, const struct myp_udf_val *vals, long long iters);

#endif
