/*
 * myplugload clean-room plugin headers: my_snprintf service
 * (exported pointer my_snprintf_service, VERSION_my_snprintf).
 * Present in MySQL 5.5-5.7 and MariaDB; MySQL 8.0 no longer provides it.
 * MariaDB's formatter returns the number of bytes written, not the
 * length that would have been needed.
 */
#ifndef MYPLUGLOAD_SERVICE_MY_SNPRINTF_H
#define MYPLUGLOAD_SERVICE_MY_SNPRINTF_H

#include <stdarg.h>
#include <stddef.h>

#include "mysql/abi_generation.h"

MYPLUGLOAD_C_BEGIN

struct my_snprintf_service_st {
  size_t (*my_snprintf_type)(char *to, size_t n, const char *fmt, ...);
  size_t (*my_vsnprintf_type)(char *to, size_t n, const char *fmt,
                              va_list ap);
};

/* Pointee type of my_snprintf_service (see MYPLUGLOAD_DEFINE_SERVICE). */
#define MYPLUGLOAD_SERVICE_TYPE_my_snprintf struct my_snprintf_service_st

#ifdef MYSQL_DYNAMIC_PLUGIN

extern struct my_snprintf_service_st *my_snprintf_service;

#define my_snprintf my_snprintf_service->my_snprintf_type
#define my_vsnprintf my_snprintf_service->my_vsnprintf_type

#else

size_t my_snprintf(char *to, size_t n, const char *fmt, ...);
size_t my_vsnprintf(char *to, size_t n, const char *fmt, va_list ap);

#endif

MYPLUGLOAD_C_END

#endif /* MYPLUGLOAD_SERVICE_MY_SNPRINTF_H */
