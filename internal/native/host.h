/*
 * The C side of the myplugload host: what plugins call or point to.
 * Only package internal/native includes it.
 */
#ifndef MYPLUGLOAD_NATIVE_HOST_H
#define MYPLUGLOAD_NATIVE_HOST_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

/* Size of each block of session variables (the global one and each
   session's). Offsets of THD-local variables are handed out inside it. */
#define MYP_DYNVARS_SIZE 16384

/* A condition a plugin raised for the session (my_error, my_printf_error). */
#define MYP_MAX_CONDS 64
#define MYP_COND_LEN 512
struct myp_cond {
  int level; /* 0 note, 1 warning, 2 error */
  unsigned code;
  char msg[MYP_COND_LEN];
};

/* A block thd_alloc handed out: freed at the end of the statement. */
struct myp_alloc {
  struct myp_alloc *next;
};

#define MYP_MAX_SPECIFICS 64

/* A security context (MySQL's security_context service): the account.
   The THD's own one points at the THD's strings; one a plugin created
   owns copies (owned != 0). */
struct myp_sec_ctx {
  const char *user, *host, *ip;
  int owned;
};

/* The THD a plugin receives as MYSQL_THD. Opaque to plugins; the thd_*
   functions, resolve and the services read it. The strings are owned by
   the host (Go sets them). */
struct myp_thd {
  uint64_t magic; /* MYP_THD_MAGIC */
  unsigned long thread_id;
  int sql_command;
  char *dynvars; /* this session's block of THD-local variables */
  int killed;
  const char *user, *host, *ip, *db, *priv_user, *external_user, *query;
  unsigned long long query_id;
  const char *proc_info;
  struct myp_alloc *allocs;
  void *specifics[MYP_MAX_SPECIFICS];
  pthread_mutex_t cond_lock;
  int ncond;
  struct myp_cond conds[MYP_MAX_CONDS];
  unsigned last_error;
  char last_error_msg[MYP_COND_LEN];
  unsigned long error_row;
  struct myp_sec_ctx sctx; /* thd_get_security_context's answer */
};
#define MYP_THD_MAGIC 0x3148545044594d4dULL /* "MMYDPTH1" */

/* The value thunk given to a plugin's check function: st_mysql_value
   (five function pointers) followed by the value. */
struct myp_value {
  void *value_type, *val_str, *val_real, *val_int, *is_unsigned;
  int type;        /* 0 STRING, 1 REAL, 2 INT */
  int is_null;
  int is_unsigned_; /* for INT */
  int str_len;
  long long ival;
  double rval;
  const char *str;
};

char *myp_global_dynvars(void);

/* The session whose statement is running on this thread (mysqld's
   current_thd): the host sets it around every call into a plugin; plugin
   threads have none. */
extern __thread struct myp_thd *myp_current_thd;

struct myp_thd *myp_thd_new(unsigned long thread_id);
void myp_thd_free(struct myp_thd *t);
void myp_thd_end_statement(struct myp_thd *t);
int myp_thd_take_conds(struct myp_thd *t, struct myp_cond *out, int max);
struct myp_cond *myp_thd_take_conds_copy(struct myp_thd *t, int *n);
void myp_thd_add_cond(struct myp_thd *t, int level, unsigned code, const char *msg);
void myp_set_server_version(const char *v);
void myp_set_data_home(const char *dir);
const void *myp_service_handler(const char *name);
int myp_call_int1_thd(void *fn, void *arg, void *thd);
void *myp_resolve_addr(void);
void myp_value_init(struct myp_value *v);
/* cur, when not NULL, is the session that receives the conditions the
   function raises (my_error) when thd is NULL: a SET GLOBAL without a
   client session. */
int myp_call_check(void *fn, void *thd, void *cur, void *var, void *save, struct myp_value *v);
void myp_call_update(void *fn, void *thd, void *cur, void *var, void *var_ptr, const void *save);
int myp_call_int1(void *fn, void *arg);
int myp_call_show_func(void *fn, void *thd, void *var, void *buf);
void *myp_default_check(int type);
void *myp_default_update(int type);

/* Audit: the registered audit plugins, kept by the host in C memory.
   Classes and subclasses are given as MySQL 0x0401 numbers: the class
   number and the subclass *index* (bit index of MySQL's flag; MariaDB's
   subclass numbers are the same indices). MariaDB's TABLE class is 15. */
