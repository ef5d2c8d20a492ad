/*
 * bench_host.c - the C baseline host for myplugload's benchmarks.
 *
 * A plain C program that does, on the same plugin libraries, the work the
 * Go host does on each benchmarked path, with nothing else around it:
 *
 *   load_cycle   dlopen example_daemon.so, read its declarations
 *                (_mysql_plugin_declarations_, stride from
 *                _mysql_sizeof_struct_st_plugin_), set the my_plugin_log
 *                service pointer if the library has one, init and deinit
 *                every declaration, dlclose.
 *   audit_probe  one MySQL 0x0401 PARSE PREPARSE event to every plugin of
 *                audit_probe.so whose class mask subscribes (MYPLUGLOAD_TRACE
 *                unset: the plugin still formats its trace line).
 *   ft_parse_10mb  a 10 MiB text through example_ftparser.so: copy the
 *                document (the parser may write into it), init, parse,
 *                deinit, every word and its boolean info collected into a
 *                growing array (capacity kept between operations).
 *   show_func    SHOW STATUS LIKE 'example_daemon_func_calls': walk the
 *                plugin's SHOW_VAR array, call the SHOW_FUNC, render the
 *                returned SHOW_LONGLONG as text.
 *
 *   server_audit  with a third argument, Debian's server_audit.so writing
 *                its log for one statement (bench_server_audit.c: the
 *                library imports mysqld's symbols, so this path runs on the
 *                Go host's own C side, linked in and exported).
 *
 * Output is Go benchmark format, one line per path:
 *   BenchmarkC/<path>  <N>  <ns> ns/op  [<MB/s> MB/s]
 *
 * Usage: bench_host <build/cplugins dir> [benchtime seconds, default 1]
 *                   [server_audit.so]
 */
#define _POSIX_C_SOURCE 200809L

#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mysql/plugin.h>
#include <mysql/plugin_audit.h>
#include <mysql/plugin_ftparser.h>
#include <mysql/service_my_plugin_log.h>

#include "bench.h"

static double benchtime = 1.0;
static char dir[4096];

