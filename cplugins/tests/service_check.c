/*
 * Compile check for the service headers: defines every service pointer
 * with MYPLUGLOAD_DEFINE_SERVICE and calls each service once.  With
 * MYSQL_DYNAMIC_PLUGIN the library exports the seven <name>_service
 * pointers next to the plugin symbols.  service_check.cc builds it as C++.
 */
#include <stdarg.h>
#include <stddef.h>

#include <mysql/plugin.h>
#include <mysql/services.h>

MYPLUGLOAD_DEFINE_SERVICE(my_plugin_log);
MYPLUGLOAD_DEFINE_SERVICE(my_snprintf);
MYPLUGLOAD_DEFINE_SERVICE(thd_alloc);
MYPLUGLOAD_DEFINE_SERVICE(mysql_malloc);
MYPLUGLOAD_DEFINE_SERVICE(mysql_string);
MYPLUGLOAD_DEFINE_SERVICE(security_context);
MYPLUGLOAD_DEFINE_SERVICE(my_print_error);

static MYSQL_PLUGIN service_check_handle;

static void service_check_vprint(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  my_printv_error(1105, fmt, 0, ap);
  va_end(ap);
}

static int service_check_init(MYSQL_PLUGIN plugin) {
  char buf[64];
  MYSQL_SECURITY_CONTEXT ctx = NULL;
  char *copy;
  service_check_handle = plugin;
  my_plugin_log_message(&service_check_handle, MY_INFORMATION_LEVEL,
                        "starting %d", 1);
  if (my_snprintf(buf, sizeof buf, "%s", "x") != 1) return 1;
  copy = my_strdup(PSI_NOT_INSTRUMENTED, "abc", MYF(MY_WME));
  my_free(copy);
  if (thd_get_security_context(NULL, &ctx)) return 1;
  if (thd_alloc(NULL, 16) == NULL) return 1;
  if (mysql_string_get_iterator(NULL) != NULL) return 1;
  my_printf_error(1105, "failed: %s", ME_WARNING, "reason");
  service_check_vprint("%d", 2);
  return 0;
}

static struct st_mysql_daemon service_check_daemon = {
    MYSQL_DAEMON_INTERFACE_VERSION};

/* clang-format off */
mysql_declare_plugin(service_check)
{
  MYSQL_DAEMON_PLUGIN,                      /* type */
  &service_check_daemon,                    /* info */
  "service_check",                          /* name */
  "myplugload",                             /* author */
  "Compile check for the service headers",  /* descr */
  PLUGIN_LICENSE_GPL,                       /* license */
  service_check_init,                       /* init */
  MYPLUGLOAD_CHECK_UNINSTALL(NULL)          /* check_uninstall (8.0) */
  NULL,                                     /* deinit */
  0x0100,                                   /* version */
  NULL,                                     /* status_vars */
  NULL,                                     /* system_vars */
  NULL,                                     /* __reserved1 */
  0                                         /* flags */
}
mysql_declare_plugin_end;
/* clang-format on */
