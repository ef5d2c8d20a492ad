/*
 * Audit event delivery: one call from Go per event, whatever the number of
 * audit plugins. Each plugin gets the event in its own API generation's
 * layout:
 *
 *  - MariaDB 0x0302: one bitmask over classes (class_mask[0]), subclass
 *    *indices*, event_notify returns void (no refusal). Classes GENERAL (0),
 *    CONNECTION (1) and TABLE (15). Strings are pointer + unsigned length
 *    pairs in GENERAL/CONNECTION, plain NUL-terminated pointers for the
 *    identity members of TABLE.
 *  - MySQL 0x0401 (5.7 and 8.0): a subclass bitmask per class, subclass
 *    *flags* (1 << index) in event_subclass, MYSQL_LEX_CSTRING members,
 *    event_notify returns int (non-zero refuses an abortable event).
 *    5.7 defines classes 0..10 (class_mask[11]), 8.0 adds AUTHENTICATION
 *    (11) and MESSAGE (12) (class_mask[13]). The event structs of classes
 *    0..10 have the same members in both generations, so one struct per
 *    class serves both.
 *
 * All layouts are LP64 (x86-64 and aarch64 Linux); the _Static_asserts
 * below hold the sizes and offsets checked against the sources named next
 * to them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "host.h"

/* MYSQL_LEX_CSTRING / MYSQL_CONST_LEX_STRING: {const char *str; size_t length}. */
struct lexs {
  const char *str;
  size_t length;
};

/* ------------------------------------------------------------------ */
/* MariaDB 0x0302                                                      */
/* ------------------------------------------------------------------ */

struct maria_general { /* class 0 */
  unsigned event_subclass;
  int general_error_code;
  unsigned long general_thread_id;
  const char *general_user;
  unsigned general_user_length;
  const char *general_command;
  unsigned general_command_length;
  const char *general_query;
  unsigned general_query_length;
  const void *general_charset;
  unsigned long long general_time, general_rows, query_id;
  struct lexs database;
};
struct maria_connection { /* class 1 */
  unsigned event_subclass;
  int status;
  unsigned long thread_id;
  const char *user;
  unsigned user_length;
  const char *priv_user;
  unsigned priv_user_length;
  const char *external_user;
  unsigned external_user_length;
  const char *proxy_user;
  unsigned proxy_user_length;
  const char *host;
  unsigned host_length;
  const char *ip;
  unsigned ip_length;
  struct lexs database;
};
struct maria_table { /* class 15 */
  unsigned event_subclass;
  unsigned long thread_id;
  const char *user, *priv_user, *priv_host, *external_user, *proxy_user, *host, *ip; /* no lengths */
  struct lexs database, table, new_database, new_table;
  int read_only;
  unsigned long long query_id;
};

/* MariaDB 10.11.19 include/mysql/plugin_audit.h (libmariadbd-dev, compiled
   and measured) and mariadb-abi-and-real-binaries.md §4.4: 112, 128, 152. */
_Static_assert(sizeof(struct maria_general) == 112, "MariaDB mysql_event_general");
_Static_assert(offsetof(struct maria_general, general_charset) == 64, "MariaDB general_charset");
_Static_assert(offsetof(struct maria_general, query_id) == 88, "MariaDB general query_id");
_Static_assert(offsetof(struct maria_general, database) == 96, "MariaDB general database");
_Static_assert(sizeof(struct maria_connection) == 128, "MariaDB mysql_event_connection");
_Static_assert(offsetof(struct maria_connection, ip_length) == 104, "MariaDB connection ip_length");
_Static_assert(offsetof(struct maria_connection, database) == 112, "MariaDB connection database");
_Static_assert(sizeof(struct maria_table) == 152, "MariaDB mysql_event_table");
_Static_assert(offsetof(struct maria_table, priv_host) == 32, "MariaDB table priv_host");
_Static_assert(offsetof(struct maria_table, ip) == 64, "MariaDB table ip");
_Static_assert(offsetof(struct maria_table, database) == 72, "MariaDB table database");
_Static_assert(offsetof(struct maria_table, table) == 88, "MariaDB table table");
_Static_assert(offsetof(struct maria_table, new_database) == 104, "MariaDB table new_database");
_Static_assert(offsetof(struct maria_table, new_table) == 120, "MariaDB table new_table");
_Static_assert(offsetof(struct maria_table, read_only) == 136, "MariaDB table read_only");
_Static_assert(offsetof(struct maria_table, query_id) == 144, "MariaDB table query_id");

