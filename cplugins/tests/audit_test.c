/*
 * Tests of audit event delivery (internal/native/audit.c), compiled
 * straight into this program with fake plugins of each API generation:
 * MySQL 0x0401 with 13 class masks (8.0) and 11 (5.7), and MariaDB 0x0302.
 *
 * The fake plugins read the events at raw byte offsets written down here
 * independently of audit.c's struct definitions (LP64), from the layouts
 * of include/mysql/plugin_audit.h: MySQL 5.7 (mysql/mysql-server),
 * fb-mysql 8.0.20 and GreatSQL 8.0 for classes 2..12, mysql-plugin-abi.md
 * §5.3 for GENERAL/CONNECTION, MariaDB 10.11 for classes 0, 1 and 15.
 *
 * Prints "audit_test: N passed, M failed" and exits 1 if anything failed.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../internal/native/audit.c"

/* host.c defines it; the test links audit.c alone. */
__thread struct myp_thd *myp_current_thd;

#include "check.h"
#define CHECK_STR(got, want) CHECK(strcmp((got), (want)) == 0, "%s: got \"%s\", want \"%s\"", #got, (got), (want))
#define CHECK_INT(got, want)                                                                        \
  CHECK((long long)(got) == (long long)(want), "%s: got %lld, want %lld", #got, (long long)(got), \
        (long long)(want))

/* ---- raw readers ---- */
static uint32_t rd_u32(const void *e, size_t off) {
  uint32_t v;
  memcpy(&v, (const char *)e + off, sizeof v);
  return v;
}
static int32_t rd_i32(const void *e, size_t off) {
  int32_t v;
  memcpy(&v, (const char *)e + off, sizeof v);
  return v;
}
static uint64_t rd_u64(const void *e, size_t off) {
  uint64_t v;
  memcpy(&v, (const char *)e + off, sizeof v);
  return v;
}
static const void *rd_ptr(const void *e, size_t off) {
  const void *v;
  memcpy(&v, (const char *)e + off, sizeof v);
  return v;
}

#define SLEN 128
/* Copies the {str, length} pair at off (length as a size_t at off+8) into
   dst; "<NULL>" for a NULL str, "<BADLEN>" when length is not strlen(str). */
static void rd_lex(char *dst, const void *e, size_t off) {
  const char *s = rd_ptr(e, off);
  uint64_t n = rd_u64(e, off + 8);
  if (s == NULL) {
    snprintf(dst, SLEN, "<NULL>");
  } else if (strlen(s) != n) {
    snprintf(dst, SLEN, "<BADLEN>");
  } else {
    snprintf(dst, SLEN, "%.*s", (int)n, s);
  }
}
/* A MariaDB const char* + unsigned int length pair. */
static void rd_plen(char *dst, const void *e, size_t off_ptr, size_t off_len) {
  const char *s = rd_ptr(e, off_ptr);
  uint32_t n = rd_u32(e, off_len);
  if (s == NULL) {
    snprintf(dst, SLEN, "<NULL>");
  } else if (strlen(s) != n) {
    snprintf(dst, SLEN, "<BADLEN>");
  } else {
    snprintf(dst, SLEN, "%s", s);
  }
}
static void rd_cstr(char *dst, const void *e, size_t off) {
  const char *s = rd_ptr(e, off);
  snprintf(dst, SLEN, "%s", s ? s : "<NULL>");
}

/* ---- what the fake plugins saw ---- */
struct rec {
  int plugin;
  unsigned cls, sub;
  void *thd;
  struct myp_thd *cur;
  char s[12][SLEN];
  long long n[6];
};
static struct rec recs[64];
static int nrec;
static int ret_of[8];          /* what each fake MySQL plugin returns */
static int rewriter = -1;      /* the plugin that rewrites PARSE events */
static int rewriter_sets_flag; /* whether it also sets QUERY_REWRITTEN */
static const char *rewrite_to;
static char static_rewrite[] = "SELECT 'static'";

static struct rec *new_rec(int plugin, void *thd, unsigned cls, const void *e) {
  struct rec *r = &recs[nrec < 63 ? nrec++ : 63];
  memset(r, 0, sizeof *r);
  r->plugin = plugin;
  r->cls = cls;
  r->sub = rd_u32(e, 0);
  r->thd = thd;
  r->cur = myp_current_thd;
  return r;
}

