/*
 * example_keys.c - example MariaDB key management (ENCRYPTION) plugin for
 * myplugload.
 *
 * Our clean-room headers describe the MySQL family; the MariaDB library
 * symbols and st_mariadb_encryption are declared here from the documented
 * layout (LP64), like cplugins/fixtures/maria_plugin.h does.
 *
 * Keys are derived from the seed system variable example_keys_seed:
 *   key id 1: versions 1 and 2 (latest 2), 32 bytes each;
 *   key id 2: version 1, 16 bytes;
 *   any other id or version: ENCRYPTION_KEY_VERSION_INVALID.
 * get_key answers ENCRYPTION_KEY_BUFFER_TOO_SMALL with the size it needs.
 *
 * The crypt functions implement a toy stream cipher (keystream bytes mixed
 * from key, iv and position, XORed with the data): they show the calling
 * convention (context of crypt_ctx_size bytes, init/update/finish,
 * encrypted_length) and are NOT encryption. Do not use them for data.
 */
#include <stddef.h>
#include <string.h>

#include <mysql/plugin.h>

/* ---- MariaDB ABI, from the documented layout ---- */

#define EXAMPLE_MARIA_PLUGIN_INTERFACE_VERSION 0x010f /* MariaDB 10.11 */
#define EXAMPLE_MARIA_ENCRYPTION_PLUGIN 9
#define EXAMPLE_MARIA_ENCRYPTION_INTERFACE_VERSION 0x0300
#define EXAMPLE_MARIA_MATURITY_STABLE 5

#define ENCRYPTION_KEY_VERSION_INVALID (~(unsigned int)0)
#define ENCRYPTION_KEY_BUFFER_TOO_SMALL 100
#define ENCRYPTION_FLAG_ENCRYPT 1

struct st_mariadb_encryption {
  int interface_version;
  unsigned int (*get_latest_key_version)(unsigned int key_id);
  unsigned int (*get_key)(unsigned int key_id, unsigned int version,
                          unsigned char *dstbuf, unsigned int *buflen);
  unsigned int (*crypt_ctx_size)(unsigned int key_id, unsigned int version);
  int (*crypt_ctx_init)(void *ctx, const unsigned char *key, unsigned int klen,
                        const unsigned char *iv, unsigned int ivlen, int flags,
                        unsigned int key_id, unsigned int version);
  int (*crypt_ctx_update)(void *ctx, const unsigned char *src,
                          unsigned int slen, unsigned char *dst,
                          unsigned int *dlen);
  int (*crypt_ctx_finish)(void *ctx, unsigned char *dst, unsigned int *dlen);
  unsigned int (*encrypted_length)(unsigned int slen, unsigned int key_id,
                                   unsigned int version);
};

struct example_maria_show_var {
  const char *name;
  void *value;
  int type;
};

struct st_maria_plugin {
  int type;
  void *info;
  const char *name;
  const char *author;
  const char *descr;
  int license;
  int (*init)(void *);
  int (*deinit)(void *);
  unsigned int version;
  struct example_maria_show_var *status_vars;
  SYS_VAR **system_vars;
  const char *version_info;
  unsigned int maturity;
};

_Static_assert(sizeof(struct st_mariadb_encryption) == 64,
               "st_mariadb_encryption is 64 bytes");
_Static_assert(offsetof(struct st_mariadb_encryption, encrypted_length) == 56,
               "encrypted_length at 56");
_Static_assert(sizeof(struct st_maria_plugin) == 104,
               "st_maria_plugin is 104 bytes");

/* ---- keys ---- */

static unsigned int example_seed = 1;

static MYSQL_SYSVAR_UINT(seed, example_seed, PLUGIN_VAR_RQCMDARG,
                         "Seed every key is derived from", NULL, NULL, 1, 0,
                         4294967295u, 0);

static SYS_VAR *example_keys_system_vars[] = {MYSQL_SYSVAR(seed), NULL};

/* The length of key id/version, or 0 when there is no such key. */
static unsigned int example_key_length(unsigned int id, unsigned int version) {
  if (id == 1 && (version == 1 || version == 2)) return 32;
  if (id == 2 && version == 1) return 16;
  return 0;
}

static unsigned int example_latest(unsigned int id) {
  switch (id) {
    case 1:
      return 2;
    case 2:
      return 1;
    default:
      return ENCRYPTION_KEY_VERSION_INVALID;
  }
}

/* A 32-bit mixing step (xorshift-multiply). */
static unsigned int example_mix(unsigned int x) {
  x ^= x >> 16;
  x *= 0x7feb352du;
  x ^= x >> 15;
  x *= 0x846ca68bu;
  x ^= x >> 16;
  return x;
}