/* ------------------------------------------------------------------ */
/* MySQL 0x0401 (5.7 and 8.0)                                          */
/* Enum-typed members (event_subclass, sql_command_id, command_id,     */
/* reason) are int-sized: every enumerator fits an int.                */
/* ------------------------------------------------------------------ */

struct mysql_general { /* class 0 */
  int event_subclass;
  int general_error_code;
  unsigned long general_thread_id;
  struct lexs general_user, general_command, general_query;
  const void *general_charset;
  unsigned long long general_time, general_rows;
  struct lexs general_host, general_sql_command, general_external_user, general_ip;
};
struct mysql_connection { /* class 1 */
  int event_subclass;
  int status;
  unsigned long connection_id;
  struct lexs user, priv_user, external_user, proxy_user, host, ip, database;
  int connection_type;
};
struct mysql_parse { /* class 2 */
  int event_subclass;
  int *flags;                   /* mysql_event_parse_rewrite_plugin_flag * */
  struct lexs query;
  struct lexs *rewritten_query; /* out: NUL-terminated, my_malloc'ed by the plugin */
};
struct mysql_table_access { /* class 4 */
  int event_subclass;
  unsigned long connection_id;
  int sql_command_id;
  struct lexs query;
  const void *query_charset;
  struct lexs table_database, table_name;
};
struct mysql_global_variable { /* class 5 */
  int event_subclass;
  unsigned long connection_id;
  int sql_command_id;
  struct lexs variable_name, variable_value;
};
struct mysql_server_startup { /* class 6 */
  int event_subclass;
  const char **argv;
  unsigned argc;
};
struct mysql_server_shutdown { /* class 7 */
  int event_subclass;
  int exit_code;
  int reason; /* mysql_server_shutdown_reason_t: 0 SHUTDOWN, 1 ABORT */
};
struct mysql_command { /* class 8 */
  int event_subclass;
  int status;
  unsigned long connection_id;
  int command_id; /* enum_server_command */
};
struct mysql_query { /* class 9 */
  int event_subclass;
  int status;
  unsigned long connection_id;
  int sql_command_id;
  struct lexs query;
  const void *query_charset;
};
struct mysql_stored_program { /* class 10 */
  int event_subclass;
  unsigned long connection_id;
  int sql_command_id;
  struct lexs query;
  const void *query_charset;
  struct lexs database, name;
  void *parameters;
};
struct mysql_authentication { /* class 11, 8.0 only */
  int event_subclass;
  int status;
  unsigned connection_id; /* unsigned int here, unlike the other classes */
  int sql_command_id;
  struct lexs query;
  const void *query_charset;
  struct lexs user, host, authentication_plugin, new_user, new_host;
  _Bool is_role;
};
struct mysql_message { /* class 12, 8.0 only */
  int event_subclass;
  struct lexs component, producer, message;
  void *key_value_map; /* mysql_event_message_key_value_t * */
  size_t key_value_map_length;
};

/* GENERAL and CONNECTION: mysql-plugin-abi.md §5.3 (8.0.43 and 5.7.32:
   152 and 136 bytes, same member order). */
_Static_assert(sizeof(struct mysql_general) == 152, "MySQL mysql_event_general");
_Static_assert(offsetof(struct mysql_general, general_charset) == 64, "MySQL general_charset");
_Static_assert(offsetof(struct mysql_general, general_host) == 88, "MySQL general_host");
_Static_assert(offsetof(struct mysql_general, general_ip) == 136, "MySQL general_ip");
_Static_assert(sizeof(struct mysql_connection) == 136, "MySQL mysql_event_connection");
_Static_assert(offsetof(struct mysql_connection, database) == 112, "MySQL connection database");
_Static_assert(offsetof(struct mysql_connection, connection_type) == 128, "MySQL connection_type");
/* Classes 2 and 4..10: member lists of mysql/mysql-server (5.7 branch,
   class_mask[11]) include/mysql/plugin_audit.h, identical in
   facebook/hhvm third-party/fb-mysql/8.0.20/include/mysql/plugin_audit.h.pp
   and GreatSQL/GreatSQL (8.0) include/mysql/plugin_audit.h. Classes 11 and
   12: fb-mysql 8.0.20 and GreatSQL 8.0. Sizes are the LP64 layouts of
   those member lists. */