static int rec_mysql(int id, void *thd, int cls, const void *e) {
  struct rec *r = new_rec(id, thd, (unsigned)cls, e);
  switch (cls) {
  case 0: /* general: 152 bytes */
    r->n[0] = rd_i32(e, 4);
    r->n[1] = (long long)rd_u64(e, 8);
    rd_lex(r->s[0], e, 16);
    rd_lex(r->s[1], e, 32);
    rd_lex(r->s[2], e, 48);
    r->n[4] = rd_ptr(e, 64) != NULL;
    r->n[2] = (long long)rd_u64(e, 72);
    r->n[3] = (long long)rd_u64(e, 80);
    rd_lex(r->s[3], e, 88);
    rd_lex(r->s[4], e, 104);
    rd_lex(r->s[5], e, 120);
    rd_lex(r->s[6], e, 136);
    break;
  case 1: /* connection: 136 bytes */
    r->n[0] = rd_i32(e, 4);
    r->n[1] = (long long)rd_u64(e, 8);
    for (int i = 0; i < 7; i++) rd_lex(r->s[i], e, 16 + 16 * (size_t)i);
    r->n[2] = rd_i32(e, 128);
    break;
  case 2: { /* parse: flags* @8, query @16, rewritten_query* @32 */
    int *flags = (int *)rd_ptr(e, 8);
    struct {
      const char *str;
      size_t length;
    } *rw = (void *)rd_ptr(e, 32);
    r->n[0] = flags ? *flags : -999;
    rd_lex(r->s[0], e, 16);
    r->n[1] = rw != NULL;
    r->n[2] = rw != NULL && rw->str == NULL && rw->length == 0;
    if (id == rewriter && rw != NULL && flags != NULL) {
      if (rewrite_to == static_rewrite) {
        rw->str = static_rewrite;
      } else {
        rw->str = strdup(rewrite_to); /* the host's my_malloc is malloc */
      }
      rw->length = strlen(rewrite_to);
      if (rewriter_sets_flag) *flags |= 1;
    }
    break;
  }
  case 4: /* table access: 80 bytes */
    r->n[1] = (long long)rd_u64(e, 8);
    r->n[2] = rd_i32(e, 16);
    rd_lex(r->s[0], e, 24);
    r->n[3] = rd_ptr(e, 40) != NULL;
    rd_lex(r->s[1], e, 48);
    rd_lex(r->s[2], e, 64);
    break;
  case 5: /* global variable: 56 bytes */
    r->n[1] = (long long)rd_u64(e, 8);
    r->n[2] = rd_i32(e, 16);
    rd_lex(r->s[0], e, 24);
    rd_lex(r->s[1], e, 40);
    break;
  case 6: { /* server startup: argv @8, argc @16 */
    const char **argv = (const char **)rd_ptr(e, 8);
    unsigned argc = rd_u32(e, 16);
    r->n[0] = argc;
    snprintf(r->s[0], SLEN, "%s", argc > 0 && argv ? argv[0] : "<none>");
    snprintf(r->s[1], SLEN, "%s", argc > 0 && argv ? argv[argc - 1] : "<none>");
    break;
  }
  case 7: /* server shutdown: exit_code @4, reason @8 */
    r->n[0] = rd_i32(e, 4);
    r->n[1] = rd_i32(e, 8);
    break;
  case 8: /* command: status @4, connection_id @8, command_id @16 */
    r->n[0] = rd_i32(e, 4);
    r->n[1] = (long long)rd_u64(e, 8);
    r->n[2] = rd_i32(e, 16);
    break;
  case 9: /* query: 48 bytes */
    r->n[0] = rd_i32(e, 4);
    r->n[1] = (long long)rd_u64(e, 8);
    r->n[2] = rd_i32(e, 16);
    rd_lex(r->s[0], e, 24);
    break;
  case 10: /* stored program: 88 bytes */
    r->n[1] = (long long)rd_u64(e, 8);
    r->n[2] = rd_i32(e, 16);
    rd_lex(r->s[0], e, 24);
    rd_lex(r->s[1], e, 48);
    rd_lex(r->s[2], e, 64);
    r->n[3] = rd_ptr(e, 80) != NULL;
    break;
  case 11: /* authentication: 128 bytes, unsigned int connection_id @8 */
    r->n[0] = rd_i32(e, 4);
    r->n[1] = rd_u32(e, 8);
    r->n[2] = rd_i32(e, 12);
    rd_lex(r->s[0], e, 16);
    for (int i = 0; i < 5; i++) rd_lex(r->s[1 + i], e, 40 + 16 * (size_t)i);
    r->n[3] = *((const unsigned char *)e + 120);
    break;
  case 12: /* message: 72 bytes */
    rd_lex(r->s[0], e, 8);
    rd_lex(r->s[1], e, 24);
    rd_lex(r->s[2], e, 40);
    r->n[0] = rd_ptr(e, 56) != NULL;
    r->n[1] = (long long)rd_u64(e, 64);
    break;
  }
  return ret_of[id];
}

static void rec_maria(int id, void *thd, unsigned cls, const void *e) {
  struct rec *r = new_rec(id, thd, cls, e);
  switch (cls) {
  case 0: /* general: 112 bytes */
    r->n[0] = rd_i32(e, 4);
    r->n[1] = (long long)rd_u64(e, 8);
    rd_plen(r->s[0], e, 16, 24);
    rd_plen(r->s[1], e, 32, 40);
    rd_plen(r->s[2], e, 48, 56);
    r->n[2] = (long long)rd_u64(e, 72);
    r->n[3] = (long long)rd_u64(e, 80);
    r->n[4] = (long long)rd_u64(e, 88);
    rd_lex(r->s[3], e, 96);
    break;
  case 1: /* connection: 128 bytes */
    r->n[0] = rd_i32(e, 4);
    r->n[1] = (long long)rd_u64(e, 8);
    for (int i = 0; i < 6; i++) rd_plen(r->s[i], e, 16 + 16 * (size_t)i, 24 + 16 * (size_t)i);
    rd_lex(r->s[6], e, 112);
    break;
  case 15: /* table: 152 bytes */
    r->n[1] = (long long)rd_u64(e, 8);
    for (int i = 0; i < 7; i++) rd_cstr(r->s[i], e, 16 + 8 * (size_t)i);
    rd_lex(r->s[7], e, 72);
    rd_lex(r->s[8], e, 88);
    rd_lex(r->s[9], e, 104);
    rd_lex(r->s[10], e, 120);
    r->n[2] = rd_i32(e, 136);
    r->n[3] = (long long)rd_u64(e, 144);
    break;
  }
}

