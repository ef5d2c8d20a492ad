/*
 * bench_server_audit.c - the server_audit path of the C baseline host.
 *
 * Debian's server_audit.so imports mysqld's symbols (server_version,
 * PSI_server, rw_pr_*, fn_format, thd_*) and takes two services, so no
 * plain C program can load it. This one is linked with the Go host's own
 * C side (internal/native: host.c, symbols.c, the services, audit.c) and
 * exports it as mariadbd would, then does what loader does for
 *
 *   InstallLibrary("server_audit")                  (MariaDB 10.11 profile)
 *   SET GLOBAL server_audit_file_path = '<tmp>/audit.log'
 *   SET GLOBAL server_audit_logging = ON
 *   Session: SetUser, SetDB, Connect
 *   per op: StartQuery + EndQuery of "SELECT 1"     (GENERAL LOG, RESULT,
 *           STATUS; release_thd; end of statement)  -> one QUERY log line
 *
 * with the same C functions, minus Go: the difference to
 * BenchmarkPathServerAudit is what the Go side adds.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include <mysql/plugin.h>

#include "bench.h"
#include "host.h"
#include "maria_plugin.h" /* struct st_maria_plugin (no check_uninstall, unlike 8.0) */

/* svc_misc.c reports plugin log lines through the Go host's logger;
   here they are dropped (the Go benchmark's logger drops them too). */
void mypGoLog(int level, char *plugin, char *msg) {
  (void)level;
  (void)plugin;
  (void)msg;
}

void myp_set_server_version(const char *v);
void myp_set_data_home(const char *dir);
const void *myp_service_handler(const char *name);

/* MariaDB's st_mysql_audit: one class mask word. */
struct maria_audit {
  int interface_version;
  void (*release_thd)(MYSQL_THD);
  void (*event_notify)(MYSQL_THD, unsigned int, const void *);
  unsigned long class_mask[1];
};

/* Every global SYS_VAR starts with the header, then the value pointer and
   the default. */
struct sysvar_global {
  int flags;
  const char *name, *comment;
  mysql_var_check_func check;
  mysql_var_update_func update;
  void *value;
  char def_val[8]; /* 1 (bool), 4 (int) or 8 bytes, by type */
};

/* A THD-local SYS_VAR (MYSQL_THDVAR_*): the header, the offset the host
   assigns in each session's block, the default (for the numeric types
   followed by min, max and blk_sz, each of the default's size), then
   resolve(thd, offset). */
struct sysvar_thd {
  int flags;
  const char *name, *comment;
  mysql_var_check_func check;
  mysql_var_update_func update;
  int offset;
};

void *myp_resolve_addr(void);

static size_t sysvar_size(int flags) {
  switch (flags & 0x7f) {
    case PLUGIN_VAR_BOOL: return 1;
    case PLUGIN_VAR_INT: return sizeof(int);
    default: return 8; /* long, longlong, str, enum, set, double */
  }
}

static struct sysvar_global *sysvar(struct st_maria_plugin *p, const char *name) {
  for (SYS_VAR **v = p->system_vars; v != NULL && *v != NULL; v++) {
    struct sysvar_global *g = (struct sysvar_global *)(void *)*v;
    if (strcmp(g->name, name) == 0) return g;
  }
  die("server_audit: no system variable", name);
  return NULL;
}

struct sa_ctx {
  struct myp_audit_list list;
  struct maria_audit *info;
  struct myp_thd *thd;
};

/* One statement per op, with the Go host's own C loop for it (bench.c),
   so that the C host and BenchmarkPathServerAudit/hostc run the same
   code. server_audit has no release_thd, so there is none to call. */
static void sa_statement(void *ctx, long n) {
  struct sa_ctx *c = ctx;
  myp_bench_statement_c(&c->list, c->thd, n);
}

