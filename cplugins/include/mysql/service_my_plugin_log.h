/*
 * myplugload clean-room plugin headers: my_plugin_log service
 * (exported pointer my_plugin_log_service, VERSION_my_plugin_log).
 */
#ifndef MYPLUGLOAD_SERVICE_MY_PLUGIN_LOG_H
#define MYPLUGLOAD_SERVICE_MY_PLUGIN_LOG_H

#include "mysql/abi_generation.h"

enum plugin_log_level {
  MY_ERROR_LEVEL = 0,
  MY_WARNING_LEVEL = 1,
  MY_INFORMATION_LEVEL = 2
};

MYPLUGLOAD_C_BEGIN

/* One function: log a printf-style message for the plugin whose handle
   is *plugin. Returns 0 on success. */
struct my_plugin_log_service {
  int (*my_plugin_log_message)(MYSQL_PLUGIN *plugin,
                               enum plugin_log_level level,
                               const char *format, ...);
};

/* Pointee type of my_plugin_log_service (see MYPLUGLOAD_DEFINE_SERVICE). */
#define MYPLUGLOAD_SERVICE_TYPE_my_plugin_log struct my_plugin_log_service

#ifdef MYSQL_DYNAMIC_PLUGIN

extern struct my_plugin_log_service *my_plugin_log_service;

#define my_plugin_log_message my_plugin_log_service->my_plugin_log_message

#else

int my_plugin_log_message(MYSQL_PLUGIN *plugin, enum plugin_log_level level,
                          const char *format, ...);

#endif

MYPLUGLOAD_C_END

#endif /* MYPLUGLOAD_SERVICE_MY_PLUGIN_LOG_H */
