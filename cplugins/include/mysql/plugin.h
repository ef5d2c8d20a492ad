/*
 * myplugload clean-room plugin headers: the server plugin ABI.
 *
 * Written from the documented ABI facts (names, member order, constant
 * values).  Default generation: MySQL 8.0.30+ / 8.4 / 9.x
 * (interface 0x010B, 14-member st_mysql_plugin).  With -DMYPLUGLOAD_ABI_57:
 * MySQL 5.5-5.7 (interface 0x0107, 13 members).
 *
 * Compile plugin libraries with -DMYSQL_DYNAMIC_PLUGIN.
 */
#ifndef MYPLUGLOAD_MYSQL_PLUGIN_H
#define MYPLUGLOAD_MYSQL_PLUGIN_H

#include <stddef.h>

#include "mysql/abi_generation.h"
#include "mysql/services.h"
#include "mysql/status_var.h"
#include "mysql_version.h"
#include "typelib.h"

/* ------------------------------------------------------------------ */
/* Library-level interface version                                     */
/* ------------------------------------------------------------------ */

#if MYPLUGLOAD_ABI_GENERATION >= 80
#define MYSQL_PLUGIN_INTERFACE_VERSION 0x010B
#else
#define MYSQL_PLUGIN_INTERFACE_VERSION 0x0107
#endif

/* ------------------------------------------------------------------ */
/* Plugin types (st_mysql_plugin.type)                                 */
/* ------------------------------------------------------------------ */

#define MYSQL_UDF_PLUGIN 0
#define MYSQL_STORAGE_ENGINE_PLUGIN 1
#define MYSQL_FTPARSER_PLUGIN 2
#define MYSQL_DAEMON_PLUGIN 3
#define MYSQL_INFORMATION_SCHEMA_PLUGIN 4
#define MYSQL_AUDIT_PLUGIN 5
#define MYSQL_REPLICATION_PLUGIN 6
#define MYSQL_AUTHENTICATION_PLUGIN 7
#define MYSQL_VALIDATE_PASSWORD_PLUGIN 8
#define MYSQL_GROUP_REPLICATION_PLUGIN 9
#define MYSQL_KEYRING_PLUGIN 10
#if MYPLUGLOAD_ABI_GENERATION >= 80
#define MYSQL_CLONE_PLUGIN 11
#define MYSQL_MAX_PLUGIN_TYPE_NUM 12
#else
#define MYSQL_MAX_PLUGIN_TYPE_NUM 11
#endif

/* ------------------------------------------------------------------ */
/* Licenses (st_mysql_plugin.license)                                  */
/* ------------------------------------------------------------------ */

#define PLUGIN_LICENSE_PROPRIETARY 0
#define PLUGIN_LICENSE_GPL 1
#define PLUGIN_LICENSE_BSD 2

#define PLUGIN_LICENSE_PROPRIETARY_STRING "PROPRIETARY"
#define PLUGIN_LICENSE_GPL_STRING "GPL"
#define PLUGIN_LICENSE_BSD_STRING "BSD"

#define PLUGIN_AUTHOR_ORACLE "Oracle Corporation"

/* ------------------------------------------------------------------ */
/* st_mysql_plugin.flags                                               */
/* ------------------------------------------------------------------ */

#define PLUGIN_OPT_NO_INSTALL 1UL
#define PLUGIN_OPT_NO_UNINSTALL 2UL
#if MYPLUGLOAD_ABI_GENERATION >= 80
#define PLUGIN_OPT_ALLOW_EARLY 4UL
#define PLUGIN_OPT_DEFAULT_OFF 8UL
#define PLUGIN_OPT_DEPENDENT_EXTRA_PLUGINS 16UL
#endif

/* ------------------------------------------------------------------ */
/* System variables                                                    */
/* ------------------------------------------------------------------ */