static int y80a(void *thd, int cls, const void *e) { return rec_mysql(0, thd, cls, e); }
static int y80b(void *thd, int cls, const void *e) { return rec_mysql(1, thd, cls, e); }
static int y57(void *thd, int cls, const void *e) { return rec_mysql(2, thd, cls, e); }
static void maria(void *thd, unsigned cls, const void *e) { rec_maria(3, thd, cls, e); }

enum { P80A = 0, P80B = 1, P57 = 2, PMARIA = 3 };

static struct myp_audit_list list;

static void reset_list(void) {
  memset(&list, 0, sizeof list);
  memset(ret_of, 0, sizeof ret_of);
  rewriter = -1;
  rewriter_sets_flag = 1;
  rewrite_to = NULL;
}
/* Plugins are added in the order P80A, P80B, P57, PMARIA: list index == id. */
static struct myp_audit_plugin *add(int id) {
  struct myp_audit_plugin *p = &list.p[list.n++];
  p->active = 1;
  switch (id) {
  case P80A:
    p->notify = (void *)y80a;
    p->api = MYP_AUDIT_MYSQL;
    p->nmasks = 13;
    break;
  case P80B:
    p->notify = (void *)y80b;
    p->api = MYP_AUDIT_MYSQL;
    p->nmasks = 13;
    break;
  case P57:
    p->notify = (void *)y57;
    p->api = MYP_AUDIT_MYSQL;
    p->nmasks = 11;
    break;
  default:
    p->notify = (void *)maria;
    p->api = MYP_AUDIT_MARIADB;
    p->nmasks = 1;
    break;
  }
  return p;
}
/* All four, subscribed to everything (even the masks a generation does not have). */
static void all_subscribed(void) {
  reset_list();
  for (int id = 0; id < 4; id++) {
    struct myp_audit_plugin *p = add(id);
    for (int c = 0; c < 16; c++) p->masks[c] = ~0UL;
  }
}

static struct myp_thd thd;
static struct myp_thd other; /* what myp_current_thd is outside a dispatch */

static int dispatch(int cls, int sub, struct myp_event *ev, int *rc) {
  nrec = 0;
  myp_current_thd = &other;
  int r = myp_audit_dispatch(&list, &thd, cls, sub, ev, rc);
  CHECK(myp_current_thd == &other, "myp_current_thd restored after class %d", cls);
  for (int i = 0; i < nrec; i++) {
    CHECK(recs[i].thd == &thd, "plugin %d got the THD", recs[i].plugin);
    CHECK(recs[i].cur == &thd, "myp_current_thd set for plugin %d", recs[i].plugin);
    CHECK(recs[i].cls == (unsigned)cls, "plugin %d got class %u, want %d", recs[i].plugin, recs[i].cls, cls);
  }
  return r;
}
static struct rec *find(int id) {
  for (int i = 0; i < nrec; i++)
    if (recs[i].plugin == id) return &recs[i];
  return NULL;
}
static int count(int id) {
  int n = 0;
  for (int i = 0; i < nrec; i++) n += recs[i].plugin == id;
  return n;
}
/* Which of the four plugins were called, as a bit set. */
static unsigned called(void) {
  unsigned m = 0;
  for (int i = 0; i < nrec; i++) m |= 1u << recs[i].plugin;
  return m;
}
#define B(id) (1u << (id))

