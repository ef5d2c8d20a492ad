/*
 * Tests for the host's C services that internal/native cannot test from
 * C: the MariaDB printf dialect (svc_format.c), logger_service
 * (svc_logger.c) and base64_service (svc_base64.c). The sources are
 * included directly, so their static helpers are reachable too.
 *
 * Prints "format_test: N passed, 0 failed" and exits 0, or every failure
 * and exits 1.
 */
#define _POSIX_C_SOURCE 200809L

#include "../../internal/native/svc_format.c"
#include "../../internal/native/svc_logger.c"
#include "../../internal/native/svc_base64.c"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

/* Printable rendering of n bytes (NULs and controls escaped). */
static const char *show(const char *s, size_t n) {
  static char bufs[4][1024];
  static int which;
  char *out = bufs[which++ % 4];
  size_t k = 0;
  for (size_t i = 0; i < n && k + 8 < sizeof bufs[0]; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 32 && c < 127 && c != '\\')
      out[k++] = (char)c;
    else
      k += (size_t)snprintf(out + k, 8, "\\x%02x", c);
  }
  out[k] = '\0';
  return out;
}

#define SENTINEL 'Z'
#define BUFSZ 512

/* Checks one formatted result: exactly want_len bytes, the return value,
   the NUL after them and no byte written past it. */
static void check_out(int line, const char *buf, size_t r, const char *want,
                      size_t want_len, size_t n) {
  int ok = r == want_len && memcmp(buf, want, want_len) == 0;
  if (ok && n > 0)
    ok = buf[r] == '\0';
  for (size_t i = n > 0 ? r + 1 : 0; ok && i < BUFSZ; i++)
    ok = buf[i] == SENTINEL;
  if (ok) {
    passed++;
  } else {
    failed++;
    printf("FAIL %s:%d: got [%s] (returned %zu), want [%s] (%zu)\n",
           __FILE__, line, show(buf, r < BUFSZ ? r : BUFSZ), r,
           show(want, want_len), want_len);
  }
}

/* FMT(n, "want", "fmt", args...): myp_snprintf into a BUFSZ buffer with
   size n. FMTB is the same with an explicit expected length. */
#define FMTB(n, want, want_len, ...)                                          \
  do {                                                                        \
    char b_[BUFSZ];                                                           \
    memset(b_, SENTINEL, sizeof b_);                                          \
    size_t r_ = myp_snprintf(b_, (n), __VA_ARGS__);                           \
    check_out(__LINE__, b_, r_, (want), (want_len), (n));                     \
  } while (0)
#define FMT(n, want, ...) FMTB(n, want, strlen(want), __VA_ARGS__)
#define F(want, ...) FMT(BUFSZ, want, __VA_ARGS__)

static size_t via_v(char *to, size_t n, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  size_t r = myp_my_snprintf_handler.my_vsnprintf_type(to, n, fmt, ap);
  va_end(ap);
  return r;
}

