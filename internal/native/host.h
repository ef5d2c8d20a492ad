/*
 * The C side of the myplugload host: what plugins call or point to.
 * Only package internal/native includes it.
 */
#ifndef MYPLUGLOAD_NATIVE_HOST_H
#define MYPLUGLOAD_NATIVE_HOST_H

#include <stddef.h>
#include <stdint.h>

/* Size of each block of session variables (the global one and each
   session's). Offsets of THD-local variables are handed out inside it. */
#define MYP_DYNVARS_SIZE 16384

/* The THD a plugin receives as MYSQL_THD. Opaque to plugins; the thd_*
   functions and resolve read it. */
struct myp_thd {
  uint64_t magic; /* MYP_THD_MAGIC */
  unsigned long thread_id;
  int sql_command;
  char *dynvars; /* this session's block of THD-local variables */
};
#define MYP_THD_MAGIC 0x3148545044594d4dULL /* "MMYDPTH1" */

/* The value thunk given to a plugin's check function: st_mysql_value
   (five function pointers) followed by the value. */
struct myp_value {
  void *value_type, *val_str, *val_real, *val_int, *is_unsigned;
  int type;        /* 0 STRING, 1 REAL, 2 INT */
  int is_null;
  int is_unsigned_; /* for INT */
  int str_len;
  long long ival;
  double rval;
  const char *str;
};

char *myp_global_dynvars(void);
void *myp_resolve_addr(void);
void myp_value_init(struct myp_value *v);
int myp_call_check(void *fn, void *thd, void *var, void *save, struct myp_value *v);
void myp_call_update(void *fn, void *thd, void *var, void *var_ptr, const void *save);
int myp_call_int1(void *fn, void *arg);
int myp_call_show_func(void *fn, void *thd, void *var, void *buf);
void *myp_default_check(int type);
void *myp_default_update(int type);

#endif
