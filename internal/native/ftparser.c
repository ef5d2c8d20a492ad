/*
 * Full-text parser plugins: the parameter, the default word splitter and
 * the word collector (see ftparser.h).
 */
#include "ftparser.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(sizeof(struct myp_ft_param) == 64, "MYSQL_FTPARSER_PARAM is 64 bytes");
_Static_assert(offsetof(struct myp_ft_param, mysql_ftparam) == 24, "mysql_ftparam at 24");
_Static_assert(offsetof(struct myp_ft_param, doc) == 40, "doc at 40");
_Static_assert(offsetof(struct myp_ft_param, mode) == 56, "mode at 56");

typedef int (*ft_fn)(struct myp_ft_param *);

/* MYSQL_FTPARSER_BOOLEAN_INFO token types. */
enum { FT_EOF = 0, FT_WORD = 1, FT_LEFT_PAREN = 2, FT_RIGHT_PAREN = 3, FT_STOPWORD = 4 };

struct myp_ft_result *myp_ft_result_new(void) { return calloc(1, sizeof(struct myp_ft_result)); }

void myp_ft_result_free(struct myp_ft_result *r) {
  if (r == NULL) return;
  free(r->words);
  free(r->text);
  free(r->docs);
  free(r);
}

static int grow(void **p, size_t *cap, size_t need, size_t elem) {
  if (need <= *cap) return 0;
  size_t n = *cap ? *cap : 64;
  while (n < need) n *= 2;
  void *q = realloc(*p, n * elem);
  if (q == NULL) return 1;
  *p = q;
  *cap = n;
  return 0;
}

static int get_int(const char *info, int off) {
  int v;
  memcpy(&v, info + off, sizeof v);
  return v;
}

/* param->mysql_add_word: records the word and its boolean info. A word
   that lies in the document and still has the caller's bytes (the parser
   may write into its copy) is recorded by position only (text = -1): Go
   takes it from its own string. Any other word's bytes are copied. */
static int collect_word(struct myp_ft_param *param, char *word, int len, void *boolean_info) {
  struct myp_ft_result *r = param->mysql_ftparam;
  if (r == NULL || len < 0 || (word == NULL && len > 0)) return 1;
  size_t capw = (size_t)r->capwords;
  if (grow((void **)&r->words, &capw, (size_t)r->nwords + 1, sizeof(struct myp_ft_word)) ||
      grow((void **)&r->text, &r->captext, r->ntext + (size_t)len + 1, 1)) {
    r->nomem = 1;
    return 1;
  }
  r->capwords = (int)capw;
  struct myp_ft_word *w = &r->words[r->nwords++];
  memset(w, 0, sizeof *w);
  w->doc = r->cur_doc;
  w->len = len;
  uintptr_t a = (uintptr_t)word, b = (uintptr_t)r->cur_ptr;
  int inside = word != NULL && a >= b && a + (uintptr_t)len <= b + (uintptr_t)r->cur_len;
  if (inside && r->cur_orig != NULL && memcmp(word, r->cur_orig + (a - b), (size_t)len) == 0) {
    w->text = -1;
  } else {
    w->text = (int)r->ntext;
    if (len > 0) memcpy(r->text + r->ntext, word, (size_t)len);
    r->ntext += (size_t)len;
    r->text[r->ntext] = '\0';
  }
  const struct myp_ft_layout *l = r->layout;
  w->info_pos = -1;
  if (boolean_info != NULL) {
    const char *in = boolean_info;
    void *quot;
    w->has_info = 1;
    w->type = get_int(in, l->type);
    w->yesno = get_int(in, l->yesno);
    w->weight_adjust = get_int(in, l->weight_adjust);
    w->wasign = in[l->wasign];
    w->trunc = in[l->trunc];
    w->prev = in[l->prev];
    memcpy(&quot, in + l->quot, sizeof quot);
    w->quot = quot != NULL;
    if (l->position >= 0) w->info_pos = get_int(in, l->position);
  }
  if (inside)
    w->pos = (int)(a - b);
  else
    w->pos = w->info_pos;
  return 0;
}

/* Bytes of a word for the default splitter: ASCII letters and digits,
   '_', and every byte of a multi-byte UTF-8 sequence. */
