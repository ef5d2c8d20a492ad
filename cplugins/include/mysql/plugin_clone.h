/*
 * myplugload clean-room plugin headers: CLONE plugins (8.0+), API 0x0100.
 * The clone entry points take server-internal types; only the version
 * member is declared here.
 */
#ifndef MYPLUGLOAD_MYSQL_PLUGIN_CLONE_H
#define MYPLUGLOAD_MYSQL_PLUGIN_CLONE_H

#include "mysql/plugin.h"

#define MYSQL_CLONE_INTERFACE_VERSION 0x0100

struct Mysql_clone {
  int interface_version;
  /* server-internal function pointers follow */
};

#endif /* MYPLUGLOAD_MYSQL_PLUGIN_CLONE_H */
