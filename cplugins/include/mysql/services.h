/*
 * myplugload clean-room plugin headers: every plugin service header.
 * Included by mysql/plugin.h.
 *
 * With MYSQL_DYNAMIC_PLUGIN the service functions are macros that call
 * through the <name>_service pointers; the library that uses a service
 * must also define that pointer (see cplugins/README.md).
 *
 * The two MariaDB-dialect services (my_snprintf, my_print_error) turn
 * my_snprintf and my_error into macros.  Sources that declare those names
 * themselves can define MYPLUGLOAD_NO_MARIADB_SERVICES and include the
 * headers explicitly where wanted.
 */
#ifndef MYPLUGLOAD_MYSQL_SERVICES_H
#define MYPLUGLOAD_MYSQL_SERVICES_H

#include "mysql/service_my_plugin_log.h"
#include "mysql/service_mysql_alloc.h"
#include "mysql/service_mysql_string.h"
#include "mysql/service_security_context.h"
#include "mysql/service_thd_alloc.h"

#ifndef MYPLUGLOAD_NO_MARIADB_SERVICES
#include "mysql/service_my_print_error.h"
#include "mysql/service_my_snprintf.h"
#endif

#include "service_versions.h"

/*
 * Defines the exported pointer <name>_service, holding VERSION_<name>
 * until the host stores its function table there.  Use it once per
 * library for each service the library calls, in a file that includes
 * the service's header, e.g.
 *   MYPLUGLOAD_DEFINE_SERVICE(my_plugin_log);
 * This takes the place of linking MySQL's libmysqlservices.a.  Without
 * MYSQL_DYNAMIC_PLUGIN it defines nothing.
 */
#ifdef MYSQL_DYNAMIC_PLUGIN
#define MYPLUGLOAD_DEFINE_SERVICE(name)                                   \
  MYPLUGLOAD_VISIBLE MYPLUGLOAD_SERVICE_TYPE_##name *name##_service =     \
      MYPLUGLOAD_REINTERPRET_CAST(MYPLUGLOAD_SERVICE_TYPE_##name *,       \
                                  VERSION_##name)
#else
#define MYPLUGLOAD_DEFINE_SERVICE(name) \
  MYPLUGLOAD_STATIC_ASSERT(VERSION_##name > 0, "service " #name)
#endif

#endif /* MYPLUGLOAD_MYSQL_SERVICES_H */