static int word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

/* Writes a MYSQL_FTPARSER_BOOLEAN_INFO in the server's layout. */
static void put_info(char *buf, const struct myp_ft_layout *l, int type, int yesno, int weight, char wasign,
                     char trunc, int position, char prev, char *quot) {
  memset(buf, 0, (size_t)l->size);
  memcpy(buf + l->type, &type, sizeof type);
  memcpy(buf + l->yesno, &yesno, sizeof yesno);
  memcpy(buf + l->weight_adjust, &weight, sizeof weight);
  buf[l->wasign] = wasign;
  buf[l->trunc] = trunc;
  if (l->position >= 0) memcpy(buf + l->position, &position, sizeof position);
  buf[l->prev] = prev;
  memcpy(buf + l->quot, &quot, sizeof quot);
}

/*
 * The server's default word splitter, written for the host: a word is a
 * run of word bytes (see word_byte), with a single apostrophe allowed
 * between two word bytes ("don't"). It applies no minimum or maximum word
 * length and no stopword list, and knows no character set (param->cs is
 * NULL). Every word goes to param->mysql_add_word with a boolean info
 * (type FT_TOKEN_WORD, position = offset in doc).
 *
 * In MYSQL_FTPARSER_FULL_BOOLEAN_INFO mode it also reads the boolean
 * query syntax: at the start of a term '+' sets yesno 1, '-' yesno -1,
 * '>' and '<' raise and lower weight_adjust, '~' flips wasign; '(' and
 * ')' are FT_TOKEN_LEFT_PAREN / FT_TOKEN_RIGHT_PAREN tokens of length 0;
 * '"' opens and closes a phrase (its words carry quot, pointing at the
 * opening quote); a '*' right after a word sets trunc. prev is the byte
 * before the term, ' ' at the start of the document.
 */
int myp_ft_default_parse(struct myp_ft_param *param, char *doc, int doc_len) {
  struct myp_ft_result *r = param->mysql_ftparam;
  struct myp_ft_layout fallback = {0, 4, 8, 12, 13, 16, 20, 24, 32};
  const struct myp_ft_layout *l = r != NULL && r->layout != NULL ? r->layout : &fallback;
  char info[64];
  int boolean = param->mode == 2;
  int yesno = 0, weight = 0;
  char wasign = 0, prev = ' ';
  char *quot = NULL;
  if (doc == NULL || doc_len <= 0) return 0;
  for (int i = 0; i < doc_len;) {
    unsigned char c = (unsigned char)doc[i];
    if (word_byte(c)) {
      int start = i;
      while (i < doc_len) {
        if (word_byte((unsigned char)doc[i])) {
          i++;
        } else if (doc[i] == '\'' && i + 1 < doc_len && i > start && word_byte((unsigned char)doc[i + 1]) &&
                   doc[i - 1] != '\'') {
          i++;
        } else {
          break;
        }
      }
      char trunc = 0;
      if (boolean && i < doc_len && doc[i] == '*') trunc = 1;
      put_info(info, l, FT_WORD, boolean ? yesno : 0, boolean ? weight : 0, boolean ? wasign : 0, trunc, start,
               start > 0 ? doc[start - 1] : ' ', boolean ? quot : NULL);
      if (param->mysql_add_word(param, doc + start, i - start, info)) return 1;
      if (trunc) i++;
      yesno = weight = 0;
      wasign = 0;
      prev = i > 0 ? doc[i - 1] : ' ';
      continue;
    }
    if (boolean) {
      int term_start = prev == ' ' || prev == '(' || prev == '"';
      int token = -1;
      if (c == '(' && quot == NULL) token = FT_LEFT_PAREN;
      else if (c == ')' && quot == NULL) token = FT_RIGHT_PAREN;
      else if (c == '"' && quot == NULL) {
        quot = doc + i;
        token = FT_LEFT_PAREN;
      } else if (c == '"') {
        token = FT_RIGHT_PAREN;
      } else if (term_start && c == '+') yesno = 1;
      else if (term_start && c == '-') yesno = -1;
      else if (term_start && c == '>') weight++;
      else if (term_start && c == '<') weight--;
      else if (term_start && c == '~') wasign = (char)!wasign;
      if (token >= 0) {
        put_info(info, l, token, yesno, weight, wasign, 0, i, i > 0 ? doc[i - 1] : ' ', quot);
        if (param->mysql_add_word(param, doc + i, 0, info)) return 1;
        if (token == FT_RIGHT_PAREN && c == '"') quot = NULL;
        yesno = weight = 0;
        wasign = 0;
        prev = (char)c;
        i++;
        continue;
      }
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        yesno = weight = 0;
        wasign = 0;
        prev = ' ';
      } else {
        prev = (char)c;
      }
      if (c == '+' || c == '-' || c == '>' || c == '<' || c == '~') prev = ' '; /* operators chain */
      i++;
      continue;
    }
    i++;
  }
  return 0;
}

