/*
 * myplugload clean-room plugin headers: VALIDATE PASSWORD plugins, API 0x0100.
 */
#ifndef MYPLUGLOAD_MYSQL_PLUGIN_VALIDATE_PASSWORD_H
#define MYPLUGLOAD_MYSQL_PLUGIN_VALIDATE_PASSWORD_H

#include "mysql/plugin.h"
#include "mysql/service_mysql_string.h"

#define MYSQL_VALIDATE_PASSWORD_INTERFACE_VERSION 0x0100

MYPLUGLOAD_C_BEGIN

/* validate_password returns non-zero when the password is acceptable;
   get_password_strength returns 0-100.  Read the password through the
   mysql_string service. */
struct st_mysql_validate_password {
  int interface_version;
  int (*validate_password)(mysql_string_handle password);
  int (*get_password_strength)(mysql_string_handle password);
};

MYPLUGLOAD_C_END

#endif /* MYPLUGLOAD_MYSQL_PLUGIN_VALIDATE_PASSWORD_H */
