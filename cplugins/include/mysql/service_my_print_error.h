/*
 * myplugload clean-room plugin headers: MariaDB's my_print_error service
 * (exported pointer my_print_error_service, VERSION_my_print_error).
 * MySQL has no such service; there my_error is a plain server symbol.
 */
#ifndef MYPLUGLOAD_SERVICE_MY_PRINT_ERROR_H
#define MYPLUGLOAD_SERVICE_MY_PRINT_ERROR_H

#include <stdarg.h>

#include "mysql/abi_generation.h"

/* MariaDB MyFlags bits understood by the three functions. */
#ifndef ME_ERROR_LOG
#define ME_ERROR_LOG 0x40      /* also write to the error log */
#endif
#ifndef ME_ERROR_LOG_ONLY
#define ME_ERROR_LOG_ONLY 0x80 /* only write to the error log */
#endif
#ifndef ME_NOTE
#define ME_NOTE 0x400          /* a note, not an error */
#endif
#ifndef ME_WARNING
#define ME_WARNING 0x800       /* a warning, not an error */
#endif
#ifndef ME_FATAL
#define ME_FATAL 0x1000
#endif

MYPLUGLOAD_C_BEGIN

struct my_print_error_service_st {
  /* Message text of server error nr, formatted with the arguments. */
  void (*my_error_func)(unsigned int nr, unsigned long MyFlags, ...);
  void (*my_printf_error_func)(unsigned int nr, const char *fmt,
                               unsigned long MyFlags, ...);
  void (*my_printv_error_func)(unsigned int nr, const char *fmt,
                               unsigned long MyFlags, va_list ap);
};

/* Pointee type of my_print_error_service (see MYPLUGLOAD_DEFINE_SERVICE). */
#define MYPLUGLOAD_SERVICE_TYPE_my_print_error struct my_print_error_service_st

#ifdef MYSQL_DYNAMIC_PLUGIN

extern struct my_print_error_service_st *my_print_error_service;

#define my_error my_print_error_service->my_error_func
#define my_printf_error my_print_error_service->my_printf_error_func
#define my_printv_error my_print_error_service->my_printv_error_func

#else

void my_error(unsigned int nr, unsigned long MyFlags, ...);
void my_printf_error(unsigned int nr, const char *fmt, unsigned long MyFlags,
                     ...);
void my_printv_error(unsigned int nr, const char *fmt, unsigned long MyFlags,
                     va_list ap);

#endif

MYPLUGLOAD_C_END

#endif /* MYPLUGLOAD_SERVICE_MY_PRINT_ERROR_H */
