/*
 * myplugload clean-room plugin headers: security_context service
 * (exported pointer security_context_service, VERSION_security_context).
 * Every function returns 0 (false) on success.
 */
#ifndef MYPLUGLOAD_SERVICE_SECURITY_CONTEXT_H
#define MYPLUGLOAD_SERVICE_SECURITY_CONTEXT_H

#include "mysql/abi_generation.h"

typedef char my_svc_bool;
typedef void *MYSQL_SECURITY_CONTEXT;

MYPLUGLOAD_C_BEGIN

struct security_context_service_st {
  my_svc_bool (*thd_get_security_context)(MYSQL_THD thd,
                                          MYSQL_SECURITY_CONTEXT *out_ctx);
  my_svc_bool (*thd_set_security_context)(MYSQL_THD thd,
                                          MYSQL_SECURITY_CONTEXT in_ctx);
  my_svc_bool (*security_context_create)(MYSQL_SECURITY_CONTEXT *out_ctx);
  my_svc_bool (*security_context_destroy)(MYSQL_SECURITY_CONTEXT ctx);
  my_svc_bool (*security_context_copy)(MYSQL_SECURITY_CONTEXT in_ctx,
                                       MYSQL_SECURITY_CONTEXT *out_ctx);
  my_svc_bool (*security_context_lookup)(MYSQL_SECURITY_CONTEXT ctx,
                                         const char *user, const char *host,
                                         const char *ip, const char *db);
  my_svc_bool (*security_context_get_option)(MYSQL_SECURITY_CONTEXT ctx,
                                             const char *name,
                                             void *inout_pvalue);
  my_svc_bool (*security_context_set_option)(MYSQL_SECURITY_CONTEXT ctx,
                                             const char *name, void *pvalue);
};

/* Pointee type of security_context_service (see MYPLUGLOAD_DEFINE_SERVICE). */
#define MYPLUGLOAD_SERVICE_TYPE_security_context struct security_context_service_st

#ifdef MYSQL_DYNAMIC_PLUGIN

extern struct security_context_service_st *security_context_service;

#define thd_get_security_context \
  security_context_service->thd_get_security_context
#define thd_set_security_context \
  security_context_service->thd_set_security_context
#define security_context_create \
  security_context_service->security_context_create
#define security_context_destroy \
  security_context_service->security_context_destroy
#define security_context_copy security_context_service->security_context_copy
#define security_context_lookup \
  security_context_service->security_context_lookup
#define security_context_get_option \
  security_context_service->security_context_get_option
#define security_context_set_option \
  security_context_service->security_context_set_option

#else

my_svc_bool thd_get_security_context(MYSQL_THD thd,
                                     MYSQL_SECURITY_CONTEXT *out_ctx);
my_svc_bool thd_set_security_context(MYSQL_THD thd,
                                     MYSQL_SECURITY_CONTEXT in_ctx);
my_svc_bool security_context_create(MYSQL_SECURITY_CONTEXT *out_ctx);
my_svc_bool security_context_destroy(MYSQL_SECURITY_CONTEXT ctx);
my_svc_bool security_context_copy(MYSQL_SECURITY_CONTEXT in_ctx,
                                  MYSQL_SECURITY_CONTEXT *out_ctx);
my_svc_bool security_context_lookup(MYSQL_SECURITY_CONTEXT ctx,
                                    const char *user, const char *host,
                                    const char *ip, const char *db);
my_svc_bool security_context_get_option(MYSQL_SECURITY_CONTEXT ctx,
                                        const char *name, void *inout_pvalue);
my_svc_bool security_context_set_option(MYSQL_SECURITY_CONTEXT ctx,
                                        const char *name, void *pvalue);

#endif

MYPLUGLOAD_C_END

#endif /* MYPLUGLOAD_SERVICE_SECURITY_CONTEXT_H */