_Static_assert(sizeof(struct mysql_parse) == 40, "MySQL mysql_event_parse");
_Static_assert(offsetof(struct mysql_parse, flags) == 8, "MySQL parse flags");
_Static_assert(offsetof(struct mysql_parse, query) == 16, "MySQL parse query");
_Static_assert(offsetof(struct mysql_parse, rewritten_query) == 32, "MySQL parse rewritten_query");
_Static_assert(sizeof(struct mysql_table_access) == 80, "MySQL mysql_event_table_access");
_Static_assert(offsetof(struct mysql_table_access, sql_command_id) == 16, "MySQL table_access sql_command_id");
_Static_assert(offsetof(struct mysql_table_access, query) == 24, "MySQL table_access query");
_Static_assert(offsetof(struct mysql_table_access, table_database) == 48, "MySQL table_access table_database");
_Static_assert(offsetof(struct mysql_table_access, table_name) == 64, "MySQL table_access table_name");
_Static_assert(sizeof(struct mysql_global_variable) == 56, "MySQL mysql_event_global_variable");
_Static_assert(offsetof(struct mysql_global_variable, variable_name) == 24, "MySQL global_variable name");
_Static_assert(offsetof(struct mysql_global_variable, variable_value) == 40, "MySQL global_variable value");
_Static_assert(sizeof(struct mysql_server_startup) == 24, "MySQL mysql_event_server_startup");
_Static_assert(offsetof(struct mysql_server_startup, argc) == 16, "MySQL server_startup argc");
_Static_assert(sizeof(struct mysql_server_shutdown) == 12, "MySQL mysql_event_server_shutdown");
_Static_assert(offsetof(struct mysql_server_shutdown, reason) == 8, "MySQL server_shutdown reason");
_Static_assert(sizeof(struct mysql_command) == 24, "MySQL mysql_event_command");
_Static_assert(offsetof(struct mysql_command, command_id) == 16, "MySQL command command_id");
_Static_assert(sizeof(struct mysql_query) == 48, "MySQL mysql_event_query");
_Static_assert(offsetof(struct mysql_query, sql_command_id) == 16, "MySQL query sql_command_id");
_Static_assert(offsetof(struct mysql_query, query) == 24, "MySQL query query");
_Static_assert(sizeof(struct mysql_stored_program) == 88, "MySQL mysql_event_stored_program");
_Static_assert(offsetof(struct mysql_stored_program, database) == 48, "MySQL stored_program database");
_Static_assert(offsetof(struct mysql_stored_program, name) == 64, "MySQL stored_program name");
_Static_assert(offsetof(struct mysql_stored_program, parameters) == 80, "MySQL stored_program parameters");
_Static_assert(sizeof(struct mysql_authentication) == 128, "MySQL mysql_event_authentication");
_Static_assert(offsetof(struct mysql_authentication, connection_id) == 8, "MySQL authentication connection_id");
_Static_assert(offsetof(struct mysql_authentication, sql_command_id) == 12, "MySQL authentication sql_command_id");
_Static_assert(offsetof(struct mysql_authentication, query) == 16, "MySQL authentication query");
_Static_assert(offsetof(struct mysql_authentication, user) == 40, "MySQL authentication user");
_Static_assert(offsetof(struct mysql_authentication, authentication_plugin) == 72, "MySQL authentication plugin");
_Static_assert(offsetof(struct mysql_authentication, new_host) == 104, "MySQL authentication new_host");
_Static_assert(offsetof(struct mysql_authentication, is_role) == 120, "MySQL authentication is_role");
_Static_assert(sizeof(struct mysql_message) == 72, "MySQL mysql_event_message");
_Static_assert(offsetof(struct mysql_message, component) == 8, "MySQL message component");
_Static_assert(offsetof(struct mysql_message, message) == 40, "MySQL message message");
_Static_assert(offsetof(struct mysql_message, key_value_map) == 56, "MySQL message key_value_map");
_Static_assert(offsetof(struct mysql_message, key_value_map_length) == 64, "MySQL message key_value_map_length");

/* mysql_event_parse_rewrite_plugin_flag: QUERY_REWRITTEN = 1 << 0. */
#define PARSE_QUERY_REWRITTEN 1

union mysql_event {
  struct mysql_general general;
  struct mysql_connection connection;
  struct mysql_parse parse;
  struct mysql_table_access table_access;
  struct mysql_global_variable global_variable;
  struct mysql_server_startup server_startup;
  struct mysql_server_shutdown server_shutdown;
  struct mysql_command command;
  struct mysql_query query;
  struct mysql_stored_program stored_program;
  struct mysql_authentication authentication;
  struct mysql_message message;
};

union maria_event {
  struct maria_general general;
  struct maria_connection connection;
  struct maria_table table;
};

