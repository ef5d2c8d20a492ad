/*
 * myplugload clean-room plugin headers: counted strings used by services
 * and audit events.
 */
#ifndef MYPLUGLOAD_MYSQL_LEX_STRING_H
#define MYPLUGLOAD_MYSQL_LEX_STRING_H

#include <stddef.h>

/* LP64: str 0, length 8; sizeof 16. Not necessarily NUL-terminated. */
struct MYSQL_LEX_STRING {
  char *str;
  size_t length;
};
typedef struct MYSQL_LEX_STRING MYSQL_LEX_STRING;

struct MYSQL_LEX_CSTRING {
  const char *str;
  size_t length;
};
typedef struct MYSQL_LEX_CSTRING MYSQL_LEX_CSTRING;

/* 5.x spelling of the tag. */
#define st_mysql_lex_string MYSQL_LEX_STRING

#endif /* MYPLUGLOAD_MYSQL_LEX_STRING_H */
