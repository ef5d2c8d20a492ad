/*
 * my_snprintf_service: MariaDB's printf dialect (see svc_format.h for the
 * behaviour). Written for myplugload from the documented behaviour; the
 * numeric and floating-point digits come from the C library where handy,
 * padding, truncation and the return value are done here.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include "svc_format.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Highest argument number a positional format may use. */
#define FMT_MAX_ARGS 64

/* Flags. */
#define FMT_F_MINUS 1u
#define FMT_F_ZERO 2u
#define FMT_F_PLUS 4u
#define FMT_F_SPACE 8u
#define FMT_F_HASH 16u
#define FMT_F_QUOTE 32u

enum fmt_len { FMT_LEN_NONE, FMT_LEN_HH, FMT_LEN_H, FMT_LEN_L, FMT_LEN_LL,
               FMT_LEN_Z, FMT_LEN_J, FMT_LEN_T, FMT_LEN_BIGL };

/* Argument types, as fetched with va_arg. 0 means "not known". */
enum fmt_type { FMT_T_UNKNOWN, FMT_T_INT, FMT_T_UINT, FMT_T_LONG,
                FMT_T_ULONG, FMT_T_LLONG, FMT_T_ULLONG, FMT_T_SIZE,
                FMT_T_INTMAX, FMT_T_UINTMAX, FMT_T_PTRDIFF, FMT_T_PTR,
                FMT_T_DOUBLE, FMT_T_LDOUBLE };

union fmt_arg {
  long long i;          /* signed integer types */
  unsigned long long u; /* unsigned integer types */
  const void *p;
  double d;
  long double ld;
};

struct fmt_spec {
  int argpos;    /* value's argument number, 0 = the next one */
  unsigned flags;
  int width;     /* -1: none */
  int width_arg; /* 0: none, -1: '*' (next argument), >0: '*N$' */
  int prec;      /* -1: none */
  int prec_arg;  /* as width_arg */
  int bad;       /* an argument number out of range */
  int dollar;    /* uses N$ somewhere */
  enum fmt_len len;
  char conv;
};

struct fmt_out {
  char *buf;
  size_t cap; /* bytes that may be written, the NUL excluded */
  size_t len;
};

struct fmt_args {
  int positional;
  va_list ap; /* sequential mode: fetched as the conversions come */
  union fmt_arg vals[FMT_MAX_ARGS + 1];
  unsigned char types[FMT_MAX_ARGS + 1];
};

static void fmt_put(struct fmt_out *o, const char *s, size_t n) {
  size_t room = o->cap - o->len;
  if (n > room)
    n = room;
  if (n > 0) {
    memcpy(o->buf + o->len, s, n);
    o->len += n;
  }
}

static void fmt_fill(struct fmt_out *o, char c, size_t n) {
  size_t room = o->cap - o->len;
  if (n > room)
    n = room;
  if (n > 0) {
    memset(o->buf + o->len, c, n);
    o->len += n;
  }
}

/* Digits at *pp, clamped to INT_MAX; advances *pp. */
static int fmt_number(const char **pp) {
  const char *p = *pp;
  long v = 0;
  while (*p >= '0' && *p <= '9') {
    if (v <= INT_MAX)
      v = v * 10 + (*p - '0');
    p++;
  }
  *pp = p;
  return v > INT_MAX ? INT_MAX : (int)v;
}

/* '*' or '*N$' at *pp (after the '*'): the argument reference. */
static int fmt_star(const char **pp, struct fmt_spec *s) {
  const char *q = *pp;
  if (*q >= '0' && *q <= '9') {
    int v = fmt_number(&q);
    if (*q == '$') {
      *pp = q + 1;
      s->dollar = 1;
      if (v < 1 || v > FMT_MAX_ARGS)
        s->bad = 1;
      return v;
    }
  }
  return -1;
}

/* Parses the conversion after a '%'. Returns the character after it, or
   NULL when the format ends first. */