enum { MYP_AUDIT_MARIADB = 1, MYP_AUDIT_MYSQL = 2 };
enum {
  MYP_AUDIT_GENERAL = 0,
  MYP_AUDIT_CONNECTION = 1,
  MYP_AUDIT_PARSE = 2,
  MYP_AUDIT_AUTHORIZATION = 3,
  MYP_AUDIT_TABLE_ACCESS = 4,
  MYP_AUDIT_GLOBAL_VARIABLE = 5,
  MYP_AUDIT_SERVER_STARTUP = 6,
  MYP_AUDIT_SERVER_SHUTDOWN = 7,
  MYP_AUDIT_COMMAND = 8,
  MYP_AUDIT_QUERY = 9,
  MYP_AUDIT_STORED_PROGRAM = 10,
  MYP_AUDIT_AUTHENTICATION = 11,
  MYP_AUDIT_MESSAGE = 12,
  MYP_AUDIT_MARIADB_TABLE = 15
};
enum { MYP_GENERAL_LOG = 0, MYP_GENERAL_ERROR = 1, MYP_GENERAL_RESULT = 2, MYP_GENERAL_STATUS = 3 };
enum { MYP_CONNECTION_CONNECT = 0, MYP_CONNECTION_DISCONNECT = 1, MYP_CONNECTION_CHANGE_USER = 2,
       MYP_CONNECTION_PRE_AUTHENTICATE = 3 };
#define MYP_MAX_AUDIT 32
struct myp_audit_plugin {
  void *notify;
  int api;    /* MYP_AUDIT_MARIADB or MYP_AUDIT_MYSQL */
  int nmasks; /* class_mask entries: 1 (MariaDB), 11 (MySQL 5.7), 13 (MySQL 8.0) */
  int active;
  unsigned long masks[16];
};
struct myp_audit_list {
  int n;
  struct myp_audit_plugin p[MYP_MAX_AUDIT];
};
/* What an event carries beyond the session's identity (user, host, ip,
   database, thread and query id come from the THD). Unused members are
   zero/NULL; a NULL string is delivered as "" with length 0. */
struct myp_event {
  int error_code;               /* GENERAL error; QUERY/COMMAND/STORED_PROGRAM status */
  int status;                   /* CONNECTION and AUTHENTICATION status */
  unsigned long long rows;      /* GENERAL rows */
  const char *command;          /* "Query", "Init DB", the error text for GENERAL ERROR */
  const char *query;            /* GENERAL/QUERY/TABLE_ACCESS/GLOBAL_VARIABLE/PARSE/STORED_PROGRAM query text */
  const char *sql_command_name; /* MySQL: general_sql_command ("select") */
  int sql_command_id;           /* MySQL enum_sql_command (QUERY, TABLE_ACCESS, GLOBAL_VARIABLE, AUTHENTICATION...) */
  int command_id;               /* COMMAND: enum_server_command (3 = COM_QUERY) */
  int connection_type;          /* CONNECTION (MySQL): 1 TCP/IP, 2 socket... */
  const char *database, *table; /* TABLE_ACCESS, MariaDB TABLE; STORED_PROGRAM: database and name */
  const char *new_database, *new_table; /* MariaDB TABLE RENAME */
  int read_only;                        /* MariaDB TABLE LOCK */
  const char *variable_name, *variable_value; /* GLOBAL_VARIABLE */
  int argc;                             /* SERVER_STARTUP */
  const char **argv;
  int shutdown_reason, exit_code;       /* SERVER_SHUTDOWN */
  const char *account_user, *account_host;         /* AUTHENTICATION: the account acted on */
  const char *new_user, *new_host, *auth_plugin;   /* AUTHENTICATION: rename target, plugin */
  int is_role;
  const char *component, *producer, *message;      /* MESSAGE */
  int message_type;                                /* MESSAGE: 1 INTERNAL, 2 USER */
  int parse_flags;          /* PARSE in: the flags word; out: what the plugins left in it */
  char *rewritten_query;    /* PARSE out: a rewrite a plugin made (malloc'ed, caller frees), or NULL */
};
/* Delivers one event to every plugin of l subscribed to it, in each
   plugin's own API generation and layout. Returns the index of the first
   plugin that refused an abortable event, or -1; *rc gets that plugin's
   return code. */
int myp_audit_dispatch(const struct myp_audit_list *l, struct myp_thd *thd, int cls, int sub,
                       struct myp_event *ev, int *rc);

/* Benchmark support (bench.c): a list of n no-op MySQL-API plugins, and a
   dispatch loop in C. */
void myp_bench_audit_list(struct myp_audit_list *l, int n);
void myp_bench_audit_c(const struct myp_audit_list *l, struct myp_thd *t, long long iters);
void myp_bench_statement_c(const struct myp_audit_list *l, struct myp_thd *t, long long iters);

#endif
