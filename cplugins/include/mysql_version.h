/*
 * myplugload clean-room plugin headers: server version the plugin is built for.
 *
 * MYSQL_VERSION_ID decides the daemon, information-schema and storage-engine
 * descriptor versions (MYSQL_VERSION_ID << 8), which a server accepts only
 * when they equal its own.  Override it with -DMYSQL_VERSION_ID=N
 * (e.g. 80043, 80400, 101119 for MariaDB 10.11.19) and, if wanted,
 * -DMYSQL_SERVER_VERSION='"x.y.z"'.
 */
#ifndef MYPLUGLOAD_MYSQL_VERSION_H
#define MYPLUGLOAD_MYSQL_VERSION_H

#include "mysql/abi_generation.h"

#ifndef MYSQL_VERSION_ID
#if MYPLUGLOAD_ABI_GENERATION >= 80
#define MYSQL_VERSION_ID 80043
#else
#define MYSQL_VERSION_ID 50744
#endif
#endif

#ifndef MYSQL_SERVER_VERSION
#if MYPLUGLOAD_ABI_GENERATION >= 80
#define MYSQL_SERVER_VERSION "8.0.43"
#else
#define MYSQL_SERVER_VERSION "5.7.44"
#endif
#endif

#ifndef MYSQL_BASE_VERSION
#if MYPLUGLOAD_ABI_GENERATION >= 80
#define MYSQL_BASE_VERSION "mysqld-8.0"
#else
#define MYSQL_BASE_VERSION "mysqld-5.7"
#endif
#endif

/* Parts of MYSQL_VERSION_ID (MMmmpp). */
#define MYSQL_VERSION_MAJOR (MYSQL_VERSION_ID / 10000)
#define MYSQL_VERSION_MINOR ((MYSQL_VERSION_ID / 100) % 100)
#define MYSQL_VERSION_PATCH (MYSQL_VERSION_ID % 100)

#ifndef PROTOCOL_VERSION
#define PROTOCOL_VERSION 10
#endif

#endif /* MYPLUGLOAD_MYSQL_VERSION_H */