static void test_format(void) {
  /* plain text, %%, return value and truncation */
  F("hello", "hello");
  F("100%", "100%%");
  F("a%b", "a%%b");
  FMT(6, "hello", "hello world");
  FMT(5, "abcd", "%s", "abcdef");
  FMT(1, "", "%s", "abcdef");
  FMT(0, "", "%s", "abcdef"); /* nothing written at all */
  CHECK(myp_snprintf(NULL, 0, "%s", "x") == 0, "NULL/0");
  FMT(2, "1", "%d", 12345);
  FMT(3, "-1", "%d", -12345);
  FMT(10, "         ", "%1000d", 1);
  {
    /* the server_audit pattern: appending never runs past the end */
    char buf[BUFSZ];
    memset(buf, SENTINEL, sizeof buf);
    size_t len = 0, size = 20;
    for (int i = 0; i < 10; i++)
      len += myp_snprintf(buf + len, size - len, "item%d,", i);
    CHECK(len == 19 && buf[19] == '\0' && buf[20] == SENTINEL &&
              memcmp(buf, "item0,item1,item2,i", 19) == 0,
          "append loop: len %zu [%s]", len, show(buf, len));
  }

  /* %s */
  F("abc", "%s", "abc");
  F("(null)", "%s", (char *)NULL);
  F("ab", "%.2s", "abcdef");
  F("", "%.0s", "abcdef");
  F("  abc", "%5s", "abc");
  F("abc  |", "%-5s|", "abc");
  F("abcdef", "%3s", "abcdef");
  F("x=(null)!", "x=%s!", (char *)NULL);

  /* %c */
  F("x", "%c", 'x');
  F("  x", "%3c", 'x');
  F("x  |", "%-3c|", 'x');
  FMTB(BUFSZ, "a\0b", 3, "a%cb", 0);

  /* integers */
  F("42", "%d", 42);
  F("-42", "%i", -42);
  F("0", "%d", 0);
  F("   42", "%5d", 42);
  F("42   |", "%-5d|", 42);
  F("00042", "%05d", 42);
  F("-0042", "%05d", -42);
  F("42   |", "%-05d|", 42);
  F("+42", "%+d", 42);
  F(" 42", "% d", 42);
  F("007", "%.3d", 7);
  F("  007", "%5.3d", 7);
  F("", "%.0d", 0);
  F("-2147483648", "%d", INT_MIN);
  F("4294967295", "%u", UINT_MAX);
  F("18446744073709551615", "%lu", ULONG_MAX);
  F("-9223372036854775808", "%lld", LLONG_MIN);
  F("9223372036854775807", "%lld", LLONG_MAX);
  F("18446744073709551615", "%llu", ULLONG_MAX);
  F("18446744073709551615", "%zu", (size_t)SIZE_MAX);
  F("-5", "%zd", (size_t)-5);
  F("-7", "%jd", (intmax_t)-7);
  F("-9", "%td", (ptrdiff_t)-9);
  F("4464", "%hd", 70000);
  F("44", "%hhd", 300);
  F("255", "%hhu", 511);
  F("-1", "%ld", -1L);
  F("ff", "%x", 255);
  F("FF", "%X", 255);
  F("0xff", "%#x", 255);
  F("0XFF", "%#X", 255);
  F("0", "%#x", 0);
  F("000000ff", "%08x", 255);
  F("ffffffff", "%x", -1);
  F("deadbeefcafe", "%llx", 0xdeadbeefcafeULL);
  F("10", "%o", 8);
  F("010", "%#o", 8);
  F("0", "%#o", 0);
  F("1 2 3", "%d %d %d", 1, 2, 3);

  /* %p */
  F("0x1234", "%p", (void *)(uintptr_t)0x1234);
  F("0x0", "%p", (void *)NULL);
  F("  0xab", "%6p", (void *)(uintptr_t)0xab);

  /* floating point */
  F("3.141590", "%f", 3.14159);
  F("3.14", "%.2f", 3.14159);
  F("   3.142", "%8.3f", 3.14159);
  F("3.142   |", "%-8.3f|", 3.14159);
  F("-003.142", "%08.3f", -3.14159);
  F("+1.5", "%+.1f", 1.5);
  F("3", "%.0f", 3.14159);
  F("0.0001", "%g", 0.0001);
  F("1e+20", "%g", 1e20);
  F("1E+20", "%G", 1e20);
  F("1.234568e+04", "%e", 12345.678);
  F("1.23E+04", "%.2E", 12345.678);
  F("2.500000", "%Lf", (long double)2.5);
  F("   2.5", "%6.1lf", 2.5);
  {
    double inf = strtod("inf", NULL);
    F("  inf", "%5f", inf);
    F("  inf", "%05f", inf);
    F(" -inf", "%5.1f", -inf);
  }
  {
    /* longer than the formatter's stack buffer */
    char want[400];
    snprintf(want, sizeof want, "%f", 1e300);
    F(want, "%f", 1e300);
    FMT(20, "1000000000000000052", "%f", 1e300);
  }

  /* * width and precision */
  F("   42", "%*d", 5, 42);
  F("42   |", "%-*d|", 5, 42);
  F("42   |", "%*d|", -5, 42);
  F("abc", "%.*s", 3, "abcdef");
  F("abcdef", "%.*s", -1, "abcdef");
  F("    ab", "%*.*s", 6, 2, "abcdef");
  F("  3.14", "%*.*f", 6, 2, 3.14159);

  /* %b: exactly precision bytes, NULs included */
  FMTB(BUFSZ, "a\0b\0c", 5, "%.*b", 5, "a\0b\0cdef");
  FMTB(BUFSZ, "[a\0b]", 5, "[%.3b]", "a\0bcd");
  FMTB(5, "a\0b\0", 4, "%.*b", 5, "a\0b\0cdef");
  F("abc", "%b", "abc");
  F("(null)", "%.*b", 20, (char *)NULL);
  FMTB(BUFSZ, "`a\0`", 4, "%`.*b", 2, "a\0`"); /* 2 bytes, no backtick */

  /* %M */
  {
    char want[300];
    snprintf(want, sizeof want, "2 \"%s\"", strerror(2));
    F(want, "%M", 2);
    CHECK(strcmp(want, "2 \"No such file or directory\"") == 0,
          "%%M text [%s]", want);
    snprintf(want, sizeof want, "open: 13 \"%s\".", strerror(13));
    F(want, "open: %M.", 13);
    FMT(5, "2 \"N", "%M", 2);
  }

  /* %T */
  F("abcdefg...", "%.10T", "abcdefghijklmno");
  F("abcdefghij", "%.10T", "abcdefghij"); /* fits exactly: no dots */
  F("short", "%.10T", "short");
  F("abcdefghijklmno", "%T", "abcdefghijklmno");
  F("..", "%.2T", "abcdef");
  F("...", "%.3T", "abcdef");
  F("a...", "%.*T", 4, "abcdef");
  F("`ab...`", "%`.5T", "abcdefgh");

  /* backtick quoting */
  F("`tbl`", "%`s", "tbl");
  F("`a``b`", "%`s", "a`b");
  F("````````", "%`s", "```");
  F("``", "%`s", "");
  F("`a``b`", "%`.3s", "a`bcd");
  F("    `ab`", "%`8s", "ab");
  F("`ab`    |", "%-`8s|", "ab");
  F("Table `db`.`t``1` doesn't exist",
    "Table %`s.%`s doesn't exist", "db", "t`1");
  FMT(6, "`a``b", "%`s", "a`bc");

  /* positional arguments */
  F("hello world", "%2$s %1$s", "world", "hello");
  F("ab ab", "%1$s %1$s", "ab");
  F("7-x", "%2$d-%1$s", "x", 7);
  F("abc", "%1$.*2$s", "abcdef", 3);
  F("2.50 1 two", "%3$.2f %1$d %2$s", 1, "two", 2.5);
  F("   42", "%2$*1$d", 5, 42);
  F("1 3", "%1$d %3$d", 1, 2, 3); /* unmentioned #2 fetched as int */
  F("9 ab", "%2$lld %1$s", "ab", 9LL);
  F("`q``` 5", "%2$`s %1$zu", (size_t)5, "q`");
  F("%65$d 1", "%65$d %1$d", 1);

  /* unknown conversions and odd endings */
  F("%y", "%y");
  F("%y 7", "%y %d", 7);
  F("a%qb", "a%qb");
  F("abc%", "abc%");
  F("abc%5", "abc%5");
  F("%0$s", "%0$s");

  /* the handler */
  {
    char buf[BUFSZ];
    size_t r = myp_my_snprintf_handler.my_snprintf_type(buf, 8, "%s=%d",
                                                       "abc", 12345);
    CHECK(r == 7 && strcmp(buf, "abc=123") == 0, "handler: %zu [%s]", r, buf);
    r = via_v(buf, sizeof buf, "%`s:%d", "a`b", 3);
    CHECK(r == 8 && strcmp(buf, "`a``b`:3") == 0, "vhandler: %zu [%s]", r,
          buf);
  }
}

