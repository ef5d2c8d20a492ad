/*
 * The host side of full-text parser plugins (st_mysql_ftparser): the
 * MYSQL_FTPARSER_PARAM a parser receives, the server's default word
 * splitter behind param->mysql_parse, and a collector behind
 * param->mysql_add_word that gathers words in C so they cross into Go
 * once per statement.
 */
#ifndef MYPLUGLOAD_NATIVE_FTPARSER_H
#define MYPLUGLOAD_NATIVE_FTPARSER_H

#include <stddef.h>

#include "host.h"

/* Offsets of the MYSQL_FTPARSER_BOOLEAN_INFO members in the emulated
   server's layout, from mysqlabi (MySQL 5.7+ has position, MySQL 5.5/5.6
   and MariaDB do not: position is then -1). */
struct myp_ft_layout {
  int type, yesno, weight_adjust, wasign, trunc, position, prev, quot, size;
};

/* MYSQL_FTPARSER_PARAM: the same 64-byte layout (LP64) in every server. */
struct myp_ft_param {
  int (*mysql_parse)(struct myp_ft_param *param, char *doc, int doc_len);
  int (*mysql_add_word)(struct myp_ft_param *param, char *word, int word_len, void *boolean_info);
  void *ftparser_state;
  void *mysql_ftparam; /* the host's: the struct myp_ft_result collecting words */
  const void *cs;      /* CHARSET_INFO: NULL, the host has none */
  char *doc;
  int length;
  int flags;
  int mode; /* enum_ftparser_mode: 0 simple, 1 with stopwords, 2 full boolean info */
};

/* A parser: the descriptor's functions and the server's info layout. */
struct myp_ft_parser {
  void *parse, *init, *deinit;
  struct myp_ft_layout layout;
};

/* One word a parser added. */
struct myp_ft_word {
  int doc;      /* index of the document in the run */
  int text;     /* offset of the word's bytes in the result's text arena, or
                   -1: the bytes are the caller's document's at pos */
  int len;      /* its length */
  int pos;      /* byte offset in the document when the word points into it,
                   else the info's position (when the layout has one), else -1 */
  int has_info; /* the parser passed a MYSQL_FTPARSER_BOOLEAN_INFO */
  int type, yesno, weight_adjust;
  int info_pos; /* info->position, -1 in layouts without it */
  char wasign, trunc, prev, quot; /* quot: info->quot was not NULL */
};

/* Where a run stopped. */
enum { MYP_FT_OK = 0, MYP_FT_INIT = 1, MYP_FT_PARSE = 2, MYP_FT_NOMEM = 3 };

/* The words of one run, reusable from run to run (capacity is kept). */
struct myp_ft_result {
  struct myp_ft_word *words;
  int nwords, capwords;
  char *text;
  size_t ntext, captext;
  char *docs; /* the documents' copies the parser reads (each NUL-terminated) */
  size_t capdocs;
  int stage;      /* MYP_FT_* */
  int rc;         /* the failing function's return code */
  int failed_doc; /* the document parse failed on */
  /* during a run */
  const struct myp_ft_layout *layout;
  int cur_doc;
  const char *cur_ptr;
  const char *cur_orig; /* the caller's bytes of the current document */
  int cur_len;
  int nomem;
};

struct myp_ft_result *myp_ft_result_new(void);
void myp_ft_result_free(struct myp_ft_result *r);

/* Runs a parser as the servers do for one statement: init once, parse
   each of the ndocs documents (concatenated in docs, lengths in lens),
   deinit at the end (only after a successful init). thd is the session's
   THD, current_thd during the calls. Returns r->stage. */
int myp_ft_run(const struct myp_ft_parser *p, struct myp_thd *thd, const char *docs, const int *lens, int ndocs,
               int mode, struct myp_ft_result *r);

/* The server's default word splitter (param->mysql_parse). */
int myp_ft_default_parse(struct myp_ft_param *param, char *doc, int doc_len);

/* Benchmark baseline: iters runs of one document, in C. Returns the words
   of the last run. */
int myp_ft_bench_c(const struct myp_ft_parser *p, struct myp_thd *thd, const char *doc, int len, int mode,
                   long long iters);

#endif