static const char *fmt_parse(const char *p, struct fmt_spec *s) {
  memset(s, 0, sizeof *s);
  s->width = -1;
  s->prec = -1;

  if (*p >= '1' && *p <= '9') { /* N$ */
    const char *q = p;
    int v = fmt_number(&q);
    if (*q == '$') {
      s->argpos = v;
      s->dollar = 1;
      if (v > FMT_MAX_ARGS)
        s->bad = 1;
      p = q + 1;
    }
  }
  for (;; p++) {
    if (*p == '-')
      s->flags |= FMT_F_MINUS;
    else if (*p == '0')
      s->flags |= FMT_F_ZERO;
    else if (*p == '+')
      s->flags |= FMT_F_PLUS;
    else if (*p == ' ')
      s->flags |= FMT_F_SPACE;
    else if (*p == '#')
      s->flags |= FMT_F_HASH;
    else if (*p == '`')
      s->flags |= FMT_F_QUOTE;
    else
      break;
  }
  if (*p == '*') {
    p++;
    s->width_arg = fmt_star(&p, s);
  } else if (*p >= '1' && *p <= '9') {
    s->width = fmt_number(&p);
  }
  if (*p == '.') {
    p++;
    if (*p == '*') {
      p++;
      s->prec_arg = fmt_star(&p, s);
    } else {
      s->prec = fmt_number(&p); /* "." alone is precision 0 */
    }
  }
  switch (*p) {
  case 'h':
    p++;
    s->len = FMT_LEN_H;
    if (*p == 'h') {
      p++;
      s->len = FMT_LEN_HH;
    }
    break;
  case 'l':
    p++;
    s->len = FMT_LEN_L;
    if (*p == 'l') {
      p++;
      s->len = FMT_LEN_LL;
    }
    break;
  case 'z':
    p++;
    s->len = FMT_LEN_Z;
    break;
  case 'j':
    p++;
    s->len = FMT_LEN_J;
    break;
  case 't':
    p++;
    s->len = FMT_LEN_T;
    break;
  case 'L':
    p++;
    s->len = FMT_LEN_BIGL;
    break;
  default:
    break;
  }
  if (*p == '\0')
    return NULL;
  s->conv = *p;
  return p + 1;
}

static int fmt_known(char c) {
  return c != '\0' && strchr("diuxXocspbTMfFeEgG", c) != NULL;
}

static enum fmt_type fmt_value_type(const struct fmt_spec *s) {
  switch (s->conv) {
  case 'd':
  case 'i':
    switch (s->len) {
    case FMT_LEN_L: return FMT_T_LONG;
    case FMT_LEN_LL: return FMT_T_LLONG;
    case FMT_LEN_Z: return FMT_T_SIZE;
    case FMT_LEN_J: return FMT_T_INTMAX;
    case FMT_LEN_T: return FMT_T_PTRDIFF;
    default: return FMT_T_INT;
    }
  case 'u':
  case 'x':
  case 'X':
  case 'o':
    switch (s->len) {
    case FMT_LEN_L: return FMT_T_ULONG;
    case FMT_LEN_LL: return FMT_T_ULLONG;
    case FMT_LEN_Z: return FMT_T_SIZE;
    case FMT_LEN_J: return FMT_T_UINTMAX;
    case FMT_LEN_T: return FMT_T_PTRDIFF;
    default: return FMT_T_UINT;
    }
  case 'c':
  case 'M':
    return FMT_T_INT;
  case 's':
  case 'b':
  case 'T':
  case 'p':
    return FMT_T_PTR;
  default: /* f F e E g G */
    return s->len == FMT_LEN_BIGL ? FMT_T_LDOUBLE : FMT_T_DOUBLE;
  }
}

static int fmt_type_signed(int t) {
  return t == FMT_T_INT || t == FMT_T_LONG || t == FMT_T_LLONG ||
         t == FMT_T_INTMAX || t == FMT_T_PTRDIFF;
}

/* Gives argument numbers to '*' and to the value of conversions that
   did not name theirs, in the order C fetches them. */
