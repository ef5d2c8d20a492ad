/*
 * Password validation support for the host (password.c): the calls into
 * validation plugins with the session as current_thd, and the
 * mysql_string handles MySQL's VALIDATE PASSWORD plugins read.
 */
#ifndef MYPLUGLOAD_NATIVE_PASSWORD_H
#define MYPLUGLOAD_NATIVE_PASSWORD_H

#include <stddef.h>

/* fn(a, b, c) returning int, with thd as the thread's current session:
   MariaDB's validate_password(user, password, host). */
int myp_call_int3_thd(void *fn, void *a, void *b, void *c, void *thd);

/* A mysql_string handle holding a copy of s[0..len), in the
   representation of the host's mysql_string service (svc_misc.c); NULL
   when out of memory. Free it with myp_password_string_free. */
void *myp_password_string_new(const char *s, size_t len);
void myp_password_string_free(void *h);

#endif
