/*
 * myplugload clean-room plugin headers: FULLTEXT parser plugins, API 0x0101
 * (MySQL 5.7, 8.0; 5.5/5.6 used 0x0100 without `position`).
 */
#ifndef MYPLUGLOAD_MYSQL_PLUGIN_FTPARSER_H
#define MYPLUGLOAD_MYSQL_PLUGIN_FTPARSER_H

#include "mysql/abi_generation.h"
#include "mysql/plugin.h"

#define MYSQL_FTPARSER_INTERFACE_VERSION 0x0101

/* MYSQL_FTPARSER_PARAM.mode */
enum enum_ftparser_mode {
  MYSQL_FTPARSER_SIMPLE_MODE = 0,       /* plain word list */
  MYSQL_FTPARSER_WITH_STOPWORDS = 1,    /* stopwords passed too */
  MYSQL_FTPARSER_FULL_BOOLEAN_INFO = 2  /* boolean-mode query syntax */
};

enum enum_ft_token_type {
  FT_TOKEN_EOF = 0,
  FT_TOKEN_WORD = 1,
  FT_TOKEN_LEFT_PAREN = 2,
  FT_TOKEN_RIGHT_PAREN = 3,
  FT_TOKEN_STOPWORD = 4
};

/* LP64: type 0, yesno 4, weight_adjust 8, wasign 12, trunc 13,
   position 16, prev 20, quot 24; sizeof 32. */
typedef struct MYSQL_FTPARSER_BOOLEAN_INFO {
  enum enum_ft_token_type type;
  int yesno;
  int weight_adjust;
  char wasign;
  char trunc;
  int position;
  char prev;
  char *quot;
} MYSQL_FTPARSER_BOOLEAN_INFO;

/* MYSQL_FTPARSER_PARAM.flags: doc is only valid during the call; copy
   words that must outlive it. */
#define MYSQL_FTFLAGS_NEED_COPY 1

MYPLUGLOAD_C_BEGIN

/* LP64: mysql_parse 0, mysql_add_word 8, ftparser_state 16,
   mysql_ftparam 24, cs 32, doc 40, length 48, flags 52, mode 56;
   sizeof 64. */
typedef struct MYSQL_FTPARSER_PARAM {
  int (*mysql_parse)(struct MYSQL_FTPARSER_PARAM *param, char *doc,
                     int doc_len);
  int (*mysql_add_word)(struct MYSQL_FTPARSER_PARAM *param, char *word,
                        int word_len,
                        MYSQL_FTPARSER_BOOLEAN_INFO *boolean_info);
  void *ftparser_state;
  void *mysql_ftparam;
  const CHARSET_INFO *cs;
  char *doc;
  int length;
  int flags;
  enum enum_ftparser_mode mode;
} MYSQL_FTPARSER_PARAM;

struct st_mysql_ftparser {
  int interface_version;
  int (*parse)(MYSQL_FTPARSER_PARAM *param);
  int (*init)(MYSQL_FTPARSER_PARAM *param);
  int (*deinit)(MYSQL_FTPARSER_PARAM *param);
};

MYPLUGLOAD_C_END

#ifdef MYPLUGLOAD_LP64
MYPLUGLOAD_STATIC_ASSERT(sizeof(MYSQL_FTPARSER_BOOLEAN_INFO) == 32,
                         "MYSQL_FTPARSER_BOOLEAN_INFO must be 32 bytes");
MYPLUGLOAD_STATIC_ASSERT(offsetof(MYSQL_FTPARSER_BOOLEAN_INFO, position) == 16,
                         "MYSQL_FTPARSER_BOOLEAN_INFO.position at 16");
MYPLUGLOAD_STATIC_ASSERT(sizeof(MYSQL_FTPARSER_PARAM) == 64,
                         "MYSQL_FTPARSER_PARAM must be 64 bytes");
MYPLUGLOAD_STATIC_ASSERT(offsetof(MYSQL_FTPARSER_PARAM, mode) == 56,
                         "MYSQL_FTPARSER_PARAM.mode at 56");
#endif

#endif /* MYPLUGLOAD_MYSQL_PLUGIN_FTPARSER_H */