/* ---- logger ---------------------------------------------------------- */

static char tmpdir[256];

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (f == NULL)
    return NULL;
  size_t cap = 1024, n = 0;
  char *buf = malloc(cap + 1);
  size_t r;
  while (buf != NULL && (r = fread(buf + n, 1, cap - n, f)) > 0) {
    n += r;
    if (n == cap) {
      char *b = realloc(buf, cap * 2 + 1);
      if (b == NULL) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = b;
      cap *= 2;
    }
  }
  fclose(f);
  if (buf != NULL)
    buf[n] = '\0';
  if (len != NULL)
    *len = n;
  return buf;
}

static void check_file(int line, const char *path, const char *want) {
  char *got = slurp(path, NULL);
  if (got != NULL && want != NULL && strcmp(got, want) == 0) {
    passed++;
  } else {
    failed++;
    printf("FAIL %s:%d: %s: got [%s], want [%s]\n", __FILE__, line, path,
           got ? show(got, strlen(got)) : "(missing)",
           want ? show(want, strlen(want)) : "(missing)");
  }
  free(got);
}
#define CHECK_FILE(path, want) check_file(__LINE__, path, want)

static int exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

static void join(char *out, size_t n, const char *name) {
  snprintf(out, n, "%s/%s", tmpdir, name);
}

