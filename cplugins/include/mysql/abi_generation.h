/*
 * myplugload clean-room plugin headers: ABI generation switch and the few
 * declarations every other header needs.
 *
 * Build with -DMYPLUGLOAD_ABI_57 for the MySQL 5.5-5.7 ABI generation;
 * the default is the MySQL 8.0 (8.0.30+, 8.4, 9.x) generation.
 * MYPLUGLOAD_ABI_GENERATION is 80 or 57 and is the only flag the other
 * headers test.
 */
#ifndef MYPLUGLOAD_MYSQL_ABI_GENERATION_H
#define MYPLUGLOAD_MYSQL_ABI_GENERATION_H

#ifndef MYPLUGLOAD_ABI_GENERATION
#if defined(MYPLUGLOAD_ABI_57)
#define MYPLUGLOAD_ABI_GENERATION 57
#else
#define MYPLUGLOAD_ABI_GENERATION 80
#endif
#endif

#if MYPLUGLOAD_ABI_GENERATION != 80 && MYPLUGLOAD_ABI_GENERATION != 57
#error "MYPLUGLOAD_ABI_GENERATION must be 80 or 57"
#endif
#if defined(MYPLUGLOAD_ABI_57) && MYPLUGLOAD_ABI_GENERATION != 57
#error "MYPLUGLOAD_ABI_57 conflicts with MYPLUGLOAD_ABI_GENERATION"
#endif

#include <stddef.h>
#ifndef __cplusplus
#include <stdbool.h>
#endif

/* Size checks are written for LP64 (x86-64 / aarch64 Linux, macOS). */
#if defined(__LP64__) || defined(_LP64)
#define MYPLUGLOAD_LP64 1
#endif

#ifdef __cplusplus
#define MYPLUGLOAD_STATIC_ASSERT(cond, msg) static_assert(cond, msg)
#else
#define MYPLUGLOAD_STATIC_ASSERT(cond, msg) _Static_assert(cond, msg)
#endif

/* Casts in macros: C++ casts in C++ (quiet under -Wold-style-cast). */
#ifdef __cplusplus
#define MYPLUGLOAD_REINTERPRET_CAST(type, expr) reinterpret_cast<type>(expr)
#define MYPLUGLOAD_STATIC_CAST(type, expr) static_cast<type>(expr)
#else
#define MYPLUGLOAD_REINTERPRET_CAST(type, expr) ((type)(expr))
#define MYPLUGLOAD_STATIC_CAST(type, expr) ((type)(expr))
#endif

#ifdef __cplusplus
#define MYPLUGLOAD_C_BEGIN extern "C" {
#define MYPLUGLOAD_C_END }
#else
#define MYPLUGLOAD_C_BEGIN
#define MYPLUGLOAD_C_END
#endif

/* Default symbol visibility, so ABI symbols survive -fvisibility=hidden. */
#ifndef MYPLUGLOAD_VISIBLE
#if defined(_WIN32)
#define MYPLUGLOAD_VISIBLE __declspec(dllexport)
#elif defined(__GNUC__) || defined(__clang__)
#define MYPLUGLOAD_VISIBLE __attribute__((visibility("default")))
#else
#define MYPLUGLOAD_VISIBLE
#endif
#endif

/* Exported function or variable with C linkage. */
#ifndef MYSQL_PLUGIN_EXPORT
#ifdef __cplusplus
#define MYSQL_PLUGIN_EXPORT extern "C" MYPLUGLOAD_VISIBLE
#else
#define MYSQL_PLUGIN_EXPORT MYPLUGLOAD_VISIBLE
#endif
#endif

/*
 * Declares an exported variable with C linkage ahead of its definition,
 * which then needs only MYPLUGLOAD_VISIBLE.  (C++ warns when a variable
 * is defined with an initializer directly after extern "C".)
 */
#ifdef __cplusplus
#define MYPLUGLOAD_EXPORT_VAR_DECL(decl) \
  extern "C" {                           \
  extern MYPLUGLOAD_VISIBLE decl;        \
  }
#else
#define MYPLUGLOAD_EXPORT_VAR_DECL(decl) extern MYPLUGLOAD_VISIBLE decl;
#endif

/* Opaque server session; a plugin only passes it back to the server. */
#ifndef MYPLUGLOAD_MYSQL_THD_DEFINED
#define MYPLUGLOAD_MYSQL_THD_DEFINED
struct THD;
typedef struct THD *MYSQL_THD;
#endif

/* Handle the server passes to init/check_uninstall/deinit. */
#ifndef MYPLUGLOAD_MYSQL_PLUGIN_DEFINED
#define MYPLUGLOAD_MYSQL_PLUGIN_DEFINED
typedef void *MYSQL_PLUGIN;
#endif

/* Opaque character set descriptor. */
#ifndef MYPLUGLOAD_CHARSET_INFO_DEFINED
#define MYPLUGLOAD_CHARSET_INFO_DEFINED
#if MYPLUGLOAD_ABI_GENERATION >= 80
struct CHARSET_INFO;
typedef struct CHARSET_INFO CHARSET_INFO;
#else
struct charset_info_st;
typedef struct charset_info_st CHARSET_INFO;
#endif
#endif

#endif /* MYPLUGLOAD_MYSQL_ABI_GENERATION_H */
