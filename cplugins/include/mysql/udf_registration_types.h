/*
 * myplugload clean-room plugin headers: loadable function (UDF) ABI.
 * UDFs carry no interface version; the server looks up <name>,
 * <name>_init, <name>_deinit (and <name>_clear, <name>_add for aggregates)
 * with dlsym.
 */
#ifndef MYPLUGLOAD_MYSQL_UDF_REGISTRATION_TYPES_H
#define MYPLUGLOAD_MYSQL_UDF_REGISTRATION_TYPES_H

#include "mysql/abi_generation.h"

/* Size of the message buffer passed to xxx_init. */
#ifndef MYSQL_ERRMSG_SIZE
#define MYSQL_ERRMSG_SIZE 512
#endif

/* Argument and result types. */
enum Item_result {
#if MYPLUGLOAD_ABI_GENERATION >= 80
  INVALID_RESULT = -1,
#endif
  STRING_RESULT = 0,
  REAL_RESULT = 1,
  INT_RESULT = 2,
  ROW_RESULT = 3,
  DECIMAL_RESULT = 4
};

/* 1-byte flag type of UDF_INIT: bool in 8.0, char (my_bool) before. */
#if MYPLUGLOAD_ABI_GENERATION >= 80
typedef bool myplugload_udf_bool;
#else
typedef char myplugload_udf_bool;
#endif

/* LP64: arg_count 0, arg_type 8, args 16, lengths 24, maybe_null 32,
   attributes 40, attribute_lengths 48, extension 56; sizeof 64. */
typedef struct UDF_ARGS {
  unsigned int arg_count;
  enum Item_result *arg_type;
  char **args;              /* NULL entries are SQL NULL / not constant */
  unsigned long *lengths;
  char *maybe_null;
  char **attributes;        /* argument names */
  unsigned long *attribute_lengths;
  void *extension;
} UDF_ARGS;

/* LP64: maybe_null 0, decimals 4, max_length 8, ptr 16, const_item 24,
   extension 32; sizeof 40. */
typedef struct UDF_INIT {
  myplugload_udf_bool maybe_null;
  unsigned int decimals;
  unsigned long max_length;
  char *ptr;                /* free for the function's own state */
  myplugload_udf_bool const_item;
  void *extension;
} UDF_INIT;

/* 5.x spelling of the tags. */
#define st_udf_args UDF_ARGS
#define st_udf_init UDF_INIT

enum Item_udftype { UDFTYPE_FUNCTION = 1, UDFTYPE_AGGREGATE = 2 };

/* Entry point shapes.  Results: non-zero *is_null or *error gives NULL. */
typedef void (*Udf_func_clear)(UDF_INIT *initid, unsigned char *is_null,
                               unsigned char *error);
typedef void (*Udf_func_add)(UDF_INIT *initid, UDF_ARGS *args,
                             unsigned char *is_null, unsigned char *error);
typedef void (*Udf_func_deinit)(UDF_INIT *initid);
/* Returns true (non-zero) on error, with a message in message[]. */
typedef myplugload_udf_bool (*Udf_func_init)(UDF_INIT *initid, UDF_ARGS *args,
                                             char *message);
typedef void (*Udf_func_any)(void);
typedef double (*Udf_func_double)(UDF_INIT *initid, UDF_ARGS *args,
                                  unsigned char *is_null,
                                  unsigned char *error);
typedef long long (*Udf_func_longlong)(UDF_INIT *initid, UDF_ARGS *args,
                                       unsigned char *is_null,
                                       unsigned char *error);
typedef char *(*Udf_func_string)(UDF_INIT *initid, UDF_ARGS *args,
                                 char *result, unsigned long *length,
                                 unsigned char *is_null,
                                 unsigned char *error);

#ifdef MYPLUGLOAD_LP64
MYPLUGLOAD_STATIC_ASSERT(sizeof(UDF_ARGS) == 64, "UDF_ARGS must be 64 bytes");
MYPLUGLOAD_STATIC_ASSERT(sizeof(UDF_INIT) == 40, "UDF_INIT must be 40 bytes");
MYPLUGLOAD_STATIC_ASSERT(offsetof(UDF_INIT, ptr) == 16, "UDF_INIT.ptr at 16");
MYPLUGLOAD_STATIC_ASSERT(offsetof(UDF_INIT, const_item) == 24,
                         "UDF_INIT.const_item at 24");
#endif

#endif /* MYPLUGLOAD_MYSQL_UDF_REGISTRATION_TYPES_H */