static void fmt_resolve(struct fmt_spec *s, int *seq) {
  if (s->width_arg < 0)
    s->width_arg = ++*seq;
  if (s->prec_arg < 0)
    s->prec_arg = ++*seq;
  if (s->argpos == 0)
    s->argpos = ++*seq;
}

static void fmt_fetch(va_list *ap, int type, union fmt_arg *out) {
  union fmt_arg a;
  memset(&a, 0, sizeof a);
  switch (type) {
  case FMT_T_UINT: a.u = va_arg(*ap, unsigned int); break;
  case FMT_T_LONG: a.i = va_arg(*ap, long); break;
  case FMT_T_ULONG: a.u = va_arg(*ap, unsigned long); break;
  case FMT_T_LLONG: a.i = va_arg(*ap, long long); break;
  case FMT_T_ULLONG: a.u = va_arg(*ap, unsigned long long); break;
  case FMT_T_SIZE: a.u = va_arg(*ap, size_t); break;
  case FMT_T_INTMAX: a.i = va_arg(*ap, intmax_t); break;
  case FMT_T_UINTMAX: a.u = va_arg(*ap, uintmax_t); break;
  case FMT_T_PTRDIFF: a.i = va_arg(*ap, ptrdiff_t); break;
  case FMT_T_PTR: a.p = va_arg(*ap, const void *); break;
  case FMT_T_DOUBLE: a.d = va_arg(*ap, double); break;
  case FMT_T_LDOUBLE: a.ld = va_arg(*ap, long double); break;
  default: a.i = va_arg(*ap, int); break; /* INT and unknown */
  }
  *out = a;
}

static void fmt_get(struct fmt_args *a, int pos, int type,
                    union fmt_arg *out) {
  if (a->positional)
    *out = a->vals[pos];
  else
    fmt_fetch(&a->ap, type, out);
}

static void fmt_note_type(struct fmt_args *a, int pos, int type, int *max) {
  if (pos < 1 || pos > FMT_MAX_ARGS)
    return;
  if (a->types[pos] == FMT_T_UNKNOWN)
    a->types[pos] = (unsigned char)type;
  if (pos > *max)
    *max = pos;
}

/* Pass over a format that uses N$: records each argument's type, then
   fetches them all in order. Mirrors the conversion loop's decisions. */
static void fmt_fetch_positional(struct fmt_args *a, const char *fmt,
                                 va_list ap) {
  int seq = 0, max = 0;
  const char *p = fmt;
  while ((p = strchr(p, '%')) != NULL) {
    struct fmt_spec s;
    const char *end = fmt_parse(p + 1, &s);
    if (end == NULL)
      break;
    p = end;
    if (s.conv == '%' || !fmt_known(s.conv) || s.bad)
      continue;
    fmt_resolve(&s, &seq);
    if (s.width_arg > FMT_MAX_ARGS || s.prec_arg > FMT_MAX_ARGS ||
        s.argpos > FMT_MAX_ARGS)
      continue;
    if (s.width_arg > 0)
      fmt_note_type(a, s.width_arg, FMT_T_INT, &max);
    if (s.prec_arg > 0)
      fmt_note_type(a, s.prec_arg, FMT_T_INT, &max);
    fmt_note_type(a, s.argpos, fmt_value_type(&s), &max);
  }
  va_list cp;
  va_copy(cp, ap);
  for (int i = 1; i <= max; i++)
    fmt_fetch(&cp, a->types[i], &a->vals[i]);
  va_end(cp);
}

static int fmt_uses_dollar(const char *fmt) {
  const char *p = fmt;
  while ((p = strchr(p, '%')) != NULL) {
    struct fmt_spec s;
    const char *end = fmt_parse(p + 1, &s);
    if (end == NULL)
      return 0;
    if (s.dollar && s.conv != '%' && fmt_known(s.conv))
      return 1;
    p = end;
  }
  return 0;
}

/* Writes prefix, zeros and body, padded to width with spaces (left or
   right) and, with the 0 flag (zero_ok), with zeros after the prefix. */