typedef void (*maria_notify_fn)(void *, unsigned, const void *);
typedef int (*mysql_notify_fn)(void *, int, const void *);

static const char *nz(const char *s) { return s ? s : ""; }
static unsigned ulen(const char *s) { return (unsigned)strlen(nz(s)); }
static struct lexs lex(const char *s) {
  struct lexs l = {nz(s), strlen(nz(s))};
  return l;
}

/* What one dispatch shares between both generations' builders. */
struct ctx {
  struct myp_thd *thd;
  struct myp_event *ev;
  int cls, sub;
  const char *priv_user; /* the THD's priv_user, or its user */
  char general_user[1024]; /* formatted by gen_user, for GENERAL events only */
  int have_user;
  unsigned long long now;
};

/* The GENERAL events' user text, "priv_user[user] @ host [ip]", formatted
   the first time a builder needs it: the other classes cost no snprintf. */
static const char *gen_user(struct ctx *c) {
  if (!c->have_user) {
    const struct myp_thd *t = c->thd;
    snprintf(c->general_user, sizeof c->general_user, "%s[%s] @ %s [%s]", c->priv_user, nz(t->user), nz(t->host),
             nz(t->ip));
    c->now = (unsigned long long)time(NULL);
    c->have_user = 1;
  }
  return c->general_user;
}

static void build_maria(union maria_event *u, struct ctx *c) {
  const struct myp_thd *t = c->thd;
  const struct myp_event *ev = c->ev;
  memset(u, 0, sizeof *u);
  switch (c->cls) {
  case MYP_AUDIT_GENERAL: {
    struct maria_general *g = &u->general;
    g->event_subclass = (unsigned)c->sub;
    g->general_error_code = ev->error_code;
    g->general_thread_id = t->thread_id;
    g->general_user = gen_user(c);
    g->general_user_length = ulen(c->general_user);
    g->general_command = nz(ev->command);
    g->general_command_length = ulen(ev->command);
    g->general_query = nz(ev->query);
    g->general_query_length = ulen(ev->query);
    g->general_charset = NULL;
    g->general_time = c->now;
    g->general_rows = ev->rows;
    g->query_id = t->query_id;
    g->database = lex(t->db);
    break;
  }
  case MYP_AUDIT_CONNECTION: {
    struct maria_connection *m = &u->connection;
    m->event_subclass = (unsigned)c->sub;
    m->status = ev->status;
    m->thread_id = t->thread_id;
    m->user = nz(t->user);
    m->user_length = ulen(t->user);
    m->priv_user = c->priv_user;
    m->priv_user_length = ulen(c->priv_user);
    m->external_user = nz(t->external_user);
    m->external_user_length = ulen(t->external_user);
    m->proxy_user = "";
    m->proxy_user_length = 0;
    m->host = nz(t->host);
    m->host_length = ulen(t->host);
    m->ip = nz(t->ip);
    m->ip_length = ulen(t->ip);
    m->database = lex(t->db);
    break;
  }
  case MYP_AUDIT_MARIADB_TABLE: {
    struct maria_table *m = &u->table;
    m->event_subclass = (unsigned)c->sub;
    m->thread_id = t->thread_id;
    m->user = nz(t->user);
    m->priv_user = c->priv_user;
    m->priv_host = nz(t->host); /* the THD has no priv_host: the session's host stands in */
    m->external_user = nz(t->external_user);
    m->proxy_user = "";
    m->host = nz(t->host);
    m->ip = nz(t->ip);
    m->database = lex(ev->database);
    m->table = lex(ev->table);
    m->new_database = lex(ev->new_database);
    m->new_table = lex(ev->new_table);
    m->read_only = ev->read_only;
    m->query_id = t->query_id;
    break;
  }
  }
}

