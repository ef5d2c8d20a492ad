/*
 * example_ftparser.c - example MySQL-ABI full-text parser plugin for
 * myplugload.
 *
 * A FTPARSER plugin (st_mysql_ftparser, API 0x0101) that splits a document
 * on a configurable set of separator bytes:
 *
 *   - system variable <name>_separators (string, default " ,.;"): the bytes
 *     that end a word. It is read in init(), once per parser parameter
 *     (per statement), into a lookup table kept in param->ftparser_state,
 *     so a SET GLOBAL takes effect from the next statement on. An empty
 *     value hands each document to the server's own parser
 *     (param->mysql_parse), whose words are not counted here;
 *   - status variables <name>_documents and <name>_words: documents
 *     parsed and words handed to the server, since the library was loaded;
 *   - every word goes to param->mysql_add_word with a
 *     MYSQL_FTPARSER_BOOLEAN_INFO (type FT_TOKEN_WORD, position = byte
 *     offset in the document). In MYSQL_FTPARSER_FULL_BOOLEAN_INFO mode a
 *     leading '+' or '-' becomes yesno 1 or -1 (and is not part of the
 *     word) and a trailing '*' sets trunc.
 *
 * parse() may run on several sessions at once: the counters are updated
 * atomically and the per-statement state lives in the parameter.
 *
 * Build switches (used by the host's tests):
 *   EXAMPLE_FTPARSER_NAME     plugin name (default "example_ftparser")
 *   EXAMPLE_FTPARSER_VERSION  descriptor version (default 0x0101)
 *   EXAMPLE_FTPARSER_NO_PARSE parse is NULL in the descriptor
 *   EXAMPLE_FTPARSER_FAULTS   parse returns 1 for a document starting with
 *                             "!fail", init returns 1 when the separators
 *                             are "!init"
 * The same source builds for the 8.0 and (-DMYPLUGLOAD_ABI_57) the 5.5-5.7
 * generation.
 */

#include <stdlib.h>
#include <string.h>

#include <mysql/plugin.h>
#include <mysql/plugin_ftparser.h>

#ifndef EXAMPLE_FTPARSER_NAME
#define EXAMPLE_FTPARSER_NAME "example_ftparser"
#endif
#ifndef EXAMPLE_FTPARSER_VERSION
#define EXAMPLE_FTPARSER_VERSION MYSQL_FTPARSER_INTERFACE_VERSION
#endif

/* ------------------------------------------------------------------ */
/* System and status variables                                         */
/* ------------------------------------------------------------------ */

static char example_separators_default[] = " ,.;";
static char *separators = NULL; /* MEMALLOC: the host owns the string */

static MYSQL_SYSVAR_STR(separators, separators,
                        PLUGIN_VAR_RQCMDARG | PLUGIN_VAR_MEMALLOC,
                        "Bytes that separate words (read once per statement)",
                        NULL, NULL, example_separators_default);

static SYS_VAR *example_ftparser_system_vars[] = {MYSQL_SYSVAR(separators),
                                                  NULL};

static long long example_documents = 0; /* documents parsed */
static long long example_words = 0;     /* words handed to the server */

static SHOW_VAR example_ftparser_status[] = {
    {EXAMPLE_FTPARSER_NAME "_documents", (char *)&example_documents,
     SHOW_LONGLONG, SHOW_SCOPE_GLOBAL},
    {EXAMPLE_FTPARSER_NAME "_words", (char *)&example_words, SHOW_LONGLONG,
     SHOW_SCOPE_GLOBAL},
    {NULL, NULL, SHOW_UNDEF, SHOW_SCOPE_UNDEF}};

/* ------------------------------------------------------------------ */
/* Parser                                                              */
/* ------------------------------------------------------------------ */

/* Per-parameter state: which bytes separate words; none at all (an
   empty separators value) hands the document to the server's own parser. */
struct example_state {
  int builtin;
  unsigned char sep[256];
};