static unsigned int example_get_key(unsigned int id, unsigned int version,
                                    unsigned char *dst, unsigned int *buflen) {
  unsigned int len = example_key_length(id, version);
  if (len == 0) return ENCRYPTION_KEY_VERSION_INVALID;
  if (dst == NULL || *buflen < len) {
    *buflen = len;
    return ENCRYPTION_KEY_BUFFER_TOO_SMALL;
  }
  for (unsigned int i = 0; i < len; i++)
    dst[i] = (unsigned char)example_mix(example_seed * 0x9e3779b9u + id * 65537u +
                                        version * 257u + i);
  *buflen = len;
  return 0;
}

/* ---- toy stream cipher (not encryption) ---- */

struct example_ctx {
  unsigned char key[64];
  unsigned char iv[32];
  unsigned int klen, ivlen;
  unsigned long pos;
};

static unsigned int example_ctx_size(unsigned int id, unsigned int version) {
  (void)id;
  (void)version;
  return sizeof(struct example_ctx);
}

static int example_ctx_init(void *ctx, const unsigned char *key,
                            unsigned int klen, const unsigned char *iv,
                            unsigned int ivlen, int flags, unsigned int id,
                            unsigned int version) {
  struct example_ctx *c = ctx;
  (void)flags; /* XOR: the same both ways */
  (void)id;
  (void)version;
  if (klen == 0 || klen > sizeof c->key || ivlen > sizeof c->iv) return -1;
  memset(c, 0, sizeof *c);
  memcpy(c->key, key, klen);
  if (ivlen > 0) memcpy(c->iv, iv, ivlen);
  c->klen = klen;
  c->ivlen = ivlen;
  return 0;
}

static int example_ctx_update(void *ctx, const unsigned char *src,
                              unsigned int slen, unsigned char *dst,
                              unsigned int *dlen) {
  struct example_ctx *c = ctx;
  if (*dlen < slen) return -1;
  for (unsigned int i = 0; i < slen; i++, c->pos++) {
    unsigned int k = c->key[c->pos % c->klen];
    unsigned int v = c->ivlen ? c->iv[c->pos % c->ivlen] : 0;
    dst[i] = (unsigned char)(src[i] ^ example_mix(k << 8 ^ v ^ (unsigned)c->pos));
  }
  *dlen = slen;
  return 0;
}

static int example_ctx_finish(void *ctx, unsigned char *dst,
                              unsigned int *dlen) {
  (void)ctx;
  (void)dst;
  *dlen = 0;
  return 0;
}

static unsigned int example_encrypted_length(unsigned int slen,
                                             unsigned int id,
                                             unsigned int version) {
  (void)id;
  (void)version;
  return slen;
}

static struct st_mariadb_encryption example_keys_info = {
    EXAMPLE_MARIA_ENCRYPTION_INTERFACE_VERSION, /* interface_version */
    example_latest,                             /* get_latest_key_version */
    example_get_key,                            /* get_key */
    example_ctx_size,                           /* crypt_ctx_size */
    example_ctx_init,                           /* crypt_ctx_init */
    example_ctx_update,                         /* crypt_ctx_update */
    example_ctx_finish,                         /* crypt_ctx_finish */
    example_encrypted_length                    /* encrypted_length */
};

/* ---- library symbols ---- */

MYPLUGLOAD_VISIBLE int _maria_plugin_interface_version_ =
    EXAMPLE_MARIA_PLUGIN_INTERFACE_VERSION;
MYPLUGLOAD_VISIBLE int _maria_sizeof_struct_st_plugin_ =
    sizeof(struct st_maria_plugin);
MYPLUGLOAD_VISIBLE struct st_maria_plugin _maria_plugin_declarations_[] = {
    {
        EXAMPLE_MARIA_ENCRYPTION_PLUGIN, /* type */
        &example_keys_info,              /* info */
        "example_keys",                  /* name */
        "myplugload",                    /* author */
        "Example key management: keys derived from a seed", /* descr */
        PLUGIN_LICENSE_GPL,       /* license */
        NULL,                     /* init */
        NULL,                     /* deinit */
        0x0100,                   /* version: 1.0 */
        NULL,                     /* status_vars */
        example_keys_system_vars, /* system_vars */
        "1.0",                    /* version_info */
        EXAMPLE_MARIA_MATURITY_STABLE /* maturity */
    },
    {0, NULL, NULL, NULL, NULL, 0, NULL, NULL, 0, NULL, NULL, NULL, 0}};