static void fmt_emit(struct fmt_out *o, unsigned flags, int width,
                     int zero_ok, const char *prefix, size_t plen,
                     size_t zeros, const char *body, size_t blen) {
  size_t total = plen + zeros + blen, pad = 0;
  if (width > 0 && (size_t)width > total)
    pad = (size_t)width - total;
  if (pad && !(flags & FMT_F_MINUS) && (flags & FMT_F_ZERO) && zero_ok) {
    zeros += pad;
    pad = 0;
  }
  if (!(flags & FMT_F_MINUS))
    fmt_fill(o, ' ', pad);
  fmt_put(o, prefix, plen);
  fmt_fill(o, '0', zeros);
  fmt_put(o, body, blen);
  if (flags & FMT_F_MINUS)
    fmt_fill(o, ' ', pad);
}

static void fmt_integer(struct fmt_out *o, const struct fmt_spec *s,
                        unsigned flags, int width, int prec,
                        const union fmt_arg *v, int type) {
  char conv = s->conv;
  unsigned long long u;
  const char *prefix = "";
  size_t plen = 0;

  if (conv == 'd' || conv == 'i') {
    long long x = fmt_type_signed(type) ? v->i : (long long)v->u;
    if (s->len == FMT_LEN_HH)
      x = (signed char)x;
    else if (s->len == FMT_LEN_H)
      x = (short)x;
    if (x < 0) {
      u = 0ULL - (unsigned long long)x;
      prefix = "-";
      plen = 1;
    } else {
      u = (unsigned long long)x;
      if (flags & FMT_F_PLUS) {
        prefix = "+";
        plen = 1;
      } else if (flags & FMT_F_SPACE) {
        prefix = " ";
        plen = 1;
      }
    }
  } else {
    u = fmt_type_signed(type) ? (unsigned long long)v->i : v->u;
    if (s->len == FMT_LEN_HH)
      u = (unsigned char)u;
    else if (s->len == FMT_LEN_H)
      u = (unsigned short)u;
  }

  unsigned base = 10;
  const char *digits = "0123456789abcdef";
  if (conv == 'o') {
    base = 8;
  } else if (conv == 'x' || conv == 'X' || conv == 'p') {
    base = 16;
    if (conv == 'X')
      digits = "0123456789ABCDEF";
    if (conv == 'p') {
      prefix = "0x";
      plen = 2;
    } else if ((flags & FMT_F_HASH) && u != 0) {
      prefix = conv == 'X' ? "0X" : "0x";
      plen = 2;
    }
  }

  char buf[72];
  size_t pos = sizeof buf;
  for (unsigned long long w = u; w != 0; w /= base)
    buf[--pos] = digits[w % base];
  size_t ndig = sizeof buf - pos, zeros = 0;
  if (prec >= 0) {
    if ((size_t)prec > ndig)
      zeros = (size_t)prec - ndig;
  } else if (ndig == 0) {
    zeros = 1; /* 0 */
  }
  if (conv == 'o' && (flags & FMT_F_HASH) && zeros == 0 &&
      (ndig == 0 || buf[pos] != '0'))
    zeros = 1;
  fmt_emit(o, flags, width, prec < 0, prefix, plen, zeros, buf + pos, ndig);
}