/* Type codes (low bits of SYS_VAR.flags). */
#define PLUGIN_VAR_BOOL 0x0001
#define PLUGIN_VAR_INT 0x0002
#define PLUGIN_VAR_LONG 0x0003
#define PLUGIN_VAR_LONGLONG 0x0004
#define PLUGIN_VAR_STR 0x0005
#define PLUGIN_VAR_ENUM 0x0006
#define PLUGIN_VAR_SET 0x0007
#define PLUGIN_VAR_DOUBLE 0x0008
#define PLUGIN_VAR_UNSIGNED 0x0080
#define PLUGIN_VAR_THDLOCAL 0x0100 /* session variable */

/* Option bits a caller may pass in `opt`. */
#define PLUGIN_VAR_READONLY 0x0200
#define PLUGIN_VAR_NOSYSVAR 0x0400 /* no @@ variable, option only */
#define PLUGIN_VAR_NOCMDOPT 0x0800 /* no command-line option */
#define PLUGIN_VAR_NOCMDARG 0x1000 /* option takes no argument */
#define PLUGIN_VAR_RQCMDARG 0x0000 /* option needs an argument */
#define PLUGIN_VAR_OPCMDARG 0x2000 /* option argument is optional */
#define PLUGIN_VAR_NODEFAULT 0x4000 /* SET ... = DEFAULT is refused */
#define PLUGIN_VAR_MEMALLOC 0x8000 /* server copies string values */
#if MYPLUGLOAD_ABI_GENERATION >= 80
#define PLUGIN_VAR_NOPERSIST 0x10000
#define PLUGIN_VAR_PERSIST_AS_READ_ONLY 0x20000
#define PLUGIN_VAR_INVISIBLE 0x40000
#define PLUGIN_VAR_SENSITIVE 0x80000
#define PLUGIN_VAR_MASK                                                  \
  (PLUGIN_VAR_READONLY | PLUGIN_VAR_NOSYSVAR | PLUGIN_VAR_NOCMDOPT |    \
   PLUGIN_VAR_NOCMDARG | PLUGIN_VAR_OPCMDARG | PLUGIN_VAR_RQCMDARG |    \
   PLUGIN_VAR_MEMALLOC | PLUGIN_VAR_NODEFAULT | PLUGIN_VAR_NOPERSIST |  \
   PLUGIN_VAR_PERSIST_AS_READ_ONLY | PLUGIN_VAR_INVISIBLE |             \
   PLUGIN_VAR_SENSITIVE)
#else
#define PLUGIN_VAR_INVISIBLE 0x10000
#define PLUGIN_VAR_MASK                                                  \
  (PLUGIN_VAR_READONLY | PLUGIN_VAR_NOSYSVAR | PLUGIN_VAR_NOCMDOPT |    \
   PLUGIN_VAR_NOCMDARG | PLUGIN_VAR_OPCMDARG | PLUGIN_VAR_RQCMDARG |    \
   PLUGIN_VAR_MEMALLOC | PLUGIN_VAR_NODEFAULT | PLUGIN_VAR_INVISIBLE)
#endif

MYPLUGLOAD_C_BEGIN

struct SYS_VAR;
typedef struct SYS_VAR SYS_VAR;

/* 5.x spelling of the tag. */
#define st_mysql_sys_var SYS_VAR

/* Value handed to a check function; val_real/val_int return 1 for NULL. */
#define MYSQL_VALUE_TYPE_STRING 0
#define MYSQL_VALUE_TYPE_REAL 1
#define MYSQL_VALUE_TYPE_INT 2

struct st_mysql_value {
  int (*value_type)(struct st_mysql_value *value);
  const char *(*val_str)(struct st_mysql_value *value, char *buffer,
                         int *length);
  int (*val_real)(struct st_mysql_value *value, double *realbuf);
  int (*val_int)(struct st_mysql_value *value, long long *intbuf);
  int (*is_unsigned)(struct st_mysql_value *value);
};

/* Validate *value and store the parsed result in *save; non-zero = reject. */
typedef int (*mysql_var_check_func)(MYSQL_THD thd, SYS_VAR *var, void *save,
                                    struct st_mysql_value *value);
