/*
 * myplugload clean-room plugin headers: thd_alloc service
 * (exported pointer thd_alloc_service, VERSION_thd_alloc).
 * Memory comes from the session's statement arena and is released by
 * the server.
 */
#ifndef MYPLUGLOAD_SERVICE_THD_ALLOC_H
#define MYPLUGLOAD_SERVICE_THD_ALLOC_H

#include <stddef.h>

#include "mysql/abi_generation.h"
#include "mysql/mysql_lex_string.h"

MYPLUGLOAD_C_BEGIN

struct thd_alloc_service_st {
  void *(*thd_alloc_func)(MYSQL_THD thd, size_t size);
  void *(*thd_calloc_func)(MYSQL_THD thd, size_t size);
  char *(*thd_strdup_func)(MYSQL_THD thd, const char *str);
  char *(*thd_strmake_func)(MYSQL_THD thd, const char *str, size_t size);
  void *(*thd_memdup_func)(MYSQL_THD thd, const void *str, size_t size);
  MYSQL_LEX_STRING *(*thd_make_lex_string_func)(MYSQL_THD thd,
                                                MYSQL_LEX_STRING *lex_str,
                                                const char *str, size_t size,
                                                int allocate_lex_string);
};

/* Pointee type of thd_alloc_service (see MYPLUGLOAD_DEFINE_SERVICE). */
#define MYPLUGLOAD_SERVICE_TYPE_thd_alloc struct thd_alloc_service_st

#ifdef MYSQL_DYNAMIC_PLUGIN

extern struct thd_alloc_service_st *thd_alloc_service;

#define thd_alloc (thd_alloc_service->thd_alloc_func)
#define thd_calloc (thd_alloc_service->thd_calloc_func)
#define thd_strdup (thd_alloc_service->thd_strdup_func)
#define thd_strmake (thd_alloc_service->thd_strmake_func)
#define thd_memdup (thd_alloc_service->thd_memdup_func)
#define thd_make_lex_string (thd_alloc_service->thd_make_lex_string_func)

#else

void *thd_alloc(MYSQL_THD thd, size_t size);
void *thd_calloc(MYSQL_THD thd, size_t size);
char *thd_strdup(MYSQL_THD thd, const char *str);
char *thd_strmake(MYSQL_THD thd, const char *str, size_t size);
void *thd_memdup(MYSQL_THD thd, const void *str, size_t size);
MYSQL_LEX_STRING *thd_make_lex_string(MYSQL_THD thd, MYSQL_LEX_STRING *lex_str,
                                      const char *str, size_t size,
                                      int allocate_lex_string);

#endif

MYPLUGLOAD_C_END

#endif /* MYPLUGLOAD_SERVICE_THD_ALLOC_H */