struct thread_arg {
  struct myp_logger_handle *h;
  int id;
};

#define THREADS 4
#define LINES 200

static void *writer(void *p) {
  struct thread_arg *a = p;
  for (int i = 0; i < LINES; i++)
    (myp_logger_handler.printf)(a->h, "thread %d line %03d %s\n", a->id, i,
                                "payload-payload-payload");
  return NULL;
}

static void test_logger(void) {
  const struct logger_service_st *L = &myp_logger_handler;
  char path[512], p1[520], p2[520], p3[520];
  join(path, sizeof path, "err.log");
  snprintf(p1, sizeof p1, "%s.1", path);
  snprintf(p2, sizeof p2, "%s.2", path);
  snprintf(p3, sizeof p3, "%s.3", path);

  (L->logger_init_mutexes)();
  struct myp_logger_handle *h = (L->open)(path, 10, 2);
  CHECK(h != NULL, "open %s: %s", path, strerror(errno));
  if (h == NULL)
    return;
  const char *A = "a1\n", *B = "`b``b`\n", *C = "cc\n", *D = "dddddddddd\n",
             *E = "e\n", *Fl = "ffffffffff\n", *G = "g\n";
  char ab[64], cd[64], ef[64];
  snprintf(ab, sizeof ab, "%s%s", A, B);
  snprintf(cd, sizeof cd, "%s%s", C, D);
  snprintf(ef, sizeof ef, "%s%s", E, Fl);

  CHECK((L->printf)(h, "a%d\n", 1) == 3, "printf A");
  CHECK((L->printf)(h, "%`s\n", "b`b") == 7, "printf B");
  CHECK_FILE(path, ab); /* 10 bytes: at the limit, not yet rotated */
  CHECK(!exists(p1), "no rotation before the next write");
  CHECK((L->write)(h, C, 3) == 3, "write C");
  CHECK_FILE(path, C);
  CHECK_FILE(p1, ab);
  CHECK(!exists(p2), "no .2 yet");
  CHECK((L->write)(h, D, strlen(D)) == 11, "write D");
  CHECK((L->write)(h, E, 2) == 2, "write E");
  CHECK_FILE(path, E);
  CHECK_FILE(p1, cd);
  CHECK_FILE(p2, ab);
  CHECK((L->printf)(h, "%s", Fl) == 11, "printf F");
  CHECK((L->write)(h, G, 2) == 2, "write G");
  CHECK_FILE(path, G);
  CHECK_FILE(p1, ef);
  CHECK_FILE(p2, cd); /* the oldest was overwritten */
  CHECK(!exists(p3), "path.3 must never appear");
  CHECK((L->rotate)(h) == 0, "forced rotate");
  CHECK_FILE(path, "");
  CHECK_FILE(p1, G);
  CHECK_FILE(p2, ef);
  CHECK(!exists(p3), "path.3 must never appear");
  CHECK((L->close)(h) == 0, "close");

  /* vprintf through the service, and the dialect */
  {
    char vpath[512];
    join(vpath, sizeof vpath, "v.log");
    h = (L->open)(vpath, 0, 0);
    CHECK(h != NULL, "open v.log");
    if (h != NULL) {
      const char *text = "u@h ERROR 1146: `t``x` : abc\n";
      int r = (L->printf)(h, "%s ERROR %d: %`s : %.*b\n", "u@h", 1146,
                          "t`x", 3, "abcdef");
      CHECK(r == (int)strlen(text), "printf dialect: %d", r);
      (L->close)(h);
      CHECK_FILE(vpath, text);
    }
  }

  /* no rotation with size_limit 0, nor with rotations 0 */
  {
    char q[512], q1[520];
    join(q, sizeof q, "nolimit.log");
    snprintf(q1, sizeof q1, "%s.1", q);
    h = (L->open)(q, 0, 3);
    for (int i = 0; h != NULL && i < 5; i++)
      (L->write)(h, "0123456789abcdef\n", 17);
    (L->close)(h);
    size_t n = 0;
    free(slurp(q, &n));
    CHECK(n == 85 && !exists(q1), "size_limit 0: %zu bytes", n);

    join(q, sizeof q, "norot.log");
    snprintf(q1, sizeof q1, "%s.1", q);
    h = (L->open)(q, 10, 0);
    for (int i = 0; h != NULL && i < 5; i++)
      (L->write)(h, "0123456789abcdef\n", 17);
    CHECK(h != NULL && (L->rotate)(h) == 0, "rotate with rotations 0");
    (L->close)(h);
    free(slurp(q, &n));
    CHECK(n == 85 && !exists(q1), "rotations 0: %zu bytes", n);
  }

  /* reopening appends */
  {
    char q[512];
    join(q, sizeof q, "append.log");
    h = (L->open)(q, 0, 0);
    (L->write)(h, "one\n", 4);
    (L->close)(h);
    h = (L->open)(q, 0, 0);
    (L->write)(h, "two\n", 4);
    (L->close)(h);
    CHECK_FILE(q, "one\ntwo\n");
    struct stat st;
    CHECK(stat(q, &st) == 0 && (st.st_mode & 0777 & ~0660) == 0,
          "mode %o", (unsigned)(st.st_mode & 0777));
  }

  /* a line longer than the 1024-byte first try */
  {
    char q[512];
    join(q, sizeof q, "long.log");
    char *big = malloc(5001);
    memset(big, 'x', 5000);
    big[5000] = '\0';
    h = (L->open)(q, 0, 0);
    CHECK(h != NULL && (L->printf)(h, "[%s]", big) == 5002, "long printf");
    (L->close)(h);
    size_t n = 0;
    char *got = slurp(q, &n);
    CHECK(got != NULL && n == 5002 && got[0] == '[' && got[5001] == ']' &&
              got[2500] == 'x',
          "long line: %zu bytes", n);
    free(got);
    free(big);
  }

  /* relative paths: the working directory, or the data directory */
  {
    char sub[512], want[600];
    join(sub, sizeof sub, "data");
    CHECK(mkdir(sub, 0700) == 0, "mkdir data");
    myp_logger_set_datadir(sub);
    h = (L->open)("rel.log", 0, 0);
    CHECK(h != NULL, "open relative to the data directory");
    (L->write)(h, "r\n", 2);
    (L->close)(h);
    snprintf(want, sizeof want, "%s/rel.log", sub);
    CHECK_FILE(want, "r\n");
    myp_logger_set_datadir(NULL);
    char cwd[512];
    CHECK(getcwd(cwd, sizeof cwd) != NULL && chdir(tmpdir) == 0, "chdir");
    h = (L->open)("cwd.log", 0, 0);
    (L->write)(h, "c\n", 2);
    (L->close)(h);
    CHECK(chdir(cwd) == 0, "chdir back");
    join(want, sizeof want, "cwd.log");
    CHECK_FILE(want, "c\n");
    /* an absolute path ignores the data directory */
    myp_logger_set_datadir("/nonexistent-dir");
    join(want, sizeof want, "abs.log");
    h = (L->open)(want, 0, 0);
    CHECK(h != NULL, "absolute path with a data directory set");
    (L->close)(h);
    myp_logger_set_datadir(NULL);
  }

  /* failures */
  errno = 0;
  CHECK((L->open)("/nonexistent-dir/x.log", 0, 0) == NULL && errno == ENOENT,
        "open in a missing directory");
  CHECK((L->open)(NULL, 0, 0) == NULL, "open NULL");
  CHECK((L->write)(NULL, "x", 1) == -1 && (L->close)(NULL) == -1 &&
            (L->rotate)(NULL) == -1 && (L->printf)(NULL, "x") == -1,
        "NULL handle");

  /* concurrent writers with rotation: every line intact, none lost */
  {
    char q[512], name[600];
    join(q, sizeof q, "mt.log");
    h = (L->open)(q, 4096, 100);
    CHECK(h != NULL, "open mt.log");
    if (h != NULL) {
      pthread_t t[THREADS];
      struct thread_arg args[THREADS];
      for (int i = 0; i < THREADS; i++) {
        args[i].h = h;
        args[i].id = i;
        pthread_create(&t[i], NULL, writer, &args[i]);
      }
      for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
      (L->close)(h);
      int counts[THREADS] = {0}, bad = 0, total = 0, files = 0;
      for (int k = 0; k <= 100; k++) {
        if (k == 0)
          snprintf(name, sizeof name, "%s", q);
        else
          snprintf(name, sizeof name, "%s.%d", q, k);
        char *got = slurp(name, NULL);
        if (got == NULL)
          continue;
        files++;
        for (char *line = strtok(got, "\n"); line; line = strtok(NULL, "\n")) {
          int id, no;
          char tail[64];
          if (sscanf(line, "thread %d line %d %63s", &id, &no, tail) == 3 &&
              id >= 0 && id < THREADS &&
              strcmp(tail, "payload-payload-payload") == 0 &&
              strlen(line) == 41) {
            counts[id]++;
            total++;
          } else {
            bad++;
          }
        }
        free(got);
      }
      CHECK(bad == 0 && total == THREADS * LINES && files > 1,
            "threads: %d lines, %d bad, %d files", total, bad, files);
      for (int i = 0; i < THREADS; i++)
        CHECK(counts[i] == LINES, "thread %d: %d lines", i, counts[i]);
    }
  }
}