static void test_masks(void) {
  struct myp_event ev = {0};
  int rc = -5;
  reset_list();
  add(P80A)->masks[0] = 1 | 8; /* LOG | STATUS */
  add(P80B)->masks[1] = 2;     /* CONNECTION DISCONNECT */
  add(P57)->masks[0] = 2;      /* ERROR */
  add(PMARIA)->masks[0] = 1;   /* GENERAL only */

  CHECK_INT(dispatch(MYP_AUDIT_GENERAL, MYP_GENERAL_LOG, &ev, &rc), -1);
  CHECK_INT(rc, 0);
  CHECK_INT(called(), B(P80A) | B(PMARIA));
  CHECK_INT(find(P80A)->sub, 1);  /* flag */
  CHECK_INT(find(PMARIA)->sub, 0); /* index */

  dispatch(MYP_AUDIT_GENERAL, MYP_GENERAL_ERROR, &ev, NULL);
  CHECK_INT(called(), B(P57) | B(PMARIA));
  CHECK_INT(find(P57)->sub, 2);
  CHECK_INT(find(PMARIA)->sub, 1);

  dispatch(MYP_AUDIT_GENERAL, MYP_GENERAL_RESULT, &ev, NULL);
  CHECK_INT(called(), B(PMARIA));
  CHECK_INT(find(PMARIA)->sub, 2);

  dispatch(MYP_AUDIT_GENERAL, MYP_GENERAL_STATUS, &ev, NULL);
  CHECK_INT(called(), B(P80A) | B(PMARIA));
  CHECK_INT(find(P80A)->sub, 8);
  CHECK_INT(find(PMARIA)->sub, 3);

  dispatch(MYP_AUDIT_CONNECTION, MYP_CONNECTION_CONNECT, &ev, NULL);
  CHECK_INT(called(), 0);
  dispatch(MYP_AUDIT_CONNECTION, MYP_CONNECTION_DISCONNECT, &ev, NULL);
  CHECK_INT(called(), B(P80B));
  CHECK_INT(find(P80B)->sub, 2);

  /* MariaDB: the mask is over classes. */
  list.p[PMARIA].masks[0] = 1u << 1;
  dispatch(MYP_AUDIT_GENERAL, MYP_GENERAL_LOG, &ev, NULL);
  CHECK_INT(called(), B(P80A));
  dispatch(MYP_AUDIT_CONNECTION, MYP_CONNECTION_CHANGE_USER, &ev, NULL);
  CHECK_INT(called(), B(PMARIA));
  CHECK_INT(find(PMARIA)->sub, 2);

  /* An inactive plugin gets nothing. */
  list.p[P80A].active = 0;
  dispatch(MYP_AUDIT_GENERAL, MYP_GENERAL_LOG, &ev, NULL);
  CHECK_INT(called(), 0);

  /* Subclass bits of other classes do not leak: QUERY STATUS_END (bit 2)
     with only TABLE_ACCESS subscribed. */
  reset_list();
  add(P80A)->masks[MYP_AUDIT_TABLE_ACCESS] = 4;
  dispatch(MYP_AUDIT_QUERY, 2, &ev, NULL);
  CHECK_INT(called(), 0);
  dispatch(MYP_AUDIT_TABLE_ACCESS, 2, &ev, NULL);
  CHECK_INT(called(), B(P80A));
  CHECK_INT(find(P80A)->sub, 4);
  dispatch(MYP_AUDIT_TABLE_ACCESS, 0, &ev, NULL);
  CHECK_INT(called(), 0);
}

static void test_general_connection(void) {
  struct myp_event ev = {0};
  all_subscribed();
  ev.error_code = 1146;
  ev.rows = 7;
  ev.command = "Query";
  ev.query = "SELECT * FROM t";
  ev.sql_command_name = "select";
  thd.priv_user = NULL;
  thd.external_user = NULL;
  time_t before = time(NULL);
  dispatch(MYP_AUDIT_GENERAL, MYP_GENERAL_STATUS, &ev, NULL);
  CHECK_INT(called(), B(P80A) | B(P80B) | B(P57) | B(PMARIA));
  for (int id = P80A; id <= P57; id++) {
    struct rec *r = find(id);
    CHECK_INT(r->sub, 8);
    CHECK_INT(r->n[0], 1146);
    CHECK_INT(r->n[1], 42);
    CHECK_STR(r->s[0], "alice[alice] @ localhost [127.0.0.1]");
    CHECK_STR(r->s[1], "Query");
    CHECK_STR(r->s[2], "SELECT * FROM t");
    CHECK_INT(r->n[4], 0);
    CHECK(r->n[2] >= (long long)before && r->n[2] <= (long long)time(NULL), "general_time %lld", r->n[2]);
    CHECK_INT(r->n[3], 7);
    CHECK_STR(r->s[3], "localhost");
    CHECK_STR(r->s[4], "select");
    CHECK_STR(r->s[5], "");
    CHECK_STR(r->s[6], "127.0.0.1");
  }
  struct rec *m = find(PMARIA);
  CHECK_INT(m->sub, 3);
  CHECK_INT(m->n[0], 1146);
  CHECK_INT(m->n[1], 42);
  CHECK_STR(m->s[0], "alice[alice] @ localhost [127.0.0.1]");
  CHECK_STR(m->s[1], "Query");
  CHECK_STR(m->s[2], "SELECT * FROM t");
  CHECK(m->n[2] >= (long long)before && m->n[2] <= (long long)time(NULL), "maria general_time %lld", m->n[2]);
  CHECK_INT(m->n[3], 7);
  CHECK_INT(m->n[4], 99);
  CHECK_STR(m->s[3], "shop");

  /* priv_user given; NULL strings arrive as "". */
  thd.priv_user = "admin";
  thd.external_user = "ext";
  ev.command = NULL;
  ev.query = NULL;
  ev.sql_command_name = NULL;
  dispatch(MYP_AUDIT_GENERAL, MYP_GENERAL_LOG, &ev, NULL);
  CHECK_STR(find(P80A)->s[0], "admin[alice] @ localhost [127.0.0.1]");
  CHECK_STR(find(P80A)->s[1], "");
  CHECK_STR(find(P80A)->s[2], "");
  CHECK_STR(find(P80A)->s[4], "");
  CHECK_STR(find(P80A)->s[5], "ext");
  CHECK_STR(find(PMARIA)->s[0], "admin[alice] @ localhost [127.0.0.1]");
  CHECK_STR(find(PMARIA)->s[2], "");

  memset(&ev, 0, sizeof ev);
  ev.status = 1045;
  ev.connection_type = 1;
  dispatch(MYP_AUDIT_CONNECTION, MYP_CONNECTION_PRE_AUTHENTICATE, &ev, NULL);
  CHECK_INT(called(), B(P80A) | B(P80B) | B(P57) | B(PMARIA));
  for (int id = P80A; id <= P57; id++) {
    struct rec *r = find(id);
    CHECK_INT(r->sub, 8);
    CHECK_INT(r->n[0], 1045);
    CHECK_INT(r->n[1], 42);
    CHECK_STR(r->s[0], "alice");
    CHECK_STR(r->s[1], "admin");
    CHECK_STR(r->s[2], "ext");
    CHECK_STR(r->s[3], "");
    CHECK_STR(r->s[4], "localhost");
    CHECK_STR(r->s[5], "127.0.0.1");
    CHECK_STR(r->s[6], "shop");
    CHECK_INT(r->n[2], 1);
  }
  m = find(PMARIA);
  CHECK_INT(m->sub, 3);
  CHECK_INT(m->n[0], 1045);
  CHECK_INT(m->n[1], 42);
  CHECK_STR(m->s[0], "alice");
  CHECK_STR(m->s[1], "admin");
  CHECK_STR(m->s[2], "ext");
  CHECK_STR(m->s[3], "");
  CHECK_STR(m->s[4], "localhost");
  CHECK_STR(m->s[5], "127.0.0.1");
  CHECK_STR(m->s[6], "shop");

  ev.connection_type = 0; /* not given: a socket */
  dispatch(MYP_AUDIT_CONNECTION, MYP_CONNECTION_CONNECT, &ev, NULL);
  CHECK_INT(find(P80A)->n[2], 2);
  CHECK_INT(find(P80A)->sub, 1);
  CHECK_INT(find(PMARIA)->sub, 0);

  thd.priv_user = NULL;
  thd.external_user = NULL;
}

