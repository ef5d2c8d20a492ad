/*
 * check.h - the counters and CHECK macro the C unit tests of the host's
 * C side share. Each test ends with check_summary("<name>"), which prints
 * "<name>: N passed, M failed" (the line TestCSuites reads) and returns
 * the exit status.
 */
#ifndef MYPLUGLOAD_TESTS_CHECK_H
#define MYPLUGLOAD_TESTS_CHECK_H

#include <stdio.h>

static int passed, failed;

#define CHECK(cond, ...)                          \
  do {                                            \
    if (cond) {                                   \
      passed++;                                   \
    } else {                                      \
      failed++;                                   \
      printf("FAIL %s:%d: ", __FILE__, __LINE__); \
      printf(__VA_ARGS__);                        \
      printf("\n");                               \
    }                                             \
  } while (0)

static inline int check_summary(const char *name) {
  printf("%s: %d passed, %d failed\n", name, passed, failed);
  return failed == 0 ? 0 : 1;
}

#endif
