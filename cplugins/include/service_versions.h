/*
 * myplugload clean-room plugin headers: plugin service versions.
 *
 * A library that uses service X exports a pointer named X_service whose
 * initial value is VERSION_X cast to a pointer; the server checks it
 * (same major, plugin minor <= server minor) and then stores the address
 * of its own function table there.
 */
#ifndef MYPLUGLOAD_SERVICE_VERSIONS_H
#define MYPLUGLOAD_SERVICE_VERSIONS_H

/* Type of an exported service pointer before the server patches it. */
#ifdef _WIN32
#define SERVICE_VERSION __declspec(dllexport) void *
#else
#define SERVICE_VERSION void *
#endif

#define VERSION_my_plugin_log 0x0100
#define VERSION_my_snprintf 0x0100      /* 5.5-5.7 and MariaDB; gone in MySQL 8.0 */
#define VERSION_thd_alloc 0x0100        /* MariaDB 10.11 has 0x0200 */
#define VERSION_mysql_malloc 0x0100
#define VERSION_mysql_string 0x0100
#define VERSION_security_context 0x0101
#define VERSION_my_print_error 0x0100   /* MariaDB only */

#endif /* MYPLUGLOAD_SERVICE_VERSIONS_H */