void bench_server_audit(const char *path) {
  char tmpl[] = "/tmp/bench_server_audit.XXXXXX";
  char *data = mkdtemp(tmpl);
  if (data == NULL) die("mkdtemp", tmpl);
  myp_set_server_version("10.11.19-MariaDB-myplugload");
  myp_set_data_home(data);

  void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (h == NULL) die("dlopen", dlerror());
  int *sz = dlsym(h, "_maria_sizeof_struct_st_plugin_");
  char *decls = dlsym(h, "_maria_plugin_declarations_");
  if (sz == NULL || decls == NULL) die("not a MariaDB plugin library", path);
  for (const char *const *s = (const char *const[]){"my_snprintf_service", "my_print_error_service", NULL}; *s; s++) {
    const void **slot = dlsym(h, *s);
    if (slot != NULL) *slot = myp_service_handler(*s);
  }
  struct st_maria_plugin *p = NULL;
  for (char *d = decls; ((struct st_maria_plugin *)(void *)d)->info != NULL; d += *sz)
    if (((struct st_maria_plugin *)(void *)d)->type == MYSQL_AUDIT_PLUGIN) p = (struct st_maria_plugin *)(void *)d;
  if (p == NULL) die("no audit plugin in", path);
  if (((struct maria_audit *)p->info)->release_thd != NULL) die("server_audit has a release_thd now:", path);

  /* The defaults, written before init as the host (and mariadbd) does;
     a THD-local variable gets its offset in the sessions' blocks and the
     host's resolve function, and its default goes into the global block
     each session starts from. */
  int next = 0;
  for (SYS_VAR **v = p->system_vars; v != NULL && *v != NULL; v++) {
    struct sysvar_global *g = (struct sysvar_global *)(void *)*v;
    size_t n = sysvar_size(g->flags);
    if ((g->flags & PLUGIN_VAR_THDLOCAL) == 0) {
      if (g->value != NULL) memcpy(g->value, g->def_val, n);
      continue;
    }
    struct sysvar_thd *tv = (struct sysvar_thd *)(void *)*v;
    int type = g->flags & 0x7f;
    int numeric = type == PLUGIN_VAR_INT || type == PLUGIN_VAR_LONG || type == PLUGIN_VAR_LONGLONG ||
                  type == PLUGIN_VAR_DOUBLE;
    size_t def_off = offsetof(struct sysvar_thd, offset) + sizeof(int);
    def_off = (def_off + n - 1) / n * n; /* aligned to the default's size */
    size_t resolve_off = def_off + (numeric ? 4 : 1) * n;
    resolve_off = (resolve_off + sizeof(void *) - 1) / sizeof(void *) * sizeof(void *);
    char *def = (char *)tv + def_off;
    void **resolve = (void **)(void *)((char *)tv + resolve_off);
    tv->offset = next;
    *resolve = myp_resolve_addr();
    memcpy(myp_global_dynvars() + next, def, n);
    next += 8;
  }
  static char handle[64];
  if (p->init != NULL && p->init(handle) != 0) die("init failed", p->name);

  struct sa_ctx c;
  memset(&c, 0, sizeof c);
  c.info = p->info;
  c.list.n = 1;
  c.list.p[0].notify = (void *)c.info->event_notify;
  c.list.p[0].api = MYP_AUDIT_MARIADB;
  c.list.p[0].nmasks = 1;
  c.list.p[0].active = 1;
  c.list.p[0].masks[0] = c.info->class_mask[0];
  c.thd = myp_thd_new(1);
  c.thd->user = c.thd->priv_user = "alice";
  c.thd->host = "localhost";
  c.thd->ip = "127.0.0.1";
  c.thd->db = "test";

  char log[4200];
  snprintf(log, sizeof log, "%s/audit.log", data);
  const char *save_path = log;
  struct sysvar_global *fp = sysvar(p, "file_path");
  fp->update((MYSQL_THD)c.thd, (SYS_VAR *)(void *)fp, fp->value, &save_path);
  char on = 1;
  struct sysvar_global *lg = sysvar(p, "logging");
  lg->update((MYSQL_THD)c.thd, (SYS_VAR *)(void *)lg, lg->value, &on);

  struct myp_event ev;
  int rc;
  memset(&ev, 0, sizeof ev);
  myp_audit_dispatch(&c.list, c.thd, 1, 0, &ev, &rc); /* CONNECTION CONNECT */
  sa_statement(&c, 1);
  FILE *f = fopen(log, "r");
  char line[1024] = "";
  int found = 0;
  while (f != NULL && fgets(line, sizeof line, f) != NULL)
    if (strstr(line, ",QUERY,test,'SELECT 1',0") != NULL) {
      found = 1;
      fprintf(stderr, "bench_host: server_audit logs: %s", line);
    }
  if (f != NULL) fclose(f);
  if (!found) die("server_audit wrote no QUERY line to", log);

  bench("server_audit", sa_statement, &c, 0);

  memset(&ev, 0, sizeof ev);
  myp_audit_dispatch(&c.list, c.thd, 1, 1, &ev, &rc); /* CONNECTION DISCONNECT */
  char off = 0;
  lg->update((MYSQL_THD)c.thd, (SYS_VAR *)(void *)lg, lg->value, &off);
  if (p->deinit != NULL) p->deinit(handle);
  myp_thd_free(c.thd);
  if (dlclose(h) != 0) die("dlclose", dlerror());
  char cmd[4300];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", data);
  if (system(cmd) != 0) die("cleanup", data);
}
