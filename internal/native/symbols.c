/*
 * Server symbols: the functions and data that plugins import from the
 * server (mysqld/mariadbd export their whole symbol table). The host
 * exports these from its executable (linked with -rdynamic), so that
 * dlopen(RTLD_NOW) resolves them and dlsym(RTLD_DEFAULT) finds them.
 *
 * What each is for comes from the reference on Debian's binaries: most of
 * these are what MariaDB's server_audit.so needs.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "svc_format.h"

#define EXPORT __attribute__((visibility("default")))

/* server_version: read by server_audit's ELF constructor, at dlopen time,
   to choose its code path. The host writes the profile's string before
   each dlopen (myp_set_server_version). */
EXPORT char server_version[64] = "8.0.43";

void myp_set_server_version(const char *v) {
  strncpy(server_version, v, sizeof server_version - 1);
  server_version[sizeof server_version - 1] = '\0';
}

/* The mode of files plugins create. */
EXPORT int my_umask = 0660;

/* The attributes the server initialises its fast mutexes with. */
EXPORT pthread_mutexattr_t my_fast_mutexattr;

/* The data directory: relative paths of plugin files resolve against it. */
static char data_home[4096] = ".";
EXPORT char *mysql_data_home = data_home;

void myp_set_data_home(const char *dir) {
  strncpy(data_home, dir, sizeof data_home - 1);
  data_home[sizeof data_home - 1] = '\0';
  myp_logger_set_datadir(dir); /* the logger service resolves relative names the same way */
}

/* PSI_server: the performance schema instrumentation interface, a table of
   function pointers plugins call unconditionally (server_audit calls
   init_rwlock, slot 10). Every slot is a no-op returning 0/NULL, as the
   server's own no-op instrumentation does. */
#define PSI_SLOTS 160
static void *psi_noop(void) { return NULL; }
static void *psi_table[PSI_SLOTS];
EXPORT void *PSI_server = psi_table;

__attribute__((constructor)) static void init_server_symbols(void) {
  for (int i = 0; i < PSI_SLOTS; i++) psi_table[i] = (void *)psi_noop;
  pthread_mutexattr_init(&my_fast_mutexattr);
}

/* rw_pr_lock_t: the server's prefer-reader lock; its storage (104 bytes) is
   inside the plugin. A pthread rwlock (56 bytes) fits and allows
   recursive read locks. */
EXPORT int rw_pr_init(void *l) { return pthread_rwlock_init((pthread_rwlock_t *)l, NULL); }
EXPORT int rw_pr_destroy(void *l) { return pthread_rwlock_destroy((pthread_rwlock_t *)l); }
EXPORT int rw_pr_rdlock(void *l) { return pthread_rwlock_rdlock((pthread_rwlock_t *)l); }
EXPORT int rw_pr_wrlock(void *l) { return pthread_rwlock_wrlock((pthread_rwlock_t *)l); }
EXPORT int rw_pr_unlock(void *l) { return pthread_rwlock_unlock((pthread_rwlock_t *)l); }
/* Called only when the lock has instrumentation, which the no-op PSI
   never gives. */
EXPORT int psi_prlock_rdlock(void *l, const char *file, unsigned line) {
  (void)file;
  (void)line;
  return rw_pr_rdlock(l);
}
EXPORT int psi_prlock_wrlock(void *l, const char *file, unsigned line) {
  (void)file;
  (void)line;
  return rw_pr_wrlock(l);
}

/* fn_format(to, name, dir, ext, flag): name if it has a '/', else dir/name;
   then ext. `to` is FN_REFLEN (512) bytes. */
EXPORT char *fn_format(char *to, const char *name, const char *dir, const char *ext, unsigned flag) {
  (void)flag;
  char buf[512];
  if (strchr(name, '/') != NULL || dir == NULL || dir[0] == '\0')
    snprintf(buf, sizeof buf, "%s%s", name, ext ? ext : "");
  else
    snprintf(buf, sizeof buf, "%s%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", name, ext ? ext : "");
  memcpy(to, buf, strlen(buf) + 1);
  return to;
}

/* server_audit only checks that one of these exists (dlsym(RTLD_DEFAULT)). */
EXPORT char my_hash_init2(void) { abort(); }

/* The thd_* functions plugin.h declares. */
static struct myp_thd *as_thd(const void *thd) {
  const struct myp_thd *t = (const struct myp_thd *)thd;
  return (t != NULL && t->magic == MYP_THD_MAGIC) ? (struct myp_thd *)t : NULL;
}

EXPORT unsigned long thd_get_thread_id(const void *thd) {
  struct myp_thd *t = as_thd(thd);
  return t ? t->thread_id : 0;
}

EXPORT int thd_sql_command(const void *thd) {
  struct myp_thd *t = as_thd(thd);
  return t ? t->sql_command : 0;
}

EXPORT int thd_killed(const void *thd) {
  struct myp_thd *t = as_thd(thd);
  return t ? t->killed : 0;
}

EXPORT int thd_in_lock_tables(const void *thd) {
  (void)thd;
  return 0;
}

EXPORT int thd_tx_isolation(const void *thd) {
  (void)thd;
  return 2; /* REPEATABLE READ */
}

EXPORT int thd_tx_is_read_only(const void *thd) {
  (void)thd;
  return 0;
}

/* The session's current database (MariaDB plugins may ask). */
EXPORT const char *thd_db(const void *thd) {
  struct myp_thd *t = as_thd(thd);
  return t ? t->db : NULL;
}
