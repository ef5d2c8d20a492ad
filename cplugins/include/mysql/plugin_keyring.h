/*
 * myplugload clean-room plugin headers: KEYRING plugins, API 0x0101.
 * The bool results are true (non-zero) on failure.
 */
#ifndef MYPLUGLOAD_MYSQL_PLUGIN_KEYRING_H
#define MYPLUGLOAD_MYSQL_PLUGIN_KEYRING_H

#include <stddef.h>

#include "mysql/plugin.h"

#define MYSQL_KEYRING_INTERFACE_VERSION 0x0101

#if MYPLUGLOAD_ABI_GENERATION >= 80
typedef bool myplugload_keyring_bool;
#else
typedef char myplugload_keyring_bool;
#endif

MYPLUGLOAD_C_BEGIN

struct st_mysql_keyring {
  int interface_version;
  myplugload_keyring_bool (*mysql_key_store)(const char *key_id,
                                             const char *key_type,
                                             const char *user_id,
                                             const void *key, size_t key_len);
  myplugload_keyring_bool (*mysql_key_fetch)(const char *key_id,
                                             char **key_type,
                                             const char *user_id, void **key,
                                             size_t *key_len);
  myplugload_keyring_bool (*mysql_key_remove)(const char *key_id,
                                              const char *user_id);
  myplugload_keyring_bool (*mysql_key_generate)(const char *key_id,
                                                const char *key_type,
                                                const char *user_id,
                                                size_t key_len);
  void (*mysql_key_iterator_init)(void **key_iterator);
  void (*mysql_key_iterator_deinit)(void *key_iterator);
  myplugload_keyring_bool (*mysql_key_iterator_get_key)(void *key_iterator,
                                                        char *key_id,
                                                        char *user_id);
};

MYPLUGLOAD_C_END

#endif /* MYPLUGLOAD_MYSQL_PLUGIN_KEYRING_H */
