/*
 * example_heartbeat.c - example MySQL daemon plugin with a thread of its
 * own, for myplugload.
 *
 * init starts a pthread that writes "heartbeat <n>" to the server's error
 * log through the my_plugin_log service every
 * example_heartbeat_interval_ms milliseconds (a service that needs no
 * THD: the thread has none). deinit tells the thread to stop, wakes it and
 * joins it, so no plugin code runs after deinit returns and the library
 * can be unloaded. init and deinit log "started" and "stopped <n>".
 *
 * System variable: example_heartbeat_interval_ms (UINT, default 5,
 * 1..10000, read-only: read by the thread at start).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <mysql/plugin.h>

MYPLUGLOAD_DEFINE_SERVICE(my_plugin_log);

static unsigned int heartbeat_interval_ms = 5;

static MYSQL_SYSVAR_UINT(interval_ms, heartbeat_interval_ms,
                         PLUGIN_VAR_RQCMDARG | PLUGIN_VAR_READONLY,
                         "Milliseconds between two heartbeat log messages",
                         NULL, NULL, 5, 1, 10000, 0);

static SYS_VAR *heartbeat_system_vars[] = {MYSQL_SYSVAR(interval_ms), NULL};

/* The thread's state, guarded by heartbeat_lock. */
static pthread_mutex_t heartbeat_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t heartbeat_wake;
static bool heartbeat_stop;
static unsigned long heartbeat_count;
static pthread_t heartbeat_thread;
static MYSQL_PLUGIN heartbeat_plugin; /* the handle init received */

static void *heartbeat_main(void *arg) {
  (void)arg;
  pthread_mutex_lock(&heartbeat_lock);
  while (!heartbeat_stop) {
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_nsec += (long)(heartbeat_interval_ms % 1000) * 1000000L;
    until.tv_sec += heartbeat_interval_ms / 1000 + until.tv_nsec / 1000000000L;
    until.tv_nsec %= 1000000000L;
    int rc = 0;
    while (!heartbeat_stop && rc != ETIMEDOUT)
      rc = pthread_cond_timedwait(&heartbeat_wake, &heartbeat_lock, &until);
    if (heartbeat_stop) break;
    unsigned long n = ++heartbeat_count;
    pthread_mutex_unlock(&heartbeat_lock); /* never log holding the lock */
    my_plugin_log_message(&heartbeat_plugin, MY_INFORMATION_LEVEL,
                          "heartbeat %lu", n);
    pthread_mutex_lock(&heartbeat_lock);
  }
  pthread_mutex_unlock(&heartbeat_lock);
  return NULL;
}

static int heartbeat_init(MYSQL_PLUGIN plugin) {
  pthread_condattr_t attr;
  heartbeat_plugin = plugin;
  heartbeat_stop = false;
  heartbeat_count = 0;
  if (pthread_condattr_init(&attr) != 0) return 1;
  pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
  int rc = pthread_cond_init(&heartbeat_wake, &attr);
  pthread_condattr_destroy(&attr);
  if (rc != 0) return 1;
  if (pthread_create(&heartbeat_thread, NULL, heartbeat_main, NULL) != 0) {
    pthread_cond_destroy(&heartbeat_wake);
    my_plugin_log_message(&heartbeat_plugin, MY_ERROR_LEVEL,
                          "cannot start the heartbeat thread");
    return 1;
  }
  my_plugin_log_message(&heartbeat_plugin, MY_INFORMATION_LEVEL, "started");
  return 0;
}

static int heartbeat_deinit(MYSQL_PLUGIN plugin) {
  (void)plugin;
  pthread_mutex_lock(&heartbeat_lock);
  heartbeat_stop = true;
  pthread_cond_signal(&heartbeat_wake);
  pthread_mutex_unlock(&heartbeat_lock);
  pthread_join(heartbeat_thread, NULL);
  pthread_cond_destroy(&heartbeat_wake);
  my_plugin_log_message(&heartbeat_plugin, MY_INFORMATION_LEVEL, "stopped %lu",
                        heartbeat_count);
  return 0;
}

static struct st_mysql_daemon heartbeat_info = {MYSQL_DAEMON_INTERFACE_VERSION};

mysql_declare_plugin(example_heartbeat){
    MYSQL_DAEMON_PLUGIN, /* type */
    &heartbeat_info,     /* info */
    "example_heartbeat", /* name */
    "myplugload",        /* author */
    "Example daemon: a thread that logs a heartbeat until deinit",
    PLUGIN_LICENSE_GPL, /* license */
    heartbeat_init,     /* init */
#if MYPLUGLOAD_ABI_GENERATION >= 80
    NULL, /* check_uninstall (8.0 layout only) */
#endif
    heartbeat_deinit,      /* deinit */
    0x0100,                /* version: 1.0 */
    NULL,                  /* status_vars */
    heartbeat_system_vars, /* system_vars */
    NULL,                  /* __reserved1 */
    0,                     /* flags */
} mysql_declare_plugin_end;
