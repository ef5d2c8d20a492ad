/*
 * Hash and AES services handed to MariaDB 10.11 plugins:
 *   my_sha1_service (0x0101), my_sha2_service (0x0100),
 *   my_md5_service (0x0100), my_crypt_service (0x0100).
 *
 * Plugins call through these tables by position, so the member order of each
 * struct is part of the ABI and must not change. The host stores the address
 * of the matching myp_my_*_handler into the plugin's service pointer.
 *
 * Implementation: svc_hash.c (SHA-1/SHA-2 per FIPS 180-4, MD5 per RFC 1321)
 * and svc_crypt.c (AES through libcrypto.so.3 loaded at run time, random
 * bytes from getrandom(2)).
 */
#ifndef MYPLUGLOAD_NATIVE_SVC_HASHCRYPT_H
#define MYPLUGLOAD_NATIVE_SVC_HASHCRYPT_H

#include <stddef.h>

/* Digest lengths in bytes. */
#define MYP_MD5_HASH_SIZE 16
#define MYP_SHA1_HASH_SIZE 20
#define MYP_SHA224_HASH_SIZE 28
#define MYP_SHA256_HASH_SIZE 32
#define MYP_SHA384_HASH_SIZE 48
#define MYP_SHA512_HASH_SIZE 64

/* One hash algorithm as the services lay it out: one-shot, multi (pairs of
   (const char *buf, size_t len) ended by a NULL buf), size of the context the
   plugin allocates, and init/input/result working inside that memory. */
#define MYP_HASH_SERVICE_MEMBERS(n)                                              \
  void (*n)(unsigned char *digest, const char *buf, size_t len);                 \
  void (*n##_multi)(unsigned char *digest, ...);                                 \
  size_t (*n##_context_size)(void);                                              \
  void (*n##_init)(void *context);                                               \
  void (*n##_input)(void *context, const unsigned char *buf, size_t len);        \
  void (*n##_result)(void *context, unsigned char *digest)

/* my_sha1_service_st, version 0x0101: 6 pointers. */
struct myp_sha1_service_st {
  MYP_HASH_SERVICE_MEMBERS(my_sha1);
};

/* my_md5_service_st, version 0x0100: 6 pointers. */
struct myp_md5_service_st {
  MYP_HASH_SERVICE_MEMBERS(my_md5);
};

/* my_sha2_service_st, version 0x0100: 24 pointers, 224, 256, 384, 512. */
struct myp_sha2_service_st {
  MYP_HASH_SERVICE_MEMBERS(my_sha224);
  MYP_HASH_SERVICE_MEMBERS(my_sha256);
  MYP_HASH_SERVICE_MEMBERS(my_sha384);
  MYP_HASH_SERVICE_MEMBERS(my_sha512);
};

/* enum my_aes_mode (passed as int-sized enum). */
enum myp_aes_mode {
  MYP_AES_ECB = 0,
  MYP_AES_CBC = 1,
  MYP_AES_CTR = 2,
  MYP_AES_GCM = 3
};

/* flags */
#define MYP_ENCRYPTION_FLAG_DECRYPT 0
#define MYP_ENCRYPTION_FLAG_ENCRYPT 1
#define MYP_ENCRYPTION_FLAG_NOPAD 2

/* return codes */
#define MYP_AES_OK 0
#define MYP_AES_BAD_DATA (-100)
#define MYP_AES_OPENSSL_ERROR (-101)
#define MYP_AES_BAD_KEYSIZE (-102)

#define MYP_AES_BLOCK_SIZE 16
#define MYP_AES_GCM_TAG_SIZE 16
/* Upper bound of my_aes_ctx_size() promised to plugins (MY_AES_CTX_SIZE). */
#define MYP_AES_CTX_SIZE 1040

/* my_crypt_service_st, version 0x0100: 7 pointers. */
struct myp_crypt_service_st {
  int (*my_aes_crypt_init)(void *ctx, enum myp_aes_mode mode, int flags,
                           const unsigned char *key, unsigned int klen,
                           const unsigned char *iv, unsigned int ivlen);
  int (*my_aes_crypt_update)(void *ctx, const unsigned char *src,
                             unsigned int slen, unsigned char *dst,
                             unsigned int *dlen);
  int (*my_aes_crypt_finish)(void *ctx, unsigned char *dst, unsigned int *dlen);
  int (*my_aes_crypt)(enum myp_aes_mode mode, int flags,
                      const unsigned char *src, unsigned int slen,
                      unsigned char *dst, unsigned int *dlen,
                      const unsigned char *key, unsigned int klen,
                      const unsigned char *iv, unsigned int ivlen);
  unsigned int (*my_aes_get_size)(enum myp_aes_mode mode,
                                  unsigned int source_length);
  unsigned int (*my_aes_ctx_size)(enum myp_aes_mode mode);
  int (*my_random_bytes)(unsigned char *buf, int num);
};

extern const struct myp_sha1_service_st myp_my_sha1_handler;
extern const struct myp_sha2_service_st myp_my_sha2_handler;
extern const struct myp_md5_service_st myp_my_md5_handler;
extern const struct myp_crypt_service_st myp_my_crypt_handler;

#endif
