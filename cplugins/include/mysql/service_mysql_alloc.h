/*
 * myplugload clean-room plugin headers: mysql_malloc service
 * (exported pointer mysql_malloc_service, VERSION_mysql_malloc).
 */
#ifndef MYPLUGLOAD_SERVICE_MYSQL_ALLOC_H
#define MYPLUGLOAD_SERVICE_MYSQL_ALLOC_H

#include <stddef.h>

#include "mysql/abi_generation.h"

#ifndef MYPLUGLOAD_MYF_T_DEFINED
#define MYPLUGLOAD_MYF_T_DEFINED
typedef int myf_t;
#endif

#ifndef MYPLUGLOAD_PSI_MEMORY_KEY_DEFINED
#define MYPLUGLOAD_PSI_MEMORY_KEY_DEFINED
typedef unsigned int PSI_memory_key;
#endif

#ifndef PSI_NOT_INSTRUMENTED
#define PSI_NOT_INSTRUMENTED 0
#endif

#ifndef MYF
#define MYF(v) ((myf_t)(v))
#endif
#ifndef MY_FAE
#define MY_FAE 8       /* fatal if any error */
#endif
#ifndef MY_WME
#define MY_WME 16      /* report errors */
#endif
#ifndef MY_ZEROFILL
#define MY_ZEROFILL 32 /* zero the new memory */
#endif

MYPLUGLOAD_C_BEGIN

struct mysql_malloc_service_st {
  void *(*mysql_malloc)(PSI_memory_key key, size_t size, myf_t flags);
  void *(*mysql_realloc)(PSI_memory_key key, void *ptr, size_t size,
                         myf_t flags);
  void (*mysql_claim)(const void *ptr, bool claim);
  void (*mysql_free)(void *ptr);
  void *(*my_memdup)(PSI_memory_key key, const void *from, size_t length,
                     myf_t flags);
  char *(*my_strdup)(PSI_memory_key key, const char *from, myf_t flags);
  char *(*my_strndup)(PSI_memory_key key, const char *from, size_t length,
                      myf_t flags);
};

/* Pointee type of mysql_malloc_service (see MYPLUGLOAD_DEFINE_SERVICE). */
#define MYPLUGLOAD_SERVICE_TYPE_mysql_malloc struct mysql_malloc_service_st

#ifdef MYSQL_DYNAMIC_PLUGIN

extern struct mysql_malloc_service_st *mysql_malloc_service;

#define my_malloc mysql_malloc_service->mysql_malloc
#define my_realloc mysql_malloc_service->mysql_realloc
#define my_claim mysql_malloc_service->mysql_claim
#define my_free mysql_malloc_service->mysql_free
#define my_memdup mysql_malloc_service->my_memdup
#define my_strdup mysql_malloc_service->my_strdup
#define my_strndup mysql_malloc_service->my_strndup

#else

void *my_malloc(PSI_memory_key key, size_t size, myf_t flags);
void *my_realloc(PSI_memory_key key, void *ptr, size_t size, myf_t flags);
void my_claim(const void *ptr, bool claim);
void my_free(void *ptr);
void *my_memdup(PSI_memory_key key, const void *from, size_t length,
                myf_t flags);
char *my_strdup(PSI_memory_key key, const char *from, myf_t flags);
char *my_strndup(PSI_memory_key key, const char *from, size_t length,
                 myf_t flags);

#endif

MYPLUGLOAD_C_END

#endif /* MYPLUGLOAD_SERVICE_MYSQL_ALLOC_H */