/* rw is the PARSE out-slot; flags the PARSE flags word. */
static void build_mysql(union mysql_event *u, struct ctx *c, int *flags, struct lexs *rw) {
  const struct myp_thd *t = c->thd;
  const struct myp_event *ev = c->ev;
  int flag = (int)(1u << c->sub);
  memset(u, 0, sizeof *u);
  switch (c->cls) {
  case MYP_AUDIT_GENERAL: {
    struct mysql_general *g = &u->general;
    g->event_subclass = flag;
    g->general_error_code = ev->error_code;
    g->general_thread_id = t->thread_id;
    g->general_user = lex(gen_user(c));
    g->general_command = lex(ev->command);
    g->general_query = lex(ev->query);
    g->general_charset = NULL;
    g->general_time = c->now;
    g->general_rows = ev->rows;
    g->general_host = lex(t->host);
    g->general_sql_command = lex(ev->sql_command_name);
    g->general_external_user = lex(t->external_user);
    g->general_ip = lex(t->ip);
    break;
  }
  case MYP_AUDIT_CONNECTION: {
    struct mysql_connection *m = &u->connection;
    m->event_subclass = flag;
    m->status = ev->status;
    m->connection_id = t->thread_id;
    m->user = lex(t->user);
    m->priv_user = lex(c->priv_user);
    m->external_user = lex(t->external_user);
    m->proxy_user = lex("");
    m->host = lex(t->host);
    m->ip = lex(t->ip);
    m->database = lex(t->db);
    /* 0 (not given by the caller) keeps the former default: a socket. */
    m->connection_type = ev->connection_type ? ev->connection_type : 2;
    break;
  }
  case MYP_AUDIT_PARSE: {
    struct mysql_parse *m = &u->parse;
    m->event_subclass = flag;
    m->flags = flags;
    m->query = lex(ev->query);
    m->rewritten_query = rw;
    break;
  }
  case MYP_AUDIT_TABLE_ACCESS: {
    struct mysql_table_access *m = &u->table_access;
    m->event_subclass = flag;
    m->connection_id = t->thread_id;
    m->sql_command_id = ev->sql_command_id;
    m->query = lex(ev->query);
    m->query_charset = NULL;
    m->table_database = lex(ev->database);
    m->table_name = lex(ev->table);
    break;
  }
  case MYP_AUDIT_GLOBAL_VARIABLE: {
    struct mysql_global_variable *m = &u->global_variable;
    m->event_subclass = flag;
    m->connection_id = t->thread_id;
    m->sql_command_id = ev->sql_command_id;
    m->variable_name = lex(ev->variable_name);
    m->variable_value = lex(ev->variable_value);
    break;
  }
  case MYP_AUDIT_SERVER_STARTUP: {
    struct mysql_server_startup *m = &u->server_startup;
    m->event_subclass = flag;
    m->argv = ev->argv;
    m->argc = ev->argc > 0 ? (unsigned)ev->argc : 0;
    break;
  }
  case MYP_AUDIT_SERVER_SHUTDOWN: {
    struct mysql_server_shutdown *m = &u->server_shutdown;
    m->event_subclass = flag;
    m->exit_code = ev->exit_code;
    m->reason = ev->shutdown_reason;
    break;
  }
  case MYP_AUDIT_COMMAND: {
    struct mysql_command *m = &u->command;
    m->event_subclass = flag;
    m->status = ev->error_code;
    m->connection_id = t->thread_id;
    m->command_id = ev->command_id;
    break;
  }
  case MYP_AUDIT_QUERY: {
    struct mysql_query *m = &u->query;
    m->event_subclass = flag;
    m->status = ev->error_code;
    m->connection_id = t->thread_id;
    m->sql_command_id = ev->sql_command_id;
    m->query = lex(ev->query);
    m->query_charset = NULL;
    break;
  }
  case MYP_AUDIT_STORED_PROGRAM: {
    struct mysql_stored_program *m = &u->stored_program;
    m->event_subclass = flag;
    m->connection_id = t->thread_id;
    m->sql_command_id = ev->sql_command_id;
    m->query = lex(ev->query);
    m->query_charset = NULL;
    m->database = lex(ev->database);
    m->name = lex(ev->table);
    m->parameters = NULL;
    break;
  }
  case MYP_AUDIT_AUTHENTICATION: {
    struct mysql_authentication *m = &u->authentication;
    m->event_subclass = flag;
    m->status = ev->status;
    m->connection_id = (unsigned)t->thread_id;
    m->sql_command_id = ev->sql_command_id;
    m->query = lex(ev->query);
    m->query_charset = NULL;
    m->user = lex(ev->account_user);
    m->host = lex(ev->account_host);
    m->authentication_plugin = lex(ev->auth_plugin);
    m->new_user = lex(ev->new_user);
    m->new_host = lex(ev->new_host);
    m->is_role = ev->is_role != 0;
    break;
  }
  case MYP_AUDIT_MESSAGE: {
    struct mysql_message *m = &u->message;
    m->event_subclass = flag;
    m->component = lex(ev->component);
    m->producer = lex(ev->producer);
    m->message = lex(ev->message);
    m->key_value_map = NULL;
    m->key_value_map_length = 0;
    break;
  }
  }
}

