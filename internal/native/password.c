/*
 * Password validation support: see password.h.
 */
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "password.h"

typedef int (*int3_fn)(void *, void *, void *);

int myp_call_int3_thd(void *fn, void *a, void *b, void *c, void *thd) {
  struct myp_thd *saved = myp_current_thd;
  myp_current_thd = (struct myp_thd *)thd;
  int rc = ((int3_fn)fn)(a, b, c);
  myp_current_thd = saved;
  return rc;
}

/* Must stay the layout of the mysql_string service's handle in
   svc_misc.c (struct mstring): the service's functions read it. */
struct password_string {
  char *s;
  size_t len;
};

void *myp_password_string_new(const char *s, size_t len) {
  struct password_string *h = calloc(1, sizeof *h);
  if (h == NULL) return NULL;
  h->s = malloc(len + 1);
  if (h->s == NULL) {
    free(h);
    return NULL;
  }
  if (len > 0) memcpy(h->s, s, len);
  h->s[len] = '\0';
  h->len = len;
  return h;
}

void myp_password_string_free(void *h) {
  struct password_string *p = h;
  if (p != NULL) free(p->s);
  free(p);
}