static void fmt_float(struct fmt_out *o, const struct fmt_spec *s,
                      unsigned flags, int width, int prec,
                      const union fmt_arg *v) {
  char f[16], small[128];
  size_t k = 0;
  f[k++] = '%';
  if (flags & FMT_F_PLUS)
    f[k++] = '+';
  if (flags & FMT_F_SPACE)
    f[k++] = ' ';
  if (flags & FMT_F_HASH)
    f[k++] = '#';
  if (prec >= 0) {
    f[k++] = '.';
    f[k++] = '*';
  }
  if (s->len == FMT_LEN_BIGL)
    f[k++] = 'L';
  f[k++] = s->conv;
  f[k] = '\0';

  char *body = small;
  int r;
  for (int pass = 0; pass < 2; pass++) {
    size_t size = body == small ? sizeof small : (size_t)r + 1;
    if (s->len == FMT_LEN_BIGL)
      r = prec >= 0 ? snprintf(body, size, f, prec, v->ld)
                    : snprintf(body, size, f, v->ld);
    else
      r = prec >= 0 ? snprintf(body, size, f, prec, v->d)
                    : snprintf(body, size, f, v->d);
    if (r < 0) {
      r = 0;
      break;
    }
    if ((size_t)r < size)
      break;
    body = malloc((size_t)r + 1);
    if (body == NULL) { /* keep what fitted */
      body = small;
      r = (int)sizeof small - 1;
      break;
    }
  }
  size_t plen = 0;
  if (r > 0 && (body[0] == '-' || body[0] == '+' || body[0] == ' '))
    plen = 1;
  /* zero padding only for numbers, not inf/nan */
  int zero_ok = (size_t)r > plen && body[plen] >= '0' && body[plen] <= '9';
  fmt_emit(o, flags, width, zero_ok, body, plen, 0, body + plen,
           (size_t)r - plen);
  if (body != small)
    free(body);
}

static size_t fmt_count_backticks(const char *s, size_t n) {
  size_t c = 0;
  for (size_t i = 0; i < n; i++)
    c += s[i] == '`';
  return c;
}

/* s[0..n) with every backtick doubled. */
static void fmt_put_quoted(struct fmt_out *o, const char *s, size_t n) {
  size_t start = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '`') {
      fmt_put(o, s + start, i + 1 - start);
      fmt_put(o, "`", 1);
      start = i + 1;
    }
  }
  fmt_put(o, s + start, n - start);
}

static void fmt_string(struct fmt_out *o, const struct fmt_spec *s,
                       unsigned flags, int width, int prec, const char *str) {
  size_t len, dots = 0;
  int raw = s->conv == 'b' && prec >= 0 && str != NULL;
  if (str == NULL)
    str = "(null)";
  if (raw) {
    len = (size_t)prec; /* raw bytes, NULs included */
  } else {
    len = prec >= 0 ? strnlen(str, (size_t)prec) : strlen(str);
    if (s->conv == 'T' && prec >= 0 && len == (size_t)prec &&
        str[len] != '\0') { /* cut: end in "..." within the precision */
      dots = prec < 3 ? (size_t)prec : 3;
      len = (size_t)prec - dots;
    }
  }
  size_t total = len + dots;
  if (flags & FMT_F_QUOTE)
    total += 2 + fmt_count_backticks(str, len);
  size_t pad = width > 0 && (size_t)width > total ? (size_t)width - total : 0;
  if (!(flags & FMT_F_MINUS))
    fmt_fill(o, ' ', pad);
  if (flags & FMT_F_QUOTE) {
    fmt_put(o, "`", 1);
    fmt_put_quoted(o, str, len);
    fmt_put(o, "...", dots);
    fmt_put(o, "`", 1);
  } else {
    fmt_put(o, str, len);
    fmt_put(o, "...", dots);
  }
  if (flags & FMT_F_MINUS)
    fmt_fill(o, ' ', pad);
}

/* strerror text without touching shared buffers. */
static const char *fmt_strerror(int err, char *buf, size_t size) {
#if defined(__GLIBC__) && defined(__USE_GNU)
  return strerror_r(err, buf, size); /* GNU variant */
#else
  if (strerror_r(err, buf, size) != 0)
    snprintf(buf, size, "Unknown error %d", err);
  return buf;
#endif
}

static void fmt_errno(struct fmt_out *o, unsigned flags, int width, int err) {
  char text[256], line[300];
  const char *msg = fmt_strerror(err, text, sizeof text);
  int r = snprintf(line, sizeof line, "%d \"%s\"", err, msg);
  if (r < 0)
    r = 0;
  if ((size_t)r >= sizeof line)
    r = (int)sizeof line - 1;
  fmt_emit(o, flags, width, 0, "", 0, 0, line, (size_t)r);
}