static void test_mysql_classes(void) {
  struct myp_event ev = {0};
  all_subscribed();
  unsigned mysql_all = B(P80A) | B(P80B) | B(P57);

  /* TABLE_ACCESS */
  ev.query = "UPDATE t SET a=1";
  ev.sql_command_id = 4;
  ev.database = "shop";
  ev.table = "t";
  dispatch(MYP_AUDIT_TABLE_ACCESS, 2, &ev, NULL);
  CHECK_INT(called(), mysql_all);
  for (int id = P80A; id <= P57; id++) {
    struct rec *r = find(id);
    CHECK_INT(r->sub, 4);
    CHECK_INT(r->n[1], 42);
    CHECK_INT(r->n[2], 4);
    CHECK_STR(r->s[0], "UPDATE t SET a=1");
    CHECK_INT(r->n[3], 0);
    CHECK_STR(r->s[1], "shop");
    CHECK_STR(r->s[2], "t");
  }

  /* GLOBAL_VARIABLE */
  memset(&ev, 0, sizeof ev);
  ev.sql_command_id = 31;
  ev.variable_name = "max_connections";
  ev.variable_value = "200";
  dispatch(MYP_AUDIT_GLOBAL_VARIABLE, 1, &ev, NULL);
  CHECK_INT(called(), mysql_all);
  for (int id = P80A; id <= P57; id++) {
    struct rec *r = find(id);
    CHECK_INT(r->sub, 2);
    CHECK_INT(r->n[1], 42);
    CHECK_INT(r->n[2], 31);
    CHECK_STR(r->s[0], "max_connections");
    CHECK_STR(r->s[1], "200");
  }

  /* SERVER_STARTUP */
  memset(&ev, 0, sizeof ev);
  const char *argv[] = {"mysqld", "--port=3307", NULL};
  ev.argv = argv;
  ev.argc = 2;
  dispatch(MYP_AUDIT_SERVER_STARTUP, 0, &ev, NULL);
  CHECK_INT(called(), mysql_all);
  for (int id = P80A; id <= P57; id++) {
    struct rec *r = find(id);
    CHECK_INT(r->sub, 1);
    CHECK_INT(r->n[0], 2);
    CHECK_STR(r->s[0], "mysqld");
    CHECK_STR(r->s[1], "--port=3307");
  }

  /* SERVER_SHUTDOWN */
  memset(&ev, 0, sizeof ev);
  ev.shutdown_reason = 1;
  ev.exit_code = 3;
  dispatch(MYP_AUDIT_SERVER_SHUTDOWN, 0, &ev, NULL);
  CHECK_INT(called(), mysql_all);
  for (int id = P80A; id <= P57; id++) {
    CHECK_INT(find(id)->sub, 1);
    CHECK_INT(find(id)->n[0], 3);
    CHECK_INT(find(id)->n[1], 1);
  }

  /* COMMAND */
  memset(&ev, 0, sizeof ev);
  ev.error_code = 1064;
  ev.command_id = 3;
  dispatch(MYP_AUDIT_COMMAND, 1, &ev, NULL);
  CHECK_INT(called(), mysql_all);
  for (int id = P80A; id <= P57; id++) {
    CHECK_INT(find(id)->sub, 2);
    CHECK_INT(find(id)->n[0], 1064);
    CHECK_INT(find(id)->n[1], 42);
    CHECK_INT(find(id)->n[2], 3);
  }

  /* QUERY, every subclass */
  memset(&ev, 0, sizeof ev);
  ev.error_code = 0;
  ev.sql_command_id = 0;
  ev.query = "SELECT 1";
  for (int sub = 0; sub < 4; sub++) {
    ev.error_code = sub * 10;
    dispatch(MYP_AUDIT_QUERY, sub, &ev, NULL);
    CHECK_INT(called(), mysql_all);
    for (int id = P80A; id <= P57; id++) {
      CHECK_INT(find(id)->sub, 1u << sub);
      CHECK_INT(find(id)->n[0], sub * 10);
      CHECK_INT(find(id)->n[1], 42);
      CHECK_INT(find(id)->n[2], 0);
      CHECK_STR(find(id)->s[0], "SELECT 1");
    }
  }

  /* STORED_PROGRAM */
  memset(&ev, 0, sizeof ev);
  ev.sql_command_id = 88;
  ev.query = "CALL p()";
  ev.database = "shop";
  ev.table = "p";
  dispatch(MYP_AUDIT_STORED_PROGRAM, 0, &ev, NULL);
  CHECK_INT(called(), mysql_all);
  for (int id = P80A; id <= P57; id++) {
    struct rec *r = find(id);
    CHECK_INT(r->sub, 1);
    CHECK_INT(r->n[1], 42);
    CHECK_INT(r->n[2], 88);
    CHECK_STR(r->s[0], "CALL p()");
    CHECK_STR(r->s[1], "shop");
    CHECK_STR(r->s[2], "p");
    CHECK_INT(r->n[3], 0);
  }

  /* AUTHENTICATION: 8.0 only */
  memset(&ev, 0, sizeof ev);
  ev.status = 0;
  ev.sql_command_id = 83;
  ev.query = "RENAME USER a TO b";
  ev.account_user = "a";
  ev.account_host = "%";
  ev.auth_plugin = "caching_sha2_password";
  ev.new_user = "b";
  ev.new_host = "localhost";
  ev.is_role = 1;
  dispatch(MYP_AUDIT_AUTHENTICATION, 3, &ev, NULL);
  CHECK_INT(called(), B(P80A) | B(P80B));
  for (int id = P80A; id <= P80B; id++) {
    struct rec *r = find(id);
    CHECK_INT(r->sub, 8);
    CHECK_INT(r->n[0], 0);
    CHECK_INT(r->n[1], 42);
    CHECK_INT(r->n[2], 83);
    CHECK_STR(r->s[0], "RENAME USER a TO b");
    CHECK_STR(r->s[1], "a");
    CHECK_STR(r->s[2], "%");
    CHECK_STR(r->s[3], "caching_sha2_password");
    CHECK_STR(r->s[4], "b");
    CHECK_STR(r->s[5], "localhost");
    CHECK_INT(r->n[3], 1);
  }

  /* MESSAGE: 8.0 only */
  memset(&ev, 0, sizeof ev);
  ev.component = "comp";
  ev.producer = "prod";
  ev.message = "hello";
  ev.message_type = 2;
  dispatch(MYP_AUDIT_MESSAGE, 1, &ev, NULL);
  CHECK_INT(called(), B(P80A) | B(P80B));
  for (int id = P80A; id <= P80B; id++) {
    struct rec *r = find(id);
    CHECK_INT(r->sub, 2);
    CHECK_STR(r->s[0], "comp");
    CHECK_STR(r->s[1], "prod");
    CHECK_STR(r->s[2], "hello");
    CHECK_INT(r->n[0], 0);
    CHECK_INT(r->n[1], 0);
  }

  /* A 5.7 plugin never gets 11 or 12 whatever is past its 11 masks; a
     MariaDB plugin gets none of the MySQL-only classes. */
  for (int cls = 2; cls <= 12; cls++) {
    if (cls == 3) continue;
    dispatch(cls, 0, &ev, NULL);
    CHECK(!(called() & B(PMARIA)), "MariaDB plugin got class %d", cls);
    CHECK(!!(called() & B(P57)) == (cls <= 10), "5.7 plugin and class %d", cls);
    CHECK(called() & B(P80A), "8.0 plugin did not get class %d", cls);
  }
}

