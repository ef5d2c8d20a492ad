/*
 * myplugload clean-room plugin headers: status variables (SHOW STATUS).
 */
#ifndef MYPLUGLOAD_MYSQL_STATUS_VAR_H
#define MYPLUGLOAD_MYSQL_STATUS_VAR_H

#include "mysql/abi_generation.h"

/* How SHOW_VAR.value is read. Values 0-9 are the same in every generation. */
enum enum_mysql_show_type {
  SHOW_UNDEF = 0,
  SHOW_BOOL = 1,     /* bool */
  SHOW_INT = 2,      /* unsigned int, printed unsigned */
  SHOW_LONG = 3,     /* unsigned long, printed unsigned */
  SHOW_LONGLONG = 4, /* long long, printed unsigned */
  SHOW_CHAR = 5,     /* value is the string */
  SHOW_CHAR_PTR = 6, /* value points to a char * */
  SHOW_ARRAY = 7,    /* value is a nested SHOW_VAR[] ended by name == NULL */
  SHOW_FUNC = 8,     /* value is a mysql_show_var_func */
  SHOW_DOUBLE = 9,
#if MYPLUGLOAD_ABI_GENERATION >= 80
  /* 10-20 are used inside the server only. */
  SHOW_KEY_CACHE_LONG = 10,
  SHOW_KEY_CACHE_LONGLONG = 11,
  SHOW_LONG_STATUS = 12,
  SHOW_DOUBLE_STATUS = 13,
  SHOW_HAVE = 14,
  SHOW_MY_BOOL = 15,
  SHOW_HA_ROWS = 16,
  SHOW_SYS = 17,
  SHOW_LONG_NOFLUSH = 18,
  SHOW_LONGLONG_STATUS = 19,
  SHOW_LEX_STRING = 20,
  SHOW_SIGNED_INT = 21,
  SHOW_SIGNED_LONG = 22,
  SHOW_SIGNED_LONGLONG = 23
#else
  /* 5.7 numbering: SIGNED_LONG is 21 there (22 in 8.0). */
  SHOW_SIGNED_LONG = 21
#endif
};

/* Only UNDEF and GLOBAL are meant for plugins; UNDEF entries are not shown. */
enum enum_mysql_show_scope {
  SHOW_SCOPE_UNDEF = 0,
  SHOW_SCOPE_GLOBAL = 1,
  SHOW_SCOPE_SESSION = 2,
  SHOW_SCOPE_ALL = 3
};

#define SHOW_VAR_MAX_NAME_LEN 64
#define SHOW_VAR_FUNC_BUFF_SIZE 1024

/* LP64 layout: name 0, value 8, type 16, scope 20; sizeof 24. */
struct SHOW_VAR {
  const char *name;
  char *value;
  enum enum_mysql_show_type type;
  enum enum_mysql_show_scope scope;
};
typedef struct SHOW_VAR SHOW_VAR;

/* 5.x spelling of the tag. */
#define st_mysql_show_var SHOW_VAR

/* SHOW_FUNC callback: fills *var (type and value), may use buf
   (SHOW_VAR_FUNC_BUFF_SIZE bytes). */
typedef int (*mysql_show_var_func)(MYSQL_THD thd, SHOW_VAR *var, char *buf);

/* SHOW_VAR.value for a SHOW_FUNC entry.  `(char *)&fn` works too; this
   form also compiles under -pedantic in C, where ISO C has no conversion
   from function pointer to object pointer. */
#if defined(__GNUC__) && !defined(__cplusplus)
#define MYPLUGLOAD_SHOW_FUNC(fn) (__extension__(char *)(fn))
#else
#define MYPLUGLOAD_SHOW_FUNC(fn) ((char *)(fn))
#endif

#ifdef MYPLUGLOAD_LP64
MYPLUGLOAD_STATIC_ASSERT(sizeof(SHOW_VAR) == 24, "SHOW_VAR must be 24 bytes");
MYPLUGLOAD_STATIC_ASSERT(offsetof(SHOW_VAR, scope) == 20, "SHOW_VAR.scope at 20");
#endif

#endif /* MYPLUGLOAD_MYSQL_STATUS_VAR_H */
