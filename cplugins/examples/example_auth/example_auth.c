/*
 * example_auth.c - example MySQL-ABI server authentication plugin for
 * myplugload.
 *
 * The account's authentication_string holds the password in clear,
 * optionally followed by ":<account>" to authorize the login as another
 * account (a proxy). A login goes:
 *
 *   server -> client   "\x05Password: " (a dialog-style last question)
 *   client -> server   the password, with or without a trailing NUL
 *
 * A matching password returns CR_OK with authenticated_as set to the
 * proxied account (if any) and external_user set to the user name the
 * client sent; a wrong one CR_AUTH_USER_CREDENTIALS; a broken exchange
 * CR_AUTH_HANDSHAKE. password_used is always YES. Its client plugin is
 * mysql_clear_password, which answers with the password and a NUL.
 *
 * Account management: generate_authentication_string copies the password
 * (refusing an empty one or one holding ':'), validate_authentication_string
 * refuses an empty string, set_salt gives the first (up to) 8 bytes of the
 * password. 8.0 adds compare_password_with_hash.
 *
 * Builds for two ABI generations: default MySQL 8.0 (API 0x0201),
 * -DMYPLUGLOAD_ABI_57 MySQL 5.7 (API 0x0101). No services, no server
 * symbols.
 */

#include <stddef.h>
#include <string.h>

#include <mysql/plugin.h>
#include <mysql/plugin_auth.h>

static const char example_auth_prompt[] = "\x05Password: ";

/* The password part of an authentication string: up to ':' or the end. */
static size_t example_auth_password_len(const char *s, size_t len) {
  const char *colon = memchr(s, ':', len);
  return colon ? (size_t)(colon - s) : len;
}

static int example_auth_authenticate(MYSQL_PLUGIN_VIO *vio,
                                     MYSQL_SERVER_AUTH_INFO *info) {
  unsigned char *pkt = NULL;
  const char *as = info->auth_string ? info->auth_string : "";
  size_t as_len = info->auth_string ? info->auth_string_length : 0;
  size_t pw_len = example_auth_password_len(as, as_len);
  int n;

  info->password_used = PASSWORD_USED_YES;
  if (vio->write_packet(vio, (const unsigned char *)example_auth_prompt,
                        (int)(sizeof example_auth_prompt - 1)) != 0)
    return CR_AUTH_HANDSHAKE;
  n = vio->read_packet(vio, &pkt);
  if (n < 0 || (n > 0 && pkt == NULL))
    return CR_AUTH_HANDSHAKE;
  if (n > 0 && pkt[n - 1] == '\0') /* mysql_clear_password sends a NUL */
    n--;
  if ((size_t)n != pw_len || memcmp(pkt, as, pw_len) != 0)
    return CR_AUTH_USER_CREDENTIALS;

  if (pw_len < as_len) { /* ":<account>": authorize as that account */
    size_t acct = as_len - pw_len - 1;
    if (acct >= sizeof info->authenticated_as)
      return CR_AUTH_USER_CREDENTIALS;
    memcpy(info->authenticated_as, as + pw_len + 1, acct);
    info->authenticated_as[acct] = '\0';
  }
  if (info->user_name != NULL) {
    size_t u = info->user_name_length;
    if (u >= sizeof info->external_user)
      u = sizeof info->external_user - 1;
    memcpy(info->external_user, info->user_name, u);
    info->external_user[u] = '\0';
  }
  return CR_OK;
}

static int example_auth_generate(char *outbuf, unsigned int *outbuflen,
                                 const char *inbuf, unsigned int inbuflen) {
  if (inbuflen == 0 || memchr(inbuf, ':', inbuflen) != NULL ||
      inbuflen > *outbuflen)
    return 1;
  memcpy(outbuf, inbuf, inbuflen);
  *outbuflen = inbuflen;
  return 0;
}

static int example_auth_validate(char *const buf, unsigned int len) {
  (void)buf;
  return len == 0 ? 1 : 0;
}

static int example_auth_set_salt(const char *password,
                                 unsigned int password_len,
                                 unsigned char *salt,
                                 unsigned char *salt_len) {
  unsigned int n = (unsigned int)example_auth_password_len(password,
                                                           password_len);
  if (n > 8)
    n = 8;
  memcpy(salt, password, n);
  *salt_len = (unsigned char)n;
  return 0;
}

#if MYPLUGLOAD_ABI_GENERATION >= 80
static int example_auth_compare(const char *hash, unsigned long hash_length,
                                const char *cleartext,
                                unsigned long cleartext_length,
                                int *is_error) {
  size_t pw = example_auth_password_len(hash, hash_length);
  *is_error = 0;
  return pw == cleartext_length && memcmp(hash, cleartext, pw) == 0 ? 0 : 1;
}
#endif

static struct st_mysql_auth example_auth_descriptor = {
    MYSQL_AUTHENTICATION_INTERFACE_VERSION, /* interface_version */
    "mysql_clear_password",                 /* client_auth_plugin */
    example_auth_authenticate,              /* authenticate_user */
    example_auth_generate,                  /* generate_authentication_string */
    example_auth_validate,                  /* validate_authentication_string */
    example_auth_set_salt,                  /* set_salt */
    0,                                      /* authentication_flags */
#if MYPLUGLOAD_ABI_GENERATION >= 80
    example_auth_compare, /* compare_password_with_hash */
#endif
};

mysql_declare_plugin(example_auth){
    MYSQL_AUTHENTICATION_PLUGIN, /* type */
    &example_auth_descriptor,    /* info */
    "example_auth",              /* name */
    "myplugload",                /* author */
    "Example authentication: password in the authentication string, "
    "optional proxy account",    /* descr */
    PLUGIN_LICENSE_GPL,          /* license */
    NULL,                        /* init */
#if MYPLUGLOAD_ABI_GENERATION >= 80
    NULL, /* check_uninstall (8.0 layout only) */
#endif
    NULL,   /* deinit */
    0x0100, /* version: 1.0 */
    NULL,   /* status_vars */
    NULL,   /* system_vars */
    NULL,   /* __reserved1 */
    0,      /* flags */
} mysql_declare_plugin_end;