static void test_maria_table(void) {
  struct myp_event ev = {0};
  all_subscribed();
  thd.priv_user = NULL;
  ev.database = "shop";
  ev.table = "t";
  ev.new_database = "arch";
  ev.new_table = "t_old";
  ev.read_only = 1;
  for (int sub = 0; sub <= 4; sub++) {
    dispatch(MYP_AUDIT_MARIADB_TABLE, sub, &ev, NULL);
    CHECK_INT(called(), B(PMARIA));
    struct rec *m = find(PMARIA);
    CHECK_INT(m->sub, sub);
    CHECK_INT(m->n[1], 42);
    CHECK_STR(m->s[0], "alice");
    CHECK_STR(m->s[1], "alice");
    CHECK_STR(m->s[2], "localhost");
    CHECK_STR(m->s[3], "");
    CHECK_STR(m->s[4], "");
    CHECK_STR(m->s[5], "localhost");
    CHECK_STR(m->s[6], "127.0.0.1");
    CHECK_STR(m->s[7], "shop");
    CHECK_STR(m->s[8], "t");
    CHECK_STR(m->s[9], "arch");
    CHECK_STR(m->s[10], "t_old");
    CHECK_INT(m->n[2], 1);
    CHECK_INT(m->n[3], 99);
  }
  /* Not subscribed to class 15. */
  list.p[PMARIA].masks[0] = 3;
  dispatch(MYP_AUDIT_MARIADB_TABLE, 0, &ev, NULL);
  CHECK_INT(called(), 0);
}

