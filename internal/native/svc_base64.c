/*
 * base64_service (see svc_format.h for the behaviour). Written for
 * myplugload from the documented behaviour.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include "svc_format.h"

#include <limits.h>
#include <stddef.h>

/* Output characters per line of encode's output. */
#define B64_LINE 76
/* Largest length whose encoding (newlines and NUL included) fits in an
   int: needed_encoded_length(1589695686) = 2147483646, one more byte of
   input needs 2147483651. */
#define B64_ENCODE_MAX 1589695686

static const char b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static long long b64_encoded_size(long long len) {
  long long chars = (len + 2) / 3 * 4;
  long long newlines = chars > 0 ? (chars - 1) / B64_LINE : 0;
  return chars + newlines + 1;
}

static int b64_needed_encoded_length(int len) {
  if (len < 0 || len > B64_ENCODE_MAX)
    return -1;
  return (int)b64_encoded_size(len);
}

static int b64_encode_max_arg_length(void) { return B64_ENCODE_MAX; }

static int b64_needed_decoded_length(int len) {
  if (len < 0)
    return -1;
  return (int)(((long long)len + 3) / 4 * 3);
}

static int b64_decode_max_arg_length(void) { return INT_MAX; }

static int b64_encode(const void *src, size_t len, char *dst) {
  const unsigned char *s = src;
  size_t out = 0, col = 0;
  for (size_t i = 0; i < len; i += 3) {
    unsigned v = (unsigned)s[i] << 16;
    size_t have = len - i;
    if (have > 1)
      v |= (unsigned)s[i + 1] << 8;
    if (have > 2)
      v |= s[i + 2];
    char q[4];
    q[0] = b64_alphabet[(v >> 18) & 63];
    q[1] = b64_alphabet[(v >> 12) & 63];
    q[2] = have > 1 ? b64_alphabet[(v >> 6) & 63] : '=';
    q[3] = have > 2 ? b64_alphabet[v & 63] : '=';
    for (int k = 0; k < 4; k++) {
      if (col == B64_LINE) {
        dst[out++] = '\n';
        col = 0;
      }
      dst[out++] = q[k];
      col++;
    }
  }
  dst[out] = '\0';
  return 0;
}

static int b64_value(unsigned char c) {
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  if (c == '+')
    return 62;
  if (c == '/')
    return 63;
  return -1;
}

static int b64_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
         c == '\f';
}

static int b64_decode(const char *src, size_t len, void *dst_,
                      const char **end_ptr, int flags) {
  const unsigned char *p = (const unsigned char *)src;
  const unsigned char *end = p + len, *stop;
  unsigned char *dst = dst_;
  size_t out = 0;
  int err = 0;

  if (src == NULL && len > 0)
    return -1;
  for (;;) {
    while (p < end && b64_space(*p))
      p++;
    stop = p; /* decoding may end here */
    if (p == end)
      break;
    unsigned v = 0;
    int n = 0, pad = 0;
    while (n < 4) {
      while (p < end && b64_space(*p))
        p++;
      if (p == end)
        break;
      if (*p == '=') {
        if (n < 2)
          break; /* "=" can only be the 3rd or 4th character */
        pad++;
        v <<= 6;
      } else {
        int d = b64_value(*p);
        if (d < 0 || pad > 0)
          break; /* not base64, or data after "=" */
        v = v << 6 | (unsigned)d;
      }
      n++;
      p++;
    }
    if (n == 0) { /* not a group: decoding ends before it */
      p = stop;
      break;
    }
    if (n < 4) { /* incomplete or badly padded group */
      err = 1;
      break;
    }
    dst[out++] = (unsigned char)(v >> 16);
    if (pad < 2)
      dst[out++] = (unsigned char)(v >> 8);
    if (pad < 1)
      dst[out++] = (unsigned char)v;
    if (pad > 0 && !(flags & MYP_BASE64_DECODE_ALLOW_MULTIPLE_CHUNKS)) {
      while (p < end && b64_space(*p))
        p++;
      stop = p;
      break;
    }
  }
  if (end_ptr != NULL)
    *end_ptr = (const char *)(err ? p : stop);
  if (err || (end_ptr == NULL && stop != end) || out > INT_MAX)
    return -1;
  return (int)out;
}

const struct base64_service_st myp_base64_handler = {
    b64_needed_encoded_length, b64_encode_max_arg_length,
    b64_needed_decoded_length, b64_decode_max_arg_length,
    b64_encode,                b64_decode,
};