static void set_param(struct myp_ft_param *param, struct myp_ft_result *r, int mode) {
  param->mysql_parse = myp_ft_default_parse;
  param->mysql_add_word = collect_word;
  param->mysql_ftparam = r;
  param->cs = NULL;
  param->flags = 0;
  param->mode = mode;
}

int myp_ft_run(const struct myp_ft_parser *p, struct myp_thd *thd, const char *docs, const int *lens, int ndocs,
               int mode, struct myp_ft_result *r) {
  size_t total = 0;
  for (int i = 0; i < ndocs; i++) total += (size_t)lens[i] + 1;
  r->nwords = 0;
  r->ntext = 0;
  r->stage = MYP_FT_OK;
  r->rc = 0;
  r->failed_doc = -1;
  r->nomem = 0;
  r->layout = &p->layout;
  if (grow((void **)&r->docs, &r->capdocs, total + 1, 1) ||
      grow((void **)&r->text, &r->captext, 1, 1)) {
    r->stage = MYP_FT_NOMEM;
    return r->stage;
  }
  /* The parser may write into doc (it is char *): it gets copies. */
  const char *orig = docs; /* the caller's bytes, for words left in place */
  size_t off = 0;
  for (int i = 0; i < ndocs; i++) {
    memcpy(r->docs + off, docs, (size_t)lens[i]);
    r->docs[off + (size_t)lens[i]] = '\0';
    docs += lens[i];
    off += (size_t)lens[i] + 1;
  }
  struct myp_ft_param param;
  memset(&param, 0, sizeof param);
  set_param(&param, r, mode);
  struct myp_thd *saved = myp_current_thd;
  myp_current_thd = thd;
  if (p->init != NULL) {
    int rc = ((ft_fn)p->init)(&param);
    if (rc != 0) {
      r->stage = MYP_FT_INIT;
      r->rc = rc;
      myp_current_thd = saved;
      return r->stage;
    }
  }
  off = 0;
  for (int i = 0; i < ndocs; i++) {
    /* The servers set the parameter up again before every document. */
    set_param(&param, r, mode);
    param.doc = r->docs + off;
    param.length = lens[i];
    r->cur_doc = i;
    r->cur_ptr = param.doc;
    r->cur_orig = orig;
    r->cur_len = lens[i];
    int rc = ((ft_fn)p->parse)(&param);
    off += (size_t)lens[i] + 1;
    orig += lens[i];
    if (r->nomem) {
      r->stage = MYP_FT_NOMEM;
      break;
    }
    if (rc != 0) {
      r->stage = MYP_FT_PARSE;
      r->rc = rc;
      r->failed_doc = i;
      break;
    }
  }
  if (p->deinit != NULL) ((ft_fn)p->deinit)(&param);
  myp_current_thd = saved;
  r->cur_ptr = NULL;
  r->cur_orig = NULL;
  return r->stage;
}

int myp_ft_bench_c(const struct myp_ft_parser *p, struct myp_thd *thd, const char *doc, int len, int mode,
                   long long iters) {
  struct myp_ft_result *r = myp_ft_result_new();
  int n = 0;
  if (r == NULL) return -1;
  for (long long i = 0; i < iters; i++) {
    myp_ft_run(p, thd, doc, &len, 1, mode, r);
    n = r->nwords;
  }
  myp_ft_result_free(r);
  return n;
}