static void test_parse(void) {
  struct myp_event ev = {0};
  int rc = -5;
  all_subscribed();
  rewriter = P80A;
  rewrite_to = "SELECT 2 /* rewritten */";
  ev.query = "SELECT 1";
  ev.parse_flags = 2; /* IS_PREPARED_STATEMENT */
  CHECK_INT(dispatch(MYP_AUDIT_PARSE, 0, &ev, &rc), -1);
  CHECK_INT(rc, 0);
  CHECK_INT(called(), B(P80A) | B(P80B) | B(P57));
  struct rec *a = find(P80A), *b = find(P80B), *c = find(P57);
  CHECK_INT(a->sub, 1);
  CHECK_INT(a->n[0], 2);
  CHECK_STR(a->s[0], "SELECT 1");
  CHECK_INT(a->n[1], 1);
  CHECK_INT(a->n[2], 1);
  CHECK_INT(b->n[0], 3);
  CHECK_STR(b->s[0], "SELECT 2 /* rewritten */");
  CHECK_INT(b->n[2], 1); /* the out-slot is empty again */
  CHECK_STR(c->s[0], "SELECT 2 /* rewritten */");
  CHECK_INT(ev.parse_flags, 3);
  CHECK(ev.rewritten_query != NULL && strcmp(ev.rewritten_query, "SELECT 2 /* rewritten */") == 0,
        "rewritten_query %s", ev.rewritten_query ? ev.rewritten_query : "(null)");

  /* A second rewrite replaces (and frees) the first; a rewrite without the
     flag is still taken, the flag is added and the plugin's buffer is left
     alone (a static string here). */
  rewriter = P57;
  rewrite_to = static_rewrite;
  rewriter_sets_flag = 0;
  ev.parse_flags = 0;
  ev.query = "SELECT 3";
  char *earlier = ev.rewritten_query;
  (void)earlier;
  dispatch(MYP_AUDIT_PARSE, 1, &ev, NULL);
  CHECK_INT(find(P80A)->sub, 2);
  CHECK_INT(find(P80A)->n[0], 0);
  CHECK_STR(find(P80A)->s[0], "SELECT 3");
  CHECK_STR(find(P57)->s[0], "SELECT 3");
  CHECK(ev.rewritten_query != NULL && strcmp(ev.rewritten_query, "SELECT 'static'") == 0, "rewritten_query %s",
        ev.rewritten_query ? ev.rewritten_query : "(null)");
  CHECK(ev.rewritten_query != static_rewrite, "rewritten_query is a copy");
  CHECK_INT(ev.parse_flags, 1);
  free(ev.rewritten_query);
  ev.rewritten_query = NULL;

  /* No rewrite: flags come back as the plugins left them. */
  rewriter = -1;
  ev.parse_flags = 2;
  dispatch(MYP_AUDIT_PARSE, 0, &ev, NULL);
  CHECK(ev.rewritten_query == NULL, "no rewrite");
  CHECK_INT(ev.parse_flags, 2);

  /* PARSE is abortable. */
  ret_of[P80B] = 5;
  CHECK_INT(dispatch(MYP_AUDIT_PARSE, 0, &ev, &rc), P80B);
  CHECK_INT(rc, 5);
}