/* Whether mysqld lets a MySQL plugin's non-zero result fail the operation
   (mysql-plugin-abi.md §5.3). SERVER_STARTUP: mysqld aborts its startup
   when the notification fails (8.0 through event_class_dispatch_error, 5.7
   by returning the result to mysqld.cc, which calls unireg_abort). */
static int abortable(int cls, int sub) {
  switch (cls) {
  case MYP_AUDIT_GENERAL:
    return sub == MYP_GENERAL_LOG;
  case MYP_AUDIT_CONNECTION:
    return sub != MYP_CONNECTION_DISCONNECT;
  case MYP_AUDIT_SERVER_SHUTDOWN:
    return 0;
  default:
    return 1;
  }
}

/* After a PARSE subscriber returned: takes over the query it rewrote. */
static void take_rewrite(struct myp_event *ev, struct mysql_parse *pe, int *flags, struct lexs *rw) {
  if (rw->str == NULL) return;
  char *copy = malloc(rw->length + 1);
  if (copy != NULL) {
    memcpy(copy, rw->str, rw->length);
    copy[rw->length] = '\0';
    free(ev->rewritten_query);
    ev->rewritten_query = copy;
    pe->query.str = copy;
    pe->query.length = rw->length;
  }
  /* With the flag set mysqld owns the plugin's buffer (my_malloc'ed, which
     is malloc in this host) and frees it; without it mysqld ignores the
     slot, so the buffer is left alone. */
  if (*flags & PARSE_QUERY_REWRITTEN) free((void *)rw->str);
  if (copy != NULL) *flags |= PARSE_QUERY_REWRITTEN;
  rw->str = NULL;
  rw->length = 0;
}

int myp_audit_dispatch(const struct myp_audit_list *l, struct myp_thd *thd, int cls, int sub,
                       struct myp_event *ev, int *rc) {
  if (rc != NULL) *rc = 0;
  if (l == NULL || thd == NULL || ev == NULL || sub < 0 || sub >= 32) return -1;
  int for_maria = cls == MYP_AUDIT_GENERAL || cls == MYP_AUDIT_CONNECTION || cls == MYP_AUDIT_MARIADB_TABLE;
  int for_mysql = cls >= MYP_AUDIT_GENERAL && cls <= MYP_AUDIT_MESSAGE && cls != MYP_AUDIT_AUTHORIZATION;
  if (!for_maria && !for_mysql) return -1;

  struct ctx c;
  c.thd = thd;
  c.ev = ev;
  c.cls = cls;
  c.sub = sub;
  c.priv_user = nz(thd->priv_user ? thd->priv_user : thd->user);
  c.have_user = 0;
  c.now = 0;

  union maria_event me;
  union mysql_event ye;
  int built_maria = 0, built_mysql = 0;
  int flags = ev->parse_flags;
  struct lexs rw = {NULL, 0};
  int ab = abortable(cls, sub);
  unsigned long bit = 1UL << sub;

  struct myp_thd *saved = myp_current_thd;
  myp_current_thd = thd;
  int refused = -1;
  for (int i = 0; i < l->n && i < MYP_MAX_AUDIT; i++) {
    const struct myp_audit_plugin *p = &l->p[i];
    if (!p->active || p->notify == NULL) continue;
    if (p->api == MYP_AUDIT_MARIADB) {
      if (!for_maria || !(p->masks[0] & (1UL << cls))) continue;
      if (!built_maria) {
        build_maria(&me, &c);
        built_maria = 1;
      }
      ((maria_notify_fn)p->notify)(thd, (unsigned)cls, &me);
      continue;
    }
    if (p->api != MYP_AUDIT_MYSQL || !for_mysql) continue;
    if (cls >= p->nmasks || cls >= (int)(sizeof p->masks / sizeof p->masks[0]) || !(p->masks[cls] & bit)) continue;
    if (!built_mysql) {
      build_mysql(&ye, &c, &flags, &rw);
      built_mysql = 1;
    }
    if (cls == MYP_AUDIT_PARSE) {
      rw.str = NULL;
      rw.length = 0;
    }
    int r = ((mysql_notify_fn)p->notify)(thd, cls, &ye);
    if (cls == MYP_AUDIT_PARSE) {
      take_rewrite(ev, &ye.parse, &flags, &rw);
      ev->parse_flags = flags;
    }
    if (r != 0 && ab && refused < 0) {
      refused = i;
      if (rc != NULL) *rc = r;
    }
  }
  myp_current_thd = saved;
  return refused;
}