void die(const char *what, const char *detail) {
  fprintf(stderr, "bench_host: %s: %s\n", what, detail ? detail : "");
  exit(1);
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Runs fn(ctx, n) with growing n until it lasts benchtime, as testing.B. */
void bench(const char *name, void (*fn)(void *, long), void *ctx, long bytes) {
  long n = 1;
  double el;
  for (;;) {
    double t0 = now();
    fn(ctx, n);
    el = now() - t0;
    if (el >= benchtime || n >= 1000000000L) break;
    double want = el > 0 ? benchtime * 1.2 * (double)n / el : (double)n * 100;
    long next = (long)want;
    if (next > n * 100) next = n * 100;
    if (next <= n) next = n + 1;
    n = next;
  }
  double ns = el * 1e9 / (double)n;
  printf("BenchmarkC/%s\t%ld\t%.1f ns/op", name, n, ns);
  if (bytes > 0) printf("\t%.2f MB/s", (double)bytes * (double)n / el / 1e6);
  printf("\n");
  fflush(stdout);
}

/* ------------------------------------------------------------------ */
/* Libraries and declarations                                          */
/* ------------------------------------------------------------------ */

struct lib {
  void *h;
  char *decls; /* first st_mysql_plugin */
  int stride;  /* the library's sizeof(struct st_mysql_plugin) */
};

/* Our my_plugin_log service: the messages are dropped. */
static int log_message(MYSQL_PLUGIN *plugin, enum plugin_log_level level, const char *format, ...) {
  (void)plugin;
  (void)level;
  (void)format;
  return 0;
}
static struct my_plugin_log_service log_service = {log_message};

static int lib_open(struct lib *l, const char *file) {
  char path[4300];
  snprintf(path, sizeof path, "%s/%s", dir, file);
  l->h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (l->h == NULL) die("dlopen", dlerror());
  int *iv = dlsym(l->h, "_mysql_plugin_interface_version_");
  int *sz = dlsym(l->h, "_mysql_sizeof_struct_st_plugin_");
  l->decls = dlsym(l->h, "_mysql_plugin_declarations_");
  if (iv == NULL || sz == NULL || l->decls == NULL) die("not a plugin library", path);
  if ((*iv >> 8) != (MYSQL_PLUGIN_INTERFACE_VERSION >> 8) || *sz != (int)sizeof(struct st_mysql_plugin))
    die("unexpected plugin ABI", path);
  l->stride = *sz;
  struct my_plugin_log_service **svc = dlsym(l->h, "my_plugin_log_service");
  if (svc != NULL) *svc = &log_service;
  return 0;
}

static struct st_mysql_plugin *decl(struct lib *l, int i) {
  return (struct st_mysql_plugin *)(void *)(l->decls + (size_t)i * (size_t)l->stride);
}

static struct st_mysql_plugin *find(struct lib *l, const char *name) {
  for (int i = 0; decl(l, i)->info != NULL; i++)
    if (decl(l, i)->name != NULL && strcmp(decl(l, i)->name, name) == 0) return decl(l, i);
  die("no declaration", name);
  return NULL;
}

/* The MYSQL_PLUGIN handle each plugin gets (the Go host's is its own). */
static char plugin_handle[64];

/* ------------------------------------------------------------------ */
/* load_cycle                                                          */
/* ------------------------------------------------------------------ */

static void load_cycle(void *ctx, long n) {
  (void)ctx;
  for (long k = 0; k < n; k++) {
    struct lib l;
    lib_open(&l, "examples/example_daemon.so");
    for (int i = 0; decl(&l, i)->info != NULL; i++) {
      struct st_mysql_plugin *p = decl(&l, i);
      if (p->init != NULL && p->init((MYSQL_PLUGIN)plugin_handle) != 0) die("init failed", p->name);
      if (p->deinit != NULL && p->deinit((MYSQL_PLUGIN)plugin_handle) != 0) die("deinit failed", p->name);
    }
    if (dlclose(l.h) != 0) die("dlclose", dlerror());
  }
}

/* ------------------------------------------------------------------ */
/* audit_probe                                                         */
/* ------------------------------------------------------------------ */

struct subscriber {
  int (*notify)(MYSQL_THD, mysql_event_class_t, const void *);
  unsigned long mask;
};

struct audit_ctx {
  struct subscriber subs[8];
  struct st_mysql_plugin *inited[8]; /* the plugins init ran for */
  int nsubs;
  char thd[256];
};

static void audit_probe(void *ctx, long n) {
  struct audit_ctx *a = ctx;
  static const char q[] = "SELECT 1";
  for (long k = 0; k < n; k++) {
    int flags = 0;
    MYSQL_LEX_CSTRING rw = {NULL, 0};
    struct mysql_event_parse ev;
    memset(&ev, 0, sizeof ev);
    ev.event_subclass = MYSQL_AUDIT_PARSE_PREPARSE;
    ev.flags = &flags;
    ev.query.str = q;
    ev.query.length = sizeof q - 1;
    ev.rewritten_query = &rw;
    for (int i = 0; i < a->nsubs; i++) {
      if (!(a->subs[i].mask & MYSQL_AUDIT_PARSE_PREPARSE)) continue;
      if (a->subs[i].notify((MYSQL_THD)a->thd, MYSQL_AUDIT_PARSE_CLASS, &ev) != 0) break;
    }
    if (flags & MYSQL_AUDIT_PARSE_REWRITE_PLUGIN_QUERY_REWRITTEN) free((void *)rw.str);
  }
}

/* ------------------------------------------------------------------ */
/* ft_parse_10mb                                                       */
/* ------------------------------------------------------------------ */

struct word {
  size_t text; /* offset in the collected text */
  int len, pos, type, yesno, weight_adjust, position;
  char wasign, trunc, prev, quot;
};

struct ft_ctx {
  struct st_mysql_ftparser *parser;
  const char *doc;
  int len;
  char *copy;
  struct word *words;
  size_t nwords, capwords;
  char *text;
  size_t ntext, captext;
  int nomem;
};

static int add_word(MYSQL_FTPARSER_PARAM *param, char *w, int len, MYSQL_FTPARSER_BOOLEAN_INFO *info) {
  struct ft_ctx *f = param->mysql_ftparam;
  if (len < 0) return 1;
  if (f->nwords == f->capwords) {
    size_t c = f->capwords ? f->capwords * 2 : 64;
    void *p = realloc(f->words, c * sizeof *f->words);
    if (p == NULL) return f->nomem = 1;
    f->words = p;
    f->capwords = c;
  }
  if (f->ntext + (size_t)len + 1 > f->captext) {
    size_t c = f->captext ? f->captext : 64;
    while (c < f->ntext + (size_t)len + 1) c *= 2;
    void *p = realloc(f->text, c);
    if (p == NULL) return f->nomem = 1;
    f->text = p;
    f->captext = c;
  }
  struct word *o = &f->words[f->nwords++];
  o->text = f->ntext;
  o->len = len;
  memcpy(f->text + f->ntext, w, (size_t)len);
  f->ntext += (size_t)len;
  f->text[f->ntext++] = '\0';
  o->pos = (int)(w - param->doc);
  if (info != NULL) {
    o->type = info->type;
    o->yesno = info->yesno;
    o->weight_adjust = info->weight_adjust;
    o->wasign = info->wasign;
    o->trunc = info->trunc;
    o->position = info->position;
    o->prev = info->prev;
    o->quot = info->quot != NULL;
  }
  return 0;
}

/* param->mysql_parse: the example parser calls it only with empty
   separators (not the case here); a whitespace splitter suffices. */
static int default_parse(MYSQL_FTPARSER_PARAM *param, char *doc, int len) {
  MYSQL_FTPARSER_BOOLEAN_INFO info;
  memset(&info, 0, sizeof info);
  info.type = FT_TOKEN_WORD;
  for (int i = 0; i < len;) {
    while (i < len && doc[i] == ' ') i++;
    int s = i;
    while (i < len && doc[i] != ' ') i++;
    if (i > s) {
      info.position = s;
      if (param->mysql_add_word(param, doc + s, i - s, &info)) return 1;
    }
  }
  return 0;
}

static void ft_parse(void *ctx, long n) {
  struct ft_ctx *f = ctx;
  for (long k = 0; k < n; k++) {
    MYSQL_FTPARSER_PARAM param;
    f->nwords = f->ntext = 0;
    memcpy(f->copy, f->doc, (size_t)f->len);
    f->copy[f->len] = '\0';
    memset(&param, 0, sizeof param);
    param.mysql_parse = default_parse;
    param.mysql_add_word = add_word;
    param.mysql_ftparam = f;
    param.mode = MYSQL_FTPARSER_SIMPLE_MODE;
    if (f->parser->init != NULL && f->parser->init(&param) != 0) die("ftparser init", "");
    param.doc = f->copy;
    param.length = f->len;
    if (f->parser->parse(&param) != 0 || f->nomem) die("ftparser parse", "");
    if (f->parser->deinit != NULL) f->parser->deinit(&param);
  }
}

/* The benchmark text: "word<i>, text.<7i>; " repeated up to 10 MiB (the
   Go benchmark builds the same bytes). */
static char *ft_text(int size) {
  char *b = malloc((size_t)size + 32);
  int used = 0;
  if (b == NULL) die("malloc", "");
  for (long i = 0; used < size; i++) used += sprintf(b + used, "word%ld, text.%ld; ", i, i * 7);
  return b; /* the first size bytes are the text */
}

/* ------------------------------------------------------------------ */
/* show_func                                                           */
/* ------------------------------------------------------------------ */

struct show_ctx {
  SHOW_VAR *vars;
  char thd[256];
  char out[64];
  long long last;
};

static void show_func(void *ctx, long n) {
  struct show_ctx *s = ctx;
  for (long k = 0; k < n; k++) {
    for (SHOW_VAR *v = s->vars; v->name != NULL; v++) {
      if (strcmp(v->name, "example_daemon_func_calls") != 0) continue;
      char buff[1024];
      SHOW_VAR tmp = *v;
      int (*fn)(MYSQL_THD, SHOW_VAR *, char *);
      memcpy(&fn, &(uintptr_t){(uintptr_t)v->value}, sizeof fn);
      if (v->type != SHOW_FUNC || fn((MYSQL_THD)s->thd, &tmp, buff) != 0 || tmp.type != SHOW_LONGLONG)
        die("show_func", v->name);
      memcpy(&s->last, tmp.value, sizeof s->last);
      snprintf(s->out, sizeof s->out, "%lld", s->last);
    }
  }
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: bench_host <build/cplugins dir> [benchtime seconds] [server_audit.so]\n");
    return 2;
  }
  snprintf(dir, sizeof dir, "%s", argv[1]);
  if (argc > 2) benchtime = atof(argv[2]);
  if (argc > 3) bench_server_audit(argv[3]);
  unsetenv("MYPLUGLOAD_TRACE");

  bench("load_cycle", load_cycle, NULL, 0);

  struct lib al;
  struct audit_ctx actx;
  memset(&actx, 0, sizeof actx);
  lib_open(&al, "fixtures/audit_probe.so");
  for (int i = 0; decl(&al, i)->info != NULL && actx.nsubs < 8; i++) {
    struct st_mysql_plugin *p = decl(&al, i);
    if (p->type != MYSQL_AUDIT_PLUGIN) continue;
    if (p->init != NULL && p->init((MYSQL_PLUGIN)plugin_handle) != 0) die("init failed", p->name);
    struct st_mysql_audit *info = p->info;
    if (info->interface_version >> 8 != MYSQL_AUDIT_INTERFACE_VERSION >> 8) die("audit version", p->name);
    actx.inited[actx.nsubs] = p;
    actx.subs[actx.nsubs].notify = info->event_notify;
    actx.subs[actx.nsubs].mask = info->class_mask[MYSQL_AUDIT_PARSE_CLASS];
    actx.nsubs++;
  }
  bench("audit_probe", audit_probe, &actx, 0);

  struct lib fl;
  struct ft_ctx fctx;
  memset(&fctx, 0, sizeof fctx);
  lib_open(&fl, "examples/example_ftparser.so");
  struct st_mysql_plugin *fp = find(&fl, "example_ftparser");
  if (fp->type != MYSQL_FTPARSER_PLUGIN) die("not a full-text parser", fp->name);
  if (fp->init != NULL && fp->init((MYSQL_PLUGIN)plugin_handle) != 0) die("init failed", fp->name);
  fctx.parser = fp->info;
  fctx.len = 10 << 20;
  fctx.doc = ft_text(fctx.len);
  fctx.copy = malloc((size_t)fctx.len + 1);
  if (fctx.copy == NULL) die("malloc", "");
  ft_parse(&fctx, 1);
  fprintf(stderr, "bench_host: ft_parse_10mb: %zu words per document\n", fctx.nwords);
  bench("ft_parse_10mb", ft_parse, &fctx, fctx.len);

  struct lib dl;
  struct show_ctx sctx;
  memset(&sctx, 0, sizeof sctx);
  lib_open(&dl, "examples/example_daemon.so");
  struct st_mysql_plugin *dp = find(&dl, "example_daemon");
  if (dp->init != NULL && dp->init((MYSQL_PLUGIN)plugin_handle) != 0) die("init failed", dp->name);
  sctx.vars = dp->status_vars;
  show_func(&sctx, 1);
  if (sctx.last < 1) die("show_func", "the counter did not move");
  bench("show_func", show_func, &sctx, 0);

  /* Everything back, as the Go host does on Close: deinit, dlclose,
     free (make test-asan runs this host under LeakSanitizer). */
  for (int i = 0; i < actx.nsubs; i++)
    if (actx.inited[i]->deinit != NULL) actx.inited[i]->deinit((MYSQL_PLUGIN)plugin_handle);
  if (fp->deinit != NULL) fp->deinit((MYSQL_PLUGIN)plugin_handle);
  if (dp->deinit != NULL) dp->deinit((MYSQL_PLUGIN)plugin_handle);
  if (dlclose(al.h) != 0 || dlclose(fl.h) != 0 || dlclose(dl.h) != 0) die("dlclose", dlerror());
  free(fctx.words);
  free(fctx.text);
  free((char *)fctx.doc);
  free(fctx.copy);
  return 0;
}