size_t myp_vsnprintf(char *to, size_t n, const char *fmt, va_list ap) {
  struct fmt_out o;
  o.buf = to;
  o.cap = n > 0 ? n - 1 : 0;
  o.len = 0;
  if (n == 0 || to == NULL)
    return 0;
  if (fmt == NULL)
    fmt = "(null)";

  struct fmt_args args, *a = &args;
  a->positional = fmt_uses_dollar(fmt);
  if (a->positional) {
    memset(a->types, 0, sizeof a->types);
    fmt_fetch_positional(a, fmt, ap);
  } else {
    va_copy(a->ap, ap);
  }

  int seq = 0;
  const char *p = fmt;
  while (*p != '\0' && o.len < o.cap) {
    if (*p != '%') {
      const char *q = strchr(p, '%');
      size_t l = q ? (size_t)(q - p) : strlen(p);
      fmt_put(&o, p, l);
      p += l;
      continue;
    }
    struct fmt_spec s;
    const char *end = fmt_parse(p + 1, &s);
    if (end == NULL) { /* format ends inside a conversion: copy it */
      fmt_put(&o, p, strlen(p));
      break;
    }
    if (s.conv == '%') {
      fmt_put(&o, "%", 1);
      p = end;
      continue;
    }
    if (!fmt_known(s.conv) || s.bad) {
      fmt_put(&o, p, (size_t)(end - p));
      p = end;
      continue;
    }
    fmt_resolve(&s, &seq);
    if (a->positional && (s.width_arg > FMT_MAX_ARGS ||
                          s.prec_arg > FMT_MAX_ARGS ||
                          s.argpos > FMT_MAX_ARGS)) {
      fmt_put(&o, p, (size_t)(end - p));
      p = end;
      continue;
    }
    p = end;

    unsigned flags = s.flags;
    int width = s.width, prec = s.prec;
    if (s.width_arg > 0) {
      union fmt_arg wa;
      fmt_get(a, s.width_arg, FMT_T_INT, &wa);
      int w = (int)wa.i;
      if (w < 0) {
        flags |= FMT_F_MINUS;
        w = w == INT_MIN ? INT_MAX : -w;
      }
      width = w;
    }
    if (s.prec_arg > 0) {
      union fmt_arg pa;
      fmt_get(a, s.prec_arg, FMT_T_INT, &pa);
      int pr = (int)pa.i;
      prec = pr < 0 ? -1 : pr;
    }
    int type = fmt_value_type(&s);
    union fmt_arg v;
    fmt_get(a, s.argpos, type, &v);
    if (a->positional)
      type = a->types[s.argpos]; /* the type it was fetched with */

    switch (s.conv) {
    case 'd':
    case 'i':
    case 'u':
    case 'x':
    case 'X':
    case 'o':
    case 'p':
      if (s.conv == 'p') {
        v.u = (unsigned long long)(uintptr_t)v.p;
        type = FMT_T_ULLONG;
      }
      fmt_integer(&o, &s, flags, width, prec, &v, type);
      break;
    case 'c': {
      char c = (char)v.i;
      fmt_emit(&o, flags, width, 0, "", 0, 0, &c, 1);
      break;
    }
    case 's':
    case 'b':
    case 'T':
      fmt_string(&o, &s, flags, width, prec, (const char *)v.p);
      break;
    case 'M':
      fmt_errno(&o, flags, width, (int)v.i);
      break;
    default:
      fmt_float(&o, &s, flags, width, prec, &v);
      break;
    }
  }

  if (!a->positional)
    va_end(a->ap);
  to[o.len] = '\0';
  return o.len;
}

size_t myp_snprintf(char *to, size_t n, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  size_t r = myp_vsnprintf(to, n, fmt, ap);
  va_end(ap);
  return r;
}

const struct my_snprintf_service_st myp_my_snprintf_handler = {
    myp_snprintf,
    myp_vsnprintf,
};
