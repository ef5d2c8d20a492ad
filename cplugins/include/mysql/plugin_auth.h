/*
 * myplugload clean-room plugin headers: server-side AUTHENTICATION plugins.
 * 8.0: API 0x0201 (compare_password_with_hash, multi-factor fields).
 * 5.5-5.7 (-DMYPLUGLOAD_ABI_57): API 0x0101.
 */
#ifndef MYPLUGLOAD_MYSQL_PLUGIN_AUTH_H
#define MYPLUGLOAD_MYSQL_PLUGIN_AUTH_H

#include "mysql/abi_generation.h"
#include "mysql/plugin.h"
#include "mysql/plugin_auth_common.h"

#if MYPLUGLOAD_ABI_GENERATION >= 80
#define MYSQL_AUTHENTICATION_INTERFACE_VERSION 0x0201
#else
#define MYSQL_AUTHENTICATION_INTERFACE_VERSION 0x0101
#endif

/* MYSQL_SERVER_AUTH_INFO.password_used */
#define PASSWORD_USED_NO 0
#define PASSWORD_USED_YES 1
#define PASSWORD_USED_NO_MENTION 2

/* st_mysql_auth.authentication_flags */
#define AUTH_FLAG_PRIVILEGED_USER_FOR_PASSWORD_CHANGE (1UL << 0)
#define AUTH_FLAG_USES_INTERNAL_STORAGE (1UL << 1)
#if MYPLUGLOAD_ABI_GENERATION >= 80
#define AUTH_FLAG_REQUIRES_REGISTRATION (1UL << 2)
#endif

#if MYPLUGLOAD_ABI_GENERATION >= 80
/* One authentication factor of an account. LP64 sizeof 24. */
typedef struct auth_factor_desc {
  const char *auth_string;
  unsigned long auth_string_length;
  unsigned int is_registration_required;
} auth_factor_desc;
#endif

/*
 * What the server tells the plugin about the login.  LP64 offsets:
 * user_name 0, user_name_length 8, auth_string 16, auth_string_length 24,
 * authenticated_as 32, external_user 129, password_used 644,
 * host_or_ip 648, host_or_ip_length 656; 8.0 adds
 * additional_auth_string 664, additional_auth_string_length 672,
 * current_auth_factor 680, multi_factor_auth_info 688; sizeof 696
 * (5.5-5.7: 664).
 */
typedef struct MYSQL_SERVER_AUTH_INFO {
  char *user_name;
  unsigned int user_name_length;
  const char *auth_string;
  unsigned long auth_string_length;
  char authenticated_as[MYSQL_USERNAME_LENGTH + 1];
  char external_user[512];
  int password_used;
  const char *host_or_ip;
  unsigned int host_or_ip_length;
#if MYPLUGLOAD_ABI_GENERATION >= 80
  const char *additional_auth_string;
  unsigned long additional_auth_string_length;
  unsigned int current_auth_factor;
  auth_factor_desc *multi_factor_auth_info;
#endif
} MYSQL_SERVER_AUTH_INFO;

/* 5.x spelling of the tag. */
#define st_mysql_server_auth_info MYSQL_SERVER_AUTH_INFO

MYPLUGLOAD_C_BEGIN

/*
 * AUTHENTICATION descriptor.  LP64: interface_version 0,
 * client_auth_plugin 8, authenticate_user 16,
 * generate_authentication_string 24, validate_authentication_string 32,
 * set_salt 40, authentication_flags 48, 8.0: compare_password_with_hash 56;
 * sizeof 64 (5.7: 56).
 */
struct st_mysql_auth {
  int interface_version;
  const char *client_auth_plugin;
  int (*authenticate_user)(MYSQL_PLUGIN_VIO *vio,
                           MYSQL_SERVER_AUTH_INFO *info);
  int (*generate_authentication_string)(char *outbuf,
                                        unsigned int *outbuflen,
                                        const char *inbuf,
                                        unsigned int inbuflen);
  int (*validate_authentication_string)(char *const buf, unsigned int len);
  int (*set_salt)(const char *password, unsigned int password_len,
                  unsigned char *salt, unsigned char *salt_len);
  const unsigned long authentication_flags;
#if MYPLUGLOAD_ABI_GENERATION >= 80
  int (*compare_password_with_hash)(const char *hash,
                                    unsigned long hash_length,
                                    const char *cleartext,
                                    unsigned long cleartext_length,
                                    int *is_error);
#endif
};

MYPLUGLOAD_C_END

#ifdef MYPLUGLOAD_LP64
MYPLUGLOAD_STATIC_ASSERT(offsetof(MYSQL_SERVER_AUTH_INFO, external_user) ==
                             129,
                         "MYSQL_SERVER_AUTH_INFO.external_user at 129");
MYPLUGLOAD_STATIC_ASSERT(offsetof(MYSQL_SERVER_AUTH_INFO, password_used) ==
                             644,
                         "MYSQL_SERVER_AUTH_INFO.password_used at 644");
MYPLUGLOAD_STATIC_ASSERT(offsetof(MYSQL_SERVER_AUTH_INFO, host_or_ip_length) ==
                             656,
                         "MYSQL_SERVER_AUTH_INFO.host_or_ip_length at 656");
#if MYPLUGLOAD_ABI_GENERATION >= 80
MYPLUGLOAD_STATIC_ASSERT(sizeof(auth_factor_desc) == 24,
                         "auth_factor_desc must be 24 bytes");
MYPLUGLOAD_STATIC_ASSERT(offsetof(MYSQL_SERVER_AUTH_INFO,
                                  multi_factor_auth_info) == 688,
                         "MYSQL_SERVER_AUTH_INFO.multi_factor_auth_info at 688");
MYPLUGLOAD_STATIC_ASSERT(sizeof(MYSQL_SERVER_AUTH_INFO) == 696,
                         "MYSQL_SERVER_AUTH_INFO must be 696 bytes (8.0)");
MYPLUGLOAD_STATIC_ASSERT(sizeof(struct st_mysql_auth) == 64,
                         "st_mysql_auth must be 64 bytes (8.0)");
#else
MYPLUGLOAD_STATIC_ASSERT(sizeof(MYSQL_SERVER_AUTH_INFO) == 664,
                         "MYSQL_SERVER_AUTH_INFO must be 664 bytes (5.7)");
MYPLUGLOAD_STATIC_ASSERT(sizeof(struct st_mysql_auth) == 56,
                         "st_mysql_auth must be 56 bytes (5.7)");
#endif
#endif

#endif /* MYPLUGLOAD_MYSQL_PLUGIN_AUTH_H */
