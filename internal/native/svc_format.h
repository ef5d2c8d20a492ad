/*
 * The host's implementations of three MariaDB plugin services, written
 * from their documented behaviour:
 *
 *   my_snprintf_service  -> myp_my_snprintf_handler  (svc_format.c)
 *   logger_service       -> myp_logger_handler       (svc_logger.c)
 *   base64_service       -> myp_base64_handler       (svc_base64.c)
 *
 * The host stores the address of a handler into the plugin's
 * <name>_service pointer. The handlers are const: plugins only read them.
 * Only package internal/native (and cplugins/tests/format_test.c) include
 * this header.
 */
#ifndef MYPLUGLOAD_NATIVE_SVC_FORMAT_H
#define MYPLUGLOAD_NATIVE_SVC_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/* ---------------------------------------------------------------------
 * MariaDB's printf dialect (my_snprintf / my_vsnprintf).
 *
 * Writes at most n-1 bytes plus a NUL (nothing at all when n == 0) and
 * returns the number of bytes written, NUL excluded -- never the length
 * the full output would have needed, so `len += myp_snprintf(buf + len,
 * size - len, ...)` can never run past the buffer.
 *
 * Conversions: %d %i %u %x %X %o %c %s %p %f %F %e %E %g %G %%, plus the
 * MariaDB extensions
 *   %b   exactly <precision> bytes of a char* (NULs included); without a
 *        precision it behaves like %s,
 *   %M   an int errno, printed as: 2 "No such file or directory",
 *   %T   like %s, but when the precision cuts the string the output ends
 *        in "..." and still fits in <precision> bytes,
 *   %`s  (backtick flag; also on %T and %b) identifier quoting: the text
 *        is wrapped in backticks and every backtick inside is doubled.
 * Length modifiers hh h l ll z j t (L for the floating conversions);
 * width and precision as digits, `*` or `*N$`; flags `-` (left-justify:
 * honoured, unlike the server, which ignores it), `0`, and the C flags
 * `+`, ` `, `#` for numbers; positional arguments `%N$...` (N <= 64; in a
 * format that uses them, arguments that no conversion mentions are
 * fetched as int). %s of NULL prints "(null)"; %p prints 0x<hex>. An
 * unknown conversion is copied to the output as written and consumes no
 * argument.
 * ------------------------------------------------------------------- */
size_t myp_vsnprintf(char *to, size_t n, const char *fmt, va_list ap);
size_t myp_snprintf(char *to, size_t n, const char *fmt, ...);

/* Same layout as cplugins/include/mysql/service_my_snprintf.h; defined
   only once if both headers end up in one translation unit (that header
   first). */
#ifndef MYPLUGLOAD_SERVICE_MY_SNPRINTF_H
struct my_snprintf_service_st {
  size_t (*my_snprintf_type)(char *to, size_t n, const char *fmt, ...);
  size_t (*my_vsnprintf_type)(char *to, size_t n, const char *fmt,
                              va_list ap);
};
#endif

extern const struct my_snprintf_service_st myp_my_snprintf_handler;

/* ---------------------------------------------------------------------
 * logger_service: size-limited, rotating log files (sql_errlog).
 *
 * open(path, size_limit, rotations): appends to path (created 0660).
 * Before each write, when rotations > 0, size_limit > 0 and the file has
 * reached size_limit bytes, the files rotate: path.(n-1) -> path.n, ...,
 * path -> path.1 (n = rotations; the old path.n is overwritten) and a
 * fresh path is opened. rotate() forces that (a no-op with rotations 0).
 * write/printf/vprintf append with one write per call under the handle's
 * mutex and return the number of bytes written, or -1. printf/vprintf
 * format with myp_vsnprintf. close() closes and frees (0, -1 if the handle
 * is NULL). logger_init_mutexes() does nothing.
 *
 * Relative paths are relative to the process's working directory, or to
 * the directory given to myp_logger_set_datadir (mariadbd resolves them
 * against its datadir). NULL or "" restores the working directory. The
 * setting applies to later open() calls.
 * ------------------------------------------------------------------- */
struct myp_logger_handle; /* LOGGER_HANDLE, opaque */

struct logger_service_st {
  void (*logger_init_mutexes)(void);
  struct myp_logger_handle *(*open)(const char *path,
                                    unsigned long long size_limit,
                                    unsigned int rotations);
  int (*close)(struct myp_logger_handle *log);
  int (*vprintf)(struct myp_logger_handle *log, const char *fmt,
                 va_list argptr);
  int (*printf)(struct myp_logger_handle *log, const char *fmt, ...);
  int (*write)(struct myp_logger_handle *log, const char *buffer,
               size_t size);
  int (*rotate)(struct myp_logger_handle *log);
};

extern const struct logger_service_st myp_logger_handler;

void myp_logger_set_datadir(const char *dir);

/* ---------------------------------------------------------------------
 * base64_service (standard alphabet, '=' padding).
 *
 * needed_encoded_length(len): exact size of encode's output including
 *   the NUL: 4*ceil(len/3) characters, a '\n' after every 76 of them
 *   (none at the end), plus 1. -1 for len < 0 or len > encode_max.
 * encode_max_arg_length(): 1589695686, the largest len whose
 *   needed_encoded_length fits in an int.
 * needed_decoded_length(len): 3*ceil(len/4), an upper bound.
 * decode_max_arg_length(): 0x7FFFFFFF (every int length fits).
 * encode(src, len, dst): writes needed_encoded_length(len) bytes
 *   (NUL-terminated), returns 0.
 * decode(src, len, dst, end_ptr, flags): skips whitespace, decodes
 *   complete 4-character groups ('=' padding allowed in the last two
 *   places of a group) and stops at the end of the input, at the first
 *   character that cannot start a group, or after a padded group unless
 *   flags has bit 1 (MY_BASE64_DECODE_ALLOW_MULTIPLE_CHUNKS), which goes
 *   on with the next chunk. Returns the number of bytes decoded; -1 for an
 *   incomplete or badly padded group, or, when end_ptr is NULL, for any
 *   input left over (other than whitespace). With end_ptr, *end_ptr is
 *   where decoding stopped (on error: the offending character).
 * ------------------------------------------------------------------- */
#define MYP_BASE64_DECODE_ALLOW_MULTIPLE_CHUNKS 1

struct base64_service_st {
  int (*base64_needed_encoded_length)(int length_of_data);
  int (*base64_encode_max_arg_length)(void);
  int (*base64_needed_decoded_length)(int length_of_encoded_data);
  int (*base64_decode_max_arg_length)(void);
  int (*base64_encode)(const void *src, size_t src_len, char *dst);
  int (*base64_decode)(const char *src, size_t src_len, void *dst,
                       const char **end_ptr, int flags);
};

extern const struct base64_service_st myp_base64_handler;

#endif /* MYPLUGLOAD_NATIVE_SVC_FORMAT_H */