static int example_init(MYSQL_FTPARSER_PARAM *param) {
  struct example_state *st;
  const char *s = separators != NULL ? separators : example_separators_default;

#ifdef EXAMPLE_FTPARSER_FAULTS
  if (strcmp(s, "!init") == 0) return 1;
#endif
  st = (struct example_state *)calloc(1, sizeof(*st));
  if (st == NULL) return 1;
  st->builtin = *s == '\0';
  for (; *s != '\0'; s++) st->sep[(unsigned char)*s] = 1;
  param->ftparser_state = st;
  return 0;
}

static int example_deinit(MYSQL_FTPARSER_PARAM *param) {
  free(param->ftparser_state);
  param->ftparser_state = NULL;
  return 0;
}

/* Hands one word to the server, with its boolean info. */
static int example_add(MYSQL_FTPARSER_PARAM *param, char *start, char *end) {
  MYSQL_FTPARSER_BOOLEAN_INFO info;
  char *doc = param->doc;

  memset(&info, 0, sizeof(info));
  info.type = FT_TOKEN_WORD;
  info.prev = start > doc ? start[-1] : ' ';
  if (param->mode == MYSQL_FTPARSER_FULL_BOOLEAN_INFO) {
    if (*start == '+' || *start == '-') {
      info.yesno = *start == '+' ? 1 : -1;
      start++;
    }
    if (end > start && end[-1] == '*') {
      info.trunc = 1;
      end--;
    }
    if (end == start) return 0; /* a lone operator */
  }
  info.position = (int)(start - doc);
  __atomic_fetch_add(&example_words, 1, __ATOMIC_RELAXED);
  return param->mysql_add_word(param, start, (int)(end - start), &info);
}

#ifdef EXAMPLE_FTPARSER_NO_PARSE
__attribute__((unused))
#endif
static int example_parse(MYSQL_FTPARSER_PARAM *param) {
  struct example_state *st = (struct example_state *)param->ftparser_state;
  char *p = param->doc, *end = param->doc + param->length, *word = NULL;

#ifdef EXAMPLE_FTPARSER_FAULTS
  if (param->length >= 5 && memcmp(param->doc, "!fail", 5) == 0) return 1;
#endif
  if (st == NULL) return 1; /* init was not called */
  __atomic_fetch_add(&example_documents, 1, __ATOMIC_RELAXED);
  if (st->builtin) return param->mysql_parse(param, param->doc, param->length);
  for (; p < end; p++) {
    if (st->sep[(unsigned char)*p]) {
      if (word != NULL && example_add(param, word, p) != 0) return 1;
      word = NULL;
    } else if (word == NULL) {
      word = p;
    }
  }
  if (word != NULL && example_add(param, word, end) != 0) return 1;
  return 0;
}

/* ------------------------------------------------------------------ */
/* Declaration                                                         */
/* ------------------------------------------------------------------ */

static struct st_mysql_ftparser example_ftparser_info = {
    EXAMPLE_FTPARSER_VERSION, /* interface_version */
#ifdef EXAMPLE_FTPARSER_NO_PARSE
    NULL, /* parse */
#else
    example_parse, /* parse */
#endif
    example_init,  /* init */
    example_deinit /* deinit */
};

mysql_declare_plugin(example_ftparser){
    MYSQL_FTPARSER_PLUGIN,  /* type */
    &example_ftparser_info, /* info */
    EXAMPLE_FTPARSER_NAME,  /* name */
    "myplugload",           /* author */
    "Example full-text parser: words end at configurable separator bytes",
    PLUGIN_LICENSE_GPL, /* license */
    NULL,               /* init */
    MYPLUGLOAD_CHECK_UNINSTALL(NULL) /* check_uninstall (8.0 only) */
    NULL,                            /* deinit */
    0x0100,                          /* version: 1.0 */
    example_ftparser_status,         /* status_vars */
    example_ftparser_system_vars,    /* system_vars */
    NULL,                            /* __reserved1 */
    0,                               /* flags */
} mysql_declare_plugin_end;