/* Copy *save into *var_ptr (the variable's storage). */
typedef void (*mysql_var_update_func)(MYSQL_THD thd, SYS_VAR *var,
                                      void *var_ptr, const void *save);

/* Common prefix of every variable descriptor.
   LP64: flags 0, name 8, comment 16, check 24, update 32. */
#define MYSQL_PLUGIN_VAR_HEADER  \
  int flags;                     \
  const char *name;              \
  const char *comment;           \
  mysql_var_check_func check;    \
  mysql_var_update_func update

struct SYS_VAR {
  MYSQL_PLUGIN_VAR_HEADER;
};

MYPLUGLOAD_C_END

/* C type of BOOL variables: bool in 8.0, char in 5.5-5.7. Sources built in
   both generations can declare their variables with this type. */
#if MYPLUGLOAD_ABI_GENERATION >= 80
typedef bool myplugload_sysvar_bool;
#else
typedef char myplugload_sysvar_bool;
typedef char my_bool;
#endif

#define MYSQL_SYSVAR_NAME(name) mysql_sysvar_##name
#define MYSQL_SYSVAR(name) \
  MYPLUGLOAD_REINTERPRET_CAST(SYS_VAR *, &(MYSQL_SYSVAR_NAME(name)))

/*
 * Descriptor shapes.  Each macro starts a definition of a variable named
 * mysql_sysvar_<name> of an unnamed struct type; the MYSQL_SYSVAR_* and
 * MYSQL_THDVAR_* macros below append the initializer.  Write `static`
 * in front, as MySQL plugin sources do.
 */

/* value 40, def_val 48.  `const type` is textual: for char * it reads
   const char *, so string literals are accepted in C++. */
#define DECLARE_MYSQL_SYSVAR_BASIC(name, type) \
  struct {                                     \
    MYSQL_PLUGIN_VAR_HEADER;                   \
    type *value;                               \
    const type def_val;                        \
  } MYSQL_SYSVAR_NAME(name)

/* value 40, def_val/min_val/max_val/blk_sz from 48 */
#define DECLARE_MYSQL_SYSVAR_SIMPLE(name, type) \
  struct {                                      \
    MYSQL_PLUGIN_VAR_HEADER;                    \
    type *value;                                \
    type def_val;                               \
    type min_val;                               \
    type max_val;                               \
    type blk_sz;                                \
  } MYSQL_SYSVAR_NAME(name)

/* value 40, def_val 48, typelib 56 */
#define DECLARE_MYSQL_SYSVAR_TYPELIB(name, type) \
  struct {                                       \
    MYSQL_PLUGIN_VAR_HEADER;                     \
    type *value;                                 \
    type def_val;                                \
    TYPELIB *typelib;                            \
  } MYSQL_SYSVAR_NAME(name)

/* offset 40, def_val, resolve; the server fills offset and resolve. */
#define DECLARE_MYSQL_THDVAR_BASIC(name, type)           \
  struct {                                               \
    MYSQL_PLUGIN_VAR_HEADER;                             \
    int offset;                                          \
    const type def_val;                                  \
    type *(*resolve)(MYSQL_THD thd, int offset);         \
  } MYSQL_SYSVAR_NAME(name)

#define DECLARE_MYSQL_THDVAR_SIMPLE(name, type)          \
  struct {                                               \
    MYSQL_PLUGIN_VAR_HEADER;                             \
    int offset;                                          \
    type def_val;                                        \
    type min_val;                                        \
    type max_val;                                        \
    type blk_sz;                                         \
    type *(*resolve)(MYSQL_THD thd, int offset);         \
  } MYSQL_SYSVAR_NAME(name)

/* resolve comes before typelib in this shape. */
#define DECLARE_MYSQL_THDVAR_TYPELIB(name, type)         \
  struct {                                               \
    MYSQL_PLUGIN_VAR_HEADER;                             \
    int offset;                                          \
    type def_val;                                        \
    type *(*resolve)(MYSQL_THD thd, int offset);         \
    TYPELIB *typelib;                                    \
  } MYSQL_SYSVAR_NAME(name)

/* Global variables: the plugin owns the storage `varname`. */

