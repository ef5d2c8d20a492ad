/*
 * myplugload clean-room plugin headers: mysql_string service
 * (exported pointer mysql_string_service, VERSION_mysql_string).
 * Used by validate-password plugins to read the candidate password.
 */
#ifndef MYPLUGLOAD_SERVICE_MYSQL_STRING_H
#define MYPLUGLOAD_SERVICE_MYSQL_STRING_H

#include "mysql/abi_generation.h"

typedef void *mysql_string_handle;
typedef void *mysql_string_iterator_handle;

MYPLUGLOAD_C_BEGIN

struct mysql_string_service_st {
  int (*mysql_string_convert_to_char_ptr_type)(mysql_string_handle str,
                                               const char *charset_name,
                                               char *buffer,
                                               unsigned int buffer_size,
                                               int *error);
  mysql_string_iterator_handle (*mysql_string_get_iterator_type)(
      mysql_string_handle str);
  int (*mysql_string_iterator_next_type)(mysql_string_iterator_handle it);
  int (*mysql_string_iterator_isupper_type)(mysql_string_iterator_handle it);
  int (*mysql_string_iterator_islower_type)(mysql_string_iterator_handle it);
  int (*mysql_string_iterator_isdigit_type)(mysql_string_iterator_handle it);
  mysql_string_handle (*mysql_string_to_lowercase_type)(
      mysql_string_handle str);
  void (*mysql_string_free_type)(mysql_string_handle str);
  void (*mysql_string_iterator_free_type)(mysql_string_iterator_handle it);
};

/* Pointee type of mysql_string_service (see MYPLUGLOAD_DEFINE_SERVICE). */
#define MYPLUGLOAD_SERVICE_TYPE_mysql_string struct mysql_string_service_st

#ifdef MYSQL_DYNAMIC_PLUGIN

extern struct mysql_string_service_st *mysql_string_service;

#define mysql_string_convert_to_char_ptr \
  mysql_string_service->mysql_string_convert_to_char_ptr_type
#define mysql_string_get_iterator \
  mysql_string_service->mysql_string_get_iterator_type
#define mysql_string_iterator_next \
  mysql_string_service->mysql_string_iterator_next_type
#define mysql_string_iterator_isupper \
  mysql_string_service->mysql_string_iterator_isupper_type
#define mysql_string_iterator_islower \
  mysql_string_service->mysql_string_iterator_islower_type
#define mysql_string_iterator_isdigit \
  mysql_string_service->mysql_string_iterator_isdigit_type
#define mysql_string_to_lowercase \
  mysql_string_service->mysql_string_to_lowercase_type
#define mysql_string_free mysql_string_service->mysql_string_free_type
#define mysql_string_iterator_free \
  mysql_string_service->mysql_string_iterator_free_type

#else

int mysql_string_convert_to_char_ptr(mysql_string_handle str,
                                     const char *charset_name, char *buffer,
                                     unsigned int buffer_size, int *error);
mysql_string_iterator_handle mysql_string_get_iterator(mysql_string_handle str);
int mysql_string_iterator_next(mysql_string_iterator_handle it);
int mysql_string_iterator_isupper(mysql_string_iterator_handle it);
int mysql_string_iterator_islower(mysql_string_iterator_handle it);
int mysql_string_iterator_isdigit(mysql_string_iterator_handle it);
mysql_string_handle mysql_string_to_lowercase(mysql_string_handle str);
void mysql_string_free(mysql_string_handle str);
void mysql_string_iterator_free(mysql_string_iterator_handle it);

#endif

MYPLUGLOAD_C_END

#endif /* MYPLUGLOAD_SERVICE_MYSQL_STRING_H */