/* ---- base64 ---------------------------------------------------------- */

static void test_base64(void) {
  const struct base64_service_st *B = &myp_base64_handler;
  static const struct {
    const char *plain, *enc;
  } vec[] = {{"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},
             {"foo", "Zm9v"},  {"foob", "Zm9vYg=="},  {"fooba", "Zm9vYmE="},
             {"foobar", "Zm9vYmFy"}};
  char enc[1024], dec[1024];
  for (size_t i = 0; i < sizeof vec / sizeof vec[0]; i++) {
    size_t n = strlen(vec[i].plain);
    CHECK(B->base64_encode(vec[i].plain, n, enc) == 0 &&
              strcmp(enc, vec[i].enc) == 0,
          "encode %s: %s", vec[i].plain, enc);
    int r = B->base64_decode(vec[i].enc, strlen(vec[i].enc), dec, NULL, 0);
    CHECK(r == (int)n && memcmp(dec, vec[i].plain, n) == 0, "decode %s: %d",
          vec[i].enc, r);
  }

  /* round trips 0..200 with exact sizes and 76-character lines */
  unsigned seed = 12345;
  for (int len = 0; len <= 200; len++) {
    unsigned char src[256];
    for (int i = 0; i < len; i++) {
      seed = seed * 1103515245u + 12345u;
      src[i] = (unsigned char)(seed >> 16);
    }
    int need = B->base64_needed_encoded_length(len);
    int chars = (len + 2) / 3 * 4;
    int want_need = chars + (chars > 0 ? (chars - 1) / 76 : 0) + 1;
    memset(enc, SENTINEL, sizeof enc);
    int rc = B->base64_encode(src, (size_t)len, enc);
    size_t elen = strlen(enc);
    int ok = rc == 0 && need == want_need && elen + 1 == (size_t)need &&
             enc[need] == SENTINEL;
    int newlines = 0, col = 0, maxcol = 0;
    for (size_t i = 0; i < elen; i++) {
      if (enc[i] == '\n') {
        newlines++;
        if (col != 76)
          ok = 0;
        col = 0;
      } else {
        col++;
        if (col > maxcol)
          maxcol = col;
      }
    }
    ok = ok && newlines == (chars > 0 ? (chars - 1) / 76 : 0) &&
         maxcol <= 76 && (elen == 0 || enc[elen - 1] != '\n');
    CHECK(ok, "encode len %d: need %d (want %d), strlen %zu, %d newlines",
          len, need, want_need, elen, newlines);
    int dneed = B->base64_needed_decoded_length((int)elen);
    CHECK(dneed >= len && dneed == ((int)elen + 3) / 4 * 3,
          "needed_decoded_length(%zu) = %d", elen, dneed);
    const char *end = NULL;
    memset(dec, SENTINEL, sizeof dec);
    int r = B->base64_decode(enc, elen, dec, &end, 0);
    CHECK(r == len && memcmp(dec, src, (size_t)len) == 0 && end == enc + elen,
          "decode len %d: %d", len, r);
    r = B->base64_decode(enc, elen, dec, NULL, 0);
    CHECK(r == len, "decode len %d without end_ptr: %d", len, r);
  }
  CHECK(B->base64_needed_encoded_length(57) == 77, "57 bytes: one line");
  CHECK(B->base64_needed_encoded_length(58) == 82, "58 bytes: a newline");
  CHECK(B->base64_needed_encoded_length(0) == 1, "0 bytes: the NUL");

  /* limits */
  int emax = B->base64_encode_max_arg_length();
  CHECK(emax == 1589695686 &&
            B->base64_needed_encoded_length(emax) == 2147483646 &&
            b64_encoded_size((long long)emax + 1) > INT_MAX &&
            B->base64_needed_encoded_length(emax + 1) == -1,
        "encode max %d", emax);
  CHECK(B->base64_needed_encoded_length(-1) == -1, "negative length");
  CHECK(B->base64_decode_max_arg_length() == INT_MAX &&
            B->base64_needed_decoded_length(INT_MAX) == 1610612736,
        "decode max");
  CHECK(B->base64_needed_decoded_length(0) == 0 &&
            B->base64_needed_decoded_length(1) == 3 &&
            B->base64_needed_decoded_length(4) == 3 &&
            B->base64_needed_decoded_length(5) == 6,
        "needed_decoded_length");

  /* whitespace */
  {
    const char *s = "  Zm9v\r\n Ym\tFy \n";
    int r = B->base64_decode(s, strlen(s), dec, NULL, 0);
    CHECK(r == 6 && memcmp(dec, "foobar", 6) == 0, "whitespace: %d", r);
  }
  /* invalid input */
  {
    const char *end = NULL;
    const char *s = "Zm9v!Ym9v";
    int r = B->base64_decode(s, strlen(s), dec, &end, 0);
    CHECK(r == 3 && end == s + 4 && memcmp(dec, "foo", 3) == 0,
          "stop at '!': %d, end +%td", r, end - s);
    CHECK(B->base64_decode(s, strlen(s), dec, NULL, 0) == -1,
          "trailing garbage without end_ptr");
    s = "Zm9";
    CHECK(B->base64_decode(s, strlen(s), dec, NULL, 0) == -1, "short group");
    r = B->base64_decode(s, strlen(s), dec, &end, 0);
    CHECK(r == -1 && end == s + 3, "short group end_ptr");
    s = "Zm9!";
    r = B->base64_decode(s, strlen(s), dec, &end, 0);
    CHECK(r == -1 && end == s + 3, "bad char inside a group: %d", r);
    s = "Zm=v";
    CHECK(B->base64_decode(s, strlen(s), dec, NULL, 0) == -1, "data after =");
    s = "Z===";
    CHECK(B->base64_decode(s, strlen(s), dec, NULL, 0) == -1, "=== padding");
    s = "====";
    r = B->base64_decode(s, strlen(s), dec, &end, 0);
    CHECK(r == 0 && end == s, "leading =: %d", r);
    s = "";
    CHECK(B->base64_decode(s, 0, dec, NULL, 0) == 0, "empty");
    s = "Zm9v\xff";
    r = B->base64_decode(s, strlen(s), dec, &end, 0);
    CHECK(r == 3 && end == s + 4, "high byte: %d", r);
  }
  /* several chunks */
  {
    const char *s = "Zg==Zm8=\nZm9v";
    const char *end = NULL;
    int r = B->base64_decode(s, strlen(s), dec, &end, 0);
    CHECK(r == 1 && end == s + 4 && dec[0] == 'f', "one chunk: %d", r);
    CHECK(B->base64_decode(s, strlen(s), dec, NULL, 0) == -1,
          "second chunk without the flag and end_ptr");
    r = B->base64_decode(s, strlen(s), dec, &end,
                         MYP_BASE64_DECODE_ALLOW_MULTIPLE_CHUNKS);
    CHECK(r == 6 && memcmp(dec, "ffofoo", 6) == 0 && end == s + strlen(s),
          "multiple chunks: %d", r);
    s = "Zg== \n";
    r = B->base64_decode(s, strlen(s), dec, &end, 0);
    CHECK(r == 1 && end == s + strlen(s), "padding then whitespace: %d", r);
    CHECK(B->base64_decode(s, strlen(s), dec, NULL, 0) == 1,
          "padding then whitespace without end_ptr");
  }
  /* a long text with newlines decodes back */
  {
    static unsigned char big[3000];
    static char benc[4200], bdec[3000];
    for (size_t i = 0; i < sizeof big; i++)
      big[i] = (unsigned char)(i * 7);
    int need = B->base64_needed_encoded_length((int)sizeof big);
    CHECK(need <= (int)sizeof benc && B->base64_encode(big, sizeof big, benc) == 0 &&
              (int)strlen(benc) + 1 == need,
          "big encode");
    int r = B->base64_decode(benc, strlen(benc), bdec, NULL, 0);
    CHECK(r == (int)sizeof big && memcmp(big, bdec, sizeof big) == 0,
          "big decode: %d", r);
  }
}

static void rm_tree(const char *dir) {
  DIR *d = opendir(dir);
  if (d == NULL)
    return;
  struct dirent *e;
  char p[1024];
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
      continue;
    snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
    struct stat st;
    if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
      rm_tree(p);
    else
      unlink(p);
  }
  closedir(d);
  rmdir(dir);
}

int main(void) {
  const char *base = getenv("TMPDIR");
  snprintf(tmpdir, sizeof tmpdir, "%s/format_test.XXXXXX",
           base && *base ? base : "/tmp");
  if (mkdtemp(tmpdir) == NULL) {
    perror("mkdtemp");
    return 1;
  }
  test_format();
  test_logger();
  test_base64();
  rm_tree(tmpdir);
  return check_summary("format_test");
}