#define MYSQL_SYSVAR_BOOL(name, varname, opt, comment, check, update, def) \
  DECLARE_MYSQL_SYSVAR_BASIC(name, myplugload_sysvar_bool) = {             \
      PLUGIN_VAR_BOOL | ((opt) & PLUGIN_VAR_MASK),                         \
      #name, comment, check, update, &varname, def}

#define MYSQL_SYSVAR_STR(name, varname, opt, comment, check, update, def) \
  DECLARE_MYSQL_SYSVAR_BASIC(name, char *) = {                            \
      PLUGIN_VAR_STR | ((opt) & PLUGIN_VAR_MASK),                         \
      #name, comment, check, update, &varname, def}

#define MYSQL_SYSVAR_INT(name, varname, opt, comment, check, update, def, \
                         min, max, blk)                                   \
  DECLARE_MYSQL_SYSVAR_SIMPLE(name, int) = {                              \
      PLUGIN_VAR_INT | ((opt) & PLUGIN_VAR_MASK),                         \
      #name, comment, check, update, &varname, def, min, max, blk}

#define MYSQL_SYSVAR_UINT(name, varname, opt, comment, check, update, def,  \
                          min, max, blk)                                    \
  DECLARE_MYSQL_SYSVAR_SIMPLE(name, unsigned int) = {                       \
      PLUGIN_VAR_INT | PLUGIN_VAR_UNSIGNED | ((opt) & PLUGIN_VAR_MASK),     \
      #name, comment, check, update, &varname, def, min, max, blk}

#define MYSQL_SYSVAR_LONG(name, varname, opt, comment, check, update, def, \
                          min, max, blk)                                   \
  DECLARE_MYSQL_SYSVAR_SIMPLE(name, long) = {                              \
      PLUGIN_VAR_LONG | ((opt) & PLUGIN_VAR_MASK),                         \
      #name, comment, check, update, &varname, def, min, max, blk}

#define MYSQL_SYSVAR_ULONG(name, varname, opt, comment, check, update, def, \
                           min, max, blk)                                   \
  DECLARE_MYSQL_SYSVAR_SIMPLE(name, unsigned long) = {                      \
      PLUGIN_VAR_LONG | PLUGIN_VAR_UNSIGNED | ((opt) & PLUGIN_VAR_MASK),    \
      #name, comment, check, update, &varname, def, min, max, blk}

#define MYSQL_SYSVAR_LONGLONG(name, varname, opt, comment, check, update, \
                              def, min, max, blk)                         \
  DECLARE_MYSQL_SYSVAR_SIMPLE(name, long long) = {                        \
      PLUGIN_VAR_LONGLONG | ((opt) & PLUGIN_VAR_MASK),                    \
      #name, comment, check, update, &varname, def, min, max, blk}

#define MYSQL_SYSVAR_ULONGLONG(name, varname, opt, comment, check, update, \
                               def, min, max, blk)                         \
  DECLARE_MYSQL_SYSVAR_SIMPLE(name, unsigned long long) = {                \
      PLUGIN_VAR_LONGLONG | PLUGIN_VAR_UNSIGNED |                          \
          ((opt) & PLUGIN_VAR_MASK),                                       \
      #name, comment, check, update, &varname, def, min, max, blk}

#define MYSQL_SYSVAR_ENUM(name, varname, opt, comment, check, update, def, \
                          typelib)                                         \
  DECLARE_MYSQL_SYSVAR_TYPELIB(name, unsigned long) = {                    \
      PLUGIN_VAR_ENUM | ((opt) & PLUGIN_VAR_MASK),                         \
      #name, comment, check, update, &varname, def, typelib}

#define MYSQL_SYSVAR_SET(name, varname, opt, comment, check, update, def, \
                         typelib)                                         \
  DECLARE_MYSQL_SYSVAR_TYPELIB(name, unsigned long long) = {              \
      PLUGIN_VAR_SET | ((opt) & PLUGIN_VAR_MASK),                         \
      #name, comment, check, update, &varname, def, typelib}

#define MYSQL_SYSVAR_DOUBLE(name, varname, opt, comment, check, update, def, \
                            min, max, blk)                                   \
  DECLARE_MYSQL_SYSVAR_SIMPLE(name, double) = {                              \
      PLUGIN_VAR_DOUBLE | ((opt) & PLUGIN_VAR_MASK),                         \
      #name, comment, check, update, &varname, def, min, max, blk}

/* Session variables: the server owns the storage. */

#define MYSQL_THDVAR_BOOL(name, opt, comment, check, update, def)       \
  DECLARE_MYSQL_THDVAR_BASIC(name, myplugload_sysvar_bool) = {          \
      PLUGIN_VAR_BOOL | PLUGIN_VAR_THDLOCAL | ((opt) & PLUGIN_VAR_MASK), \
      #name, comment, check, update, -1, def, NULL}

#define MYSQL_THDVAR_STR(name, opt, comment, check, update, def)       \
  DECLARE_MYSQL_THDVAR_BASIC(name, char *) = {                         \
      PLUGIN_VAR_STR | PLUGIN_VAR_THDLOCAL | ((opt) & PLUGIN_VAR_MASK), \
      #name, comment, check, update, -1, def, NULL}

#define MYSQL_THDVAR_INT(name, opt, comment, check, update, def, min, max, \
                         blk)                                              \
  DECLARE_MYSQL_THDVAR_SIMPLE(name, int) = {                               \
      PLUGIN_VAR_INT | PLUGIN_VAR_THDLOCAL | ((opt) & PLUGIN_VAR_MASK),    \
      #name, comment, check, update, -1, def, min, max, blk, NULL}

#define MYSQL_THDVAR_UINT(name, opt, comment, check, update, def, min, max, \
                          blk)                                              \
  DECLARE_MYSQL_THDVAR_SIMPLE(name, unsigned int) = {                       \
      PLUGIN_VAR_INT | PLUGIN_VAR_THDLOCAL | PLUGIN_VAR_UNSIGNED |          \
          ((opt) & PLUGIN_VAR_MASK),                                        \
      #name, comment, check, update, -1, def, min, max, blk, NULL}

#define MYSQL_THDVAR_LONG(name, opt, comment, check, update, def, min, max, \
                          blk)                                              \
  DECLARE_MYSQL_THDVAR_SIMPLE(name, long) = {                               \
      PLUGIN_VAR_LONG | PLUGIN_VAR_THDLOCAL | ((opt) & PLUGIN_VAR_MASK),    \
      #name, comment, check, update, -1, def, min, max, blk, NULL}

#define MYSQL_THDVAR_ULONG(name, opt, comment, check, update, def, min, max, \
                           blk)                                              \
  DECLARE_MYSQL_THDVAR_SIMPLE(name, unsigned long) = {                       \
      PLUGIN_VAR_LONG | PLUGIN_VAR_THDLOCAL | PLUGIN_VAR_UNSIGNED |          \
          ((opt) & PLUGIN_VAR_MASK),                                         \
      #name, comment, check, update, -1, def, min, max, blk, NULL}

#define MYSQL_THDVAR_LONGLONG(name, opt, comment, check, update, def, min, \
                              max, blk)                                    \
  DECLARE_MYSQL_THDVAR_SIMPLE(name, long long) = {                         \
      PLUGIN_VAR_LONGLONG | PLUGIN_VAR_THDLOCAL |                          \
          ((opt) & PLUGIN_VAR_MASK),                                       \
      #name, comment, check, update, -1, def, min, max, blk, NULL}

#define MYSQL_THDVAR_ULONGLONG(name, opt, comment, check, update, def, min, \
                               max, blk)                                    \
  DECLARE_MYSQL_THDVAR_SIMPLE(name, unsigned long long) = {                 \
      PLUGIN_VAR_LONGLONG | PLUGIN_VAR_THDLOCAL | PLUGIN_VAR_UNSIGNED |     \
          ((opt) & PLUGIN_VAR_MASK),                                        \
      #name, comment, check, update, -1, def, min, max, blk, NULL}

#define MYSQL_THDVAR_ENUM(name, opt, comment, check, update, def, typelib) \
  DECLARE_MYSQL_THDVAR_TYPELIB(name, unsigned long) = {                    \
      PLUGIN_VAR_ENUM | PLUGIN_VAR_THDLOCAL | ((opt) & PLUGIN_VAR_MASK),   \
      #name, comment, check, update, -1, def, NULL, typelib}

#define MYSQL_THDVAR_SET(name, opt, comment, check, update, def, typelib) \
  DECLARE_MYSQL_THDVAR_TYPELIB(name, unsigned long long) = {              \
      PLUGIN_VAR_SET | PLUGIN_VAR_THDLOCAL | ((opt) & PLUGIN_VAR_MASK),   \
      #name, comment, check, update, -1, def, NULL, typelib}

#define MYSQL_THDVAR_DOUBLE(name, opt, comment, check, update, def, min, max, \
                            blk)                                              \
  DECLARE_MYSQL_THDVAR_SIMPLE(name, double) = {                               \
      PLUGIN_VAR_DOUBLE | PLUGIN_VAR_THDLOCAL | ((opt) & PLUGIN_VAR_MASK),    \
      #name, comment, check, update, -1, def, min, max, blk, NULL}

/* Current value of a global variable. */
#define SYSVAR(name) (*(MYSQL_SYSVAR_NAME(name).value))

/* Value of a session variable in thd (thd == NULL: the global value). */
#define THDVAR(thd, name) \
  (*(MYSQL_SYSVAR_NAME(name).resolve(thd, MYSQL_SYSVAR_NAME(name).offset)))

/* Safely replace a session string variable (calls into the server). */
#define THDVAR_SET(thd, name, value)                    \
  plugin_thdvar_safe_update(thd, MYSQL_SYSVAR(name),    \
                            (char **)&THDVAR(thd, name), \
                            (const char *)(value))

/* ------------------------------------------------------------------ */
/* The plugin descriptor                                               */
/* ------------------------------------------------------------------ */

MYPLUGLOAD_C_BEGIN

/*
 * LP64 offsets, 8.0: type 0, info 8, name 16, author 24, descr 32,
 * license 40, init 48, check_uninstall 56, deinit 64, version 72,
 * status_vars 80, system_vars 88, __reserved1 96, flags 104; sizeof 112.
 * 5.5-5.7: no check_uninstall, so deinit 56 ... flags 96; sizeof 104.
 */
struct st_mysql_plugin {
  int type;           /* MYSQL_*_PLUGIN */
  void *info;         /* type descriptor; starts with int interface_version */
  const char *name;
  const char *author;
  const char *descr;
  int license;        /* PLUGIN_LICENSE_* */
  int (*init)(MYSQL_PLUGIN plugin);
#if MYPLUGLOAD_ABI_GENERATION >= 80
  int (*check_uninstall)(MYSQL_PLUGIN plugin); /* non-zero: refuse UNINSTALL */
#endif
  int (*deinit)(MYSQL_PLUGIN plugin);
  unsigned int version; /* 0xMMmm, shown as "MM.mm" */
  SHOW_VAR *status_vars;
  SYS_VAR **system_vars; /* NULL-terminated */
  void *__reserved1;
  unsigned long flags; /* PLUGIN_OPT_* */
};

MYPLUGLOAD_C_END

#ifdef MYPLUGLOAD_LP64
#if MYPLUGLOAD_ABI_GENERATION >= 80
MYPLUGLOAD_STATIC_ASSERT(sizeof(struct st_mysql_plugin) == 112,
                         "st_mysql_plugin must be 112 bytes (8.0)");
MYPLUGLOAD_STATIC_ASSERT(offsetof(struct st_mysql_plugin, version) == 72,
                         "st_mysql_plugin.version at 72 (8.0)");
MYPLUGLOAD_STATIC_ASSERT(offsetof(struct st_mysql_plugin, flags) == 104,
                         "st_mysql_plugin.flags at 104 (8.0)");
#else
MYPLUGLOAD_STATIC_ASSERT(sizeof(struct st_mysql_plugin) == 104,
                         "st_mysql_plugin must be 104 bytes (5.7)");
MYPLUGLOAD_STATIC_ASSERT(offsetof(struct st_mysql_plugin, version) == 64,
                         "st_mysql_plugin.version at 64 (5.7)");
MYPLUGLOAD_STATIC_ASSERT(offsetof(struct st_mysql_plugin, flags) == 96,
                         "st_mysql_plugin.flags at 96 (5.7)");
#endif
#endif

/*
 * Positional slot for check_uninstall: expands to `fn,` in 8.0 and to
 * nothing in 5.5-5.7, so one initializer serves both generations:
 *   init, MYPLUGLOAD_CHECK_UNINSTALL(NULL) deinit, ...
 */
#if MYPLUGLOAD_ABI_GENERATION >= 80
#define MYPLUGLOAD_CHECK_UNINSTALL(fn) fn,
#else
#define MYPLUGLOAD_CHECK_UNINSTALL(fn)
#endif

/*
 * Declaration array.  Usage:
 *   mysql_declare_plugin(name)
 *   { ... one st_mysql_plugin ... },
 *   { ... another ... }
 *   mysql_declare_plugin_end;
 * With MYSQL_DYNAMIC_PLUGIN this defines the three exported symbols
 * _mysql_plugin_interface_version_, _mysql_sizeof_struct_st_plugin_ and
 * _mysql_plugin_declarations_; otherwise builtin_<name>_plugin_interface_version,
 * builtin_<name>_sizeof_struct_st_plugin and builtin_<name>_plugin.
 */
#define MYPLUGLOAD_DECLARE_PLUGIN(VERSION_SYM, SIZE_SYM, DECLS_SYM)          \
  MYPLUGLOAD_EXPORT_VAR_DECL(int VERSION_SYM)                              \
  MYPLUGLOAD_EXPORT_VAR_DECL(int SIZE_SYM)                                 \
  MYPLUGLOAD_EXPORT_VAR_DECL(struct st_mysql_plugin DECLS_SYM[])           \
  MYPLUGLOAD_VISIBLE int VERSION_SYM = MYSQL_PLUGIN_INTERFACE_VERSION;     \
  MYPLUGLOAD_VISIBLE int SIZE_SYM =                                        \
      MYPLUGLOAD_STATIC_CAST(int, sizeof(struct st_mysql_plugin));         \
  MYPLUGLOAD_VISIBLE struct st_mysql_plugin DECLS_SYM[] = {

#ifdef MYSQL_DYNAMIC_PLUGIN
#define mysql_declare_plugin(NAME)                              \
  MYPLUGLOAD_DECLARE_PLUGIN(_mysql_plugin_interface_version_,   \
                            _mysql_sizeof_struct_st_plugin_,    \
                            _mysql_plugin_declarations_)
#else
#define mysql_declare_plugin(NAME)                                  \
  MYPLUGLOAD_DECLARE_PLUGIN(builtin_##NAME##_plugin_interface_version, \
                            builtin_##NAME##_sizeof_struct_st_plugin,  \
                            builtin_##NAME##_plugin)
#endif

/* All-zero terminator element (the loader stops at info == NULL). */
#if MYPLUGLOAD_ABI_GENERATION >= 80
#define mysql_declare_plugin_end                                          \
  , {                                                                     \
    0, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, 0, NULL, NULL, NULL, 0 \
  }                                                                       \
  }
#else
#define mysql_declare_plugin_end                                    \
  , {                                                               \
    0, NULL, NULL, NULL, NULL, 0, NULL, NULL, 0, NULL, NULL, NULL, 0 \
  }                                                                 \
  }
#endif

/* ------------------------------------------------------------------ */
/* Type descriptors without their own header                           */
/* ------------------------------------------------------------------ */

/* DAEMON, INFORMATION SCHEMA and STORAGE ENGINE descriptors are accepted
   only by a server whose MYSQL_VERSION_ID equals the one compiled in. */
#define MYSQL_DAEMON_INTERFACE_VERSION (MYSQL_VERSION_ID << 8)
#define MYSQL_INFORMATION_SCHEMA_INTERFACE_VERSION (MYSQL_VERSION_ID << 8)
#define MYSQL_HANDLERTON_INTERFACE_VERSION (MYSQL_VERSION_ID << 8)
#define MYSQL_REPLICATION_INTERFACE_VERSION 0x0400

/* Query-rewrite plugins are AUDIT plugins with these descriptor versions. */
#define MYSQL_REWRITE_PRE_PARSE_INTERFACE_VERSION 0x0010
#define MYSQL_REWRITE_POST_PARSE_INTERFACE_VERSION 0x0010

struct st_mysql_daemon {
  int interface_version;
};

struct st_mysql_information_schema {
  int interface_version;
};

struct st_mysql_storage_engine {
  int interface_version;
};

struct Mysql_replication {
  int interface_version;
};

/* ------------------------------------------------------------------ */
/* Server functions a plugin may call (resolved against the server)    */
/* ------------------------------------------------------------------ */

#define MYSQL_XIDDATASIZE 128

/* XA transaction id. LP64: formatID 0, gtrid_length 8, bqual_length 16,
   data 24; sizeof 152. */
struct MYSQL_XID {
  long formatID;
  long gtrid_length;
  long bqual_length;
  char data[MYSQL_XIDDATASIZE];
};
typedef struct MYSQL_XID MYSQL_XID;

struct handlerton;

MYPLUGLOAD_C_BEGIN

void plugin_thdvar_safe_update(MYSQL_THD thd, SYS_VAR *var, char **dest,
                               const char *value);

int thd_in_lock_tables(const MYSQL_THD thd);
int thd_tablespace_op(const MYSQL_THD thd);
long long thd_test_options(const MYSQL_THD thd, long long test_options);
int thd_sql_command(const MYSQL_THD thd);
int thd_command(const MYSQL_THD thd);
const char *set_thd_proc_info(MYSQL_THD thd, const char *info,
                              const char *calling_func,
                              const char *calling_file,
                              const unsigned int calling_line);
#define thd_proc_info(thd, msg) \
  set_thd_proc_info(thd, msg, __func__, __FILE__, __LINE__)
void *thd_get_ha_data(const MYSQL_THD thd, const struct handlerton *hton);
void thd_set_ha_data(MYSQL_THD thd, const struct handlerton *hton,
                     const void *ha_data);
void thd_storage_lock_wait(MYSQL_THD thd, long long value);
int thd_tx_isolation(const MYSQL_THD thd);
int thd_tx_is_read_only(const MYSQL_THD thd);
int thd_tx_priority(const MYSQL_THD thd);
MYSQL_THD thd_tx_arbitrate(MYSQL_THD requestor, MYSQL_THD holder);
char *thd_security_context(MYSQL_THD thd, char *buffer, size_t length,
                           size_t max_query_len);
void thd_inc_row_count(MYSQL_THD thd);
int thd_allow_batch(MYSQL_THD thd);
void thd_mark_transaction_to_rollback(MYSQL_THD thd, int all);
int mysql_tmpfile(const char *prefix);
int thd_killed(const void *thd);
void thd_set_kill_status(const MYSQL_THD thd);
void thd_binlog_pos(const MYSQL_THD thd, const char **file_var,
                    unsigned long long *pos_var);
int thd_binlog_format(const MYSQL_THD thd);
int thd_non_transactional_update(const MYSQL_THD thd);
int thd_slave_thread(const MYSQL_THD thd);
unsigned long thd_get_thread_id(const MYSQL_THD thd);
void thd_get_xid(const MYSQL_THD thd, MYSQL_XID *xid);
void thd_get_autoinc(const MYSQL_THD thd, unsigned long *off,
                     unsigned long *inc);

MYPLUGLOAD_C_END

#endif /* MYPLUGLOAD_MYSQL_PLUGIN_H */