static void test_abort(void) {
  struct myp_event ev = {0};
  int rc;
  all_subscribed();
  ret_of[P80A] = 0;
  ret_of[P80B] = 7;
  ret_of[P57] = 9;

  struct {
    int cls, sub, abortable;
  } cases[] = {
      {MYP_AUDIT_GENERAL, MYP_GENERAL_LOG, 1},
      {MYP_AUDIT_GENERAL, MYP_GENERAL_ERROR, 0},
      {MYP_AUDIT_GENERAL, MYP_GENERAL_RESULT, 0},
      {MYP_AUDIT_GENERAL, MYP_GENERAL_STATUS, 0},
      {MYP_AUDIT_CONNECTION, MYP_CONNECTION_CONNECT, 1},
      {MYP_AUDIT_CONNECTION, MYP_CONNECTION_DISCONNECT, 0},
      {MYP_AUDIT_CONNECTION, MYP_CONNECTION_CHANGE_USER, 1},
      {MYP_AUDIT_CONNECTION, MYP_CONNECTION_PRE_AUTHENTICATE, 1},
      {MYP_AUDIT_PARSE, 1, 1},
      {MYP_AUDIT_TABLE_ACCESS, 0, 1},
      {MYP_AUDIT_GLOBAL_VARIABLE, 0, 1},
      {MYP_AUDIT_SERVER_STARTUP, 0, 1},
      {MYP_AUDIT_SERVER_SHUTDOWN, 0, 0},
      {MYP_AUDIT_COMMAND, 1, 1},
      {MYP_AUDIT_QUERY, 2, 1},
      {MYP_AUDIT_STORED_PROGRAM, 0, 1},
      {MYP_AUDIT_AUTHENTICATION, 4, 1},
      {MYP_AUDIT_MESSAGE, 0, 1},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    rc = -5;
    int r = dispatch(cases[i].cls, cases[i].sub, &ev, &rc);
    /* Everyone subscribed is still called after a refusal. */
    CHECK(called() & B(P80A) && called() & B(P80B), "class %d sub %d: not all called", cases[i].cls, cases[i].sub);
    CHECK_INT(count(P80A), 1);
    CHECK_INT(count(P80B), 1);
    if (cases[i].cls <= 10) CHECK(called() & B(P57), "class %d: 5.7 plugin not called", cases[i].cls);
    if (cases[i].abortable) {
      CHECK(r == P80B && rc == 7, "class %d sub %d: refused %d rc %d, want 1 and 7", cases[i].cls, cases[i].sub, r,
            rc);
    } else {
      CHECK(r == -1 && rc == 0, "class %d sub %d: refused %d rc %d, want -1 and 0", cases[i].cls, cases[i].sub, r,
            rc);
    }
  }
  /* The first refuser in list order wins: P80A refuses too now. */
  ret_of[P80A] = -1;
  CHECK_INT(dispatch(MYP_AUDIT_QUERY, 0, &ev, &rc), P80A);
  CHECK_INT(rc, -1);
  CHECK_INT(called(), B(P80A) | B(P80B) | B(P57));
  /* Only the 5.7 plugin refuses. */
  ret_of[P80A] = 0;
  ret_of[P80B] = 0;
  CHECK_INT(dispatch(MYP_AUDIT_COMMAND, 0, &ev, &rc), P57);
  CHECK_INT(rc, 9);
  /* rc may be NULL. */
  CHECK_INT(dispatch(MYP_AUDIT_COMMAND, 0, &ev, NULL), P57);
  /* MariaDB plugins cannot refuse: only the MySQL ones count. */
  reset_list();
  add(P80A);
  add(P80B);
  add(P57);
  add(PMARIA)->masks[0] = ~0UL;
  CHECK_INT(dispatch(MYP_AUDIT_GENERAL, MYP_GENERAL_LOG, &ev, &rc), -1);
  CHECK_INT(rc, 0);
  CHECK_INT(called(), B(PMARIA));
}

static void test_rejects(void) {
  struct myp_event ev = {0};
  int rc;
  all_subscribed();
  ret_of[P80A] = 1;
  int bad_cls[] = {-1, MYP_AUDIT_AUTHORIZATION, 13, 14, 16, 31, 100};
  for (size_t i = 0; i < sizeof bad_cls / sizeof bad_cls[0]; i++) {
    rc = -5;
    CHECK_INT(dispatch(bad_cls[i], 0, &ev, &rc), -1);
    CHECK_INT(rc, 0);
    CHECK(called() == 0, "class %d delivered", bad_cls[i]);
  }
  int bad_sub[] = {-1, 32, 33, 1000};
  for (size_t i = 0; i < sizeof bad_sub / sizeof bad_sub[0]; i++) {
    rc = -5;
    CHECK_INT(dispatch(MYP_AUDIT_GENERAL, bad_sub[i], &ev, &rc), -1);
    CHECK_INT(rc, 0);
    CHECK(called() == 0, "subclass %d delivered", bad_sub[i]);
  }
  /* The highest bit is fine. */
  dispatch(MYP_AUDIT_QUERY, 31, &ev, NULL);
  CHECK_INT(find(P80A)->sub, 1u << 31);

  /* No THD: nothing is called, not even for startup and shutdown. */
  int classes[] = {MYP_AUDIT_GENERAL, MYP_AUDIT_CONNECTION, MYP_AUDIT_SERVER_STARTUP, MYP_AUDIT_SERVER_SHUTDOWN,
                   MYP_AUDIT_MARIADB_TABLE};
  for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++) {
    nrec = 0;
    rc = -5;
    myp_current_thd = &other;
    CHECK_INT(myp_audit_dispatch(&list, NULL, classes[i], 0, &ev, &rc), -1);
    CHECK_INT(rc, 0);
    CHECK_INT(nrec, 0);
    CHECK(myp_current_thd == &other, "myp_current_thd untouched");
  }
  /* An empty list. */
  reset_list();
  CHECK_INT(dispatch(MYP_AUDIT_GENERAL, 0, &ev, &rc), -1);
  CHECK_INT(nrec, 0);
}

int main(void) {
  thd.magic = MYP_THD_MAGIC;
  thd.thread_id = 42;
  thd.user = "alice";
  thd.host = "localhost";
  thd.ip = "127.0.0.1";
  thd.db = "shop";
  thd.query_id = 99;
  other.magic = MYP_THD_MAGIC;
  other.thread_id = 1;

  test_masks();
  test_general_connection();
  test_mysql_classes();
  test_maria_table();
  test_parse();
  test_abort();
  test_rejects();

  return check_summary("audit_test");
}
