/*
 * myplugload clean-room plugin headers: GROUP REPLICATION plugins.
 * API 0x0104 in 8.0, 0x0101 in 5.7.  The entry points take
 * server-internal types; only the version member is declared here.
 */
#ifndef MYPLUGLOAD_MYSQL_PLUGIN_GROUP_REPLICATION_H
#define MYPLUGLOAD_MYSQL_PLUGIN_GROUP_REPLICATION_H

#include "mysql/plugin.h"

#if MYPLUGLOAD_ABI_GENERATION >= 80
#define MYSQL_GROUP_REPLICATION_INTERFACE_VERSION 0x0104
#else
#define MYSQL_GROUP_REPLICATION_INTERFACE_VERSION 0x0101
#endif

struct st_mysql_group_replication {
  int interface_version;
  /* server-internal function pointers follow */
};

#endif /* MYPLUGLOAD_MYSQL_PLUGIN_GROUP_REPLICATION_H */
