/*
 * my_crypt_service for plugins: AES in ECB, CBC, CTR and GCM mode, and
 * my_random_bytes.
 *
 * AES is done by the system's libcrypto, loaded at run time with dlopen the
 * first time it is needed (no OpenSSL headers or link-time dependency; the
 * prototypes below are our own declarations of the public EVP API). If
 * libcrypto.so.3 cannot be loaded, every AES call returns
 * MYP_AES_OPENSSL_ERROR (my_aes_get_size and my_aes_ctx_size still answer).
 *
 * Behaviour:
 *  - keys of 16, 24 or 32 bytes, anything else is MYP_AES_BAD_KEYSIZE;
 *  - ECB/CBC pad with PKCS#7 unless ENCRYPTION_FLAG_NOPAD. With NOPAD the
 *    total length must be a multiple of 16: a partial last block is
 *    MYP_AES_BAD_DATA (from my_aes_crypt up front; from my_aes_crypt_finish
 *    when streaming). Bad padding when decrypting is MYP_AES_BAD_DATA;
 *  - CBC and CTR need an IV of at least 16 bytes (the first 16 are used);
 *    ECB ignores the IV; GCM takes an IV of any non-zero length (12 is
 *    usual), no additional authenticated data;
 *  - GCM encryption appends the 16-byte tag to the output (in finish);
 *    GCM decryption treats the last 16 bytes of the input as the tag: while
 *    streaming, update holds back the last 16 bytes it has seen, and finish
 *    verifies the tag (mismatch or fewer than 16 bytes: MYP_AES_BAD_DATA);
 *  - a GCM decryption that streams through more than one update must not
 *    decrypt in place (src == dst); one-shot my_aes_crypt may;
 *  - my_aes_get_size: ECB/CBC (len/16+1)*16, CTR len, GCM len+16.
 *
 * The context is memory the plugin allocates (my_aes_ctx_size bytes, any
 * alignment). It holds the EVP_CIPHER_CTX pointer, which finish frees. If
 * update fails the EVP context is freed right away and a later finish
 * returns an error without touching it again.
 */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE 1
#endif

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "svc_hashcrypt.h"

/* ---- libcrypto, loaded at run time ------------------------------------------ */

/* Opaque libcrypto types. */
typedef struct myp_evp_cipher_ctx myp_evp_cipher_ctx;
typedef struct myp_evp_cipher myp_evp_cipher;

/* EVP_CIPHER_CTX_ctrl commands (public EVP API values). */
#define MYP_EVP_CTRL_GCM_SET_IVLEN 0x9
#define MYP_EVP_CTRL_GCM_GET_TAG 0x10
#define MYP_EVP_CTRL_GCM_SET_TAG 0x11

struct myp_crypto_api {
  myp_evp_cipher_ctx *(*ctx_new)(void);
  void (*ctx_free)(myp_evp_cipher_ctx *c);
  int (*ctx_ctrl)(myp_evp_cipher_ctx *c, int type, int arg, void *ptr);
  int (*ctx_set_padding)(myp_evp_cipher_ctx *c, int pad);
  int (*cipher_init_ex)(myp_evp_cipher_ctx *c, const myp_evp_cipher *cipher,
                        void *engine, const unsigned char *key,
                        const unsigned char *iv, int enc);
  int (*cipher_update)(myp_evp_cipher_ctx *c, unsigned char *out, int *outl,
                       const unsigned char *in, int inl);
  int (*cipher_final_ex)(myp_evp_cipher_ctx *c, unsigned char *out,
                         int *outl);
  /* [mode][0: 128, 1: 192, 2: 256] */
  const myp_evp_cipher *(*cipher[4][3])(void);
};

/* The library to load; the test program replaces it (before the first AES
   call) to exercise the "cannot load" path. */
static const char *myp_crypto_soname = "libcrypto.so.3";

static pthread_once_t myp_crypto_once = PTHREAD_ONCE_INIT;
static struct myp_crypto_api myp_crypto;
static int myp_crypto_ok;

/* dlsym into a function pointer of any type without an object-to-function
   pointer cast. */
static int myp_crypto_sym(void *lib, const char *name, void *fnptr,
                          size_t fnsize) {
  void *p = dlsym(lib, name);
  if (p == NULL || fnsize != sizeof p) return 0;
  memcpy(fnptr, &p, sizeof p);
  return 1;
}

static void myp_crypto_load(void) {
  static const char *const names[4][3] = {
    {"EVP_aes_128_ecb", "EVP_aes_192_ecb", "EVP_aes_256_ecb"},
    {"EVP_aes_128_cbc", "EVP_aes_192_cbc", "EVP_aes_256_cbc"},
    {"EVP_aes_128_ctr", "EVP_aes_192_ctr", "EVP_aes_256_ctr"},
    {"EVP_aes_128_gcm", "EVP_aes_192_gcm", "EVP_aes_256_gcm"}};
  struct myp_crypto_api api;
  void *lib;
  int ok, m, k;

  lib = dlopen(myp_crypto_soname, RTLD_NOW | RTLD_LOCAL);
  if (lib == NULL) return;
  memset(&api, 0, sizeof api);
#define MYP_SYM(field, name) \
  myp_crypto_sym(lib, name, &api.field, sizeof api.field)
  ok = MYP_SYM(ctx_new, "EVP_CIPHER_CTX_new") &&
       MYP_SYM(ctx_free, "EVP_CIPHER_CTX_free") &&
       MYP_SYM(ctx_ctrl, "EVP_CIPHER_CTX_ctrl") &&
       MYP_SYM(ctx_set_padding, "EVP_CIPHER_CTX_set_padding") &&
       MYP_SYM(cipher_init_ex, "EVP_CipherInit_ex") &&
       MYP_SYM(cipher_update, "EVP_CipherUpdate") &&
       MYP_SYM(cipher_final_ex, "EVP_CipherFinal_ex");
  for (m = 0; ok && m < 4; m++)
    for (k = 0; ok && k < 3; k++) ok = MYP_SYM(cipher[m][k], names[m][k]);
#undef MYP_SYM
  if (!ok) {
    dlclose(lib);
    return;
  }
  /* The library stays loaded for the life of the process. */
  myp_crypto = api;
  myp_crypto_ok = 1;
}

static int myp_crypto_ready(void) {
  if (pthread_once(&myp_crypto_once, myp_crypto_load) != 0) return 0;
  return myp_crypto_ok;
}

/* ---- context kept in plugin memory --------------------------------------- */

#define MYP_AES_MAGIC 0x53454170u /* "pAES" */

struct myp_aes_state {
  uint32_t magic; /* MYP_AES_MAGIC while an EVP context is live */
  int mode;
  int enc;
  uint32_t held;  /* GCM decryption: bytes held back in tail */
  myp_evp_cipher_ctx *evp;
  unsigned char tail[MYP_AES_GCM_TAG_SIZE];
};

_Static_assert(sizeof(struct myp_aes_state) <= MYP_AES_CTX_SIZE,
               "AES context larger than MY_AES_CTX_SIZE");

static void myp_aes_load_state(struct myp_aes_state *s, const void *ctx) {
  memcpy(s, ctx, sizeof *s);
}

static void myp_aes_store_state(void *ctx, const struct myp_aes_state *s) {
  memcpy(ctx, s, sizeof *s);
}

static void myp_aes_drop(struct myp_aes_state *s) {
  if (s->evp != NULL) myp_crypto.ctx_free(s->evp);
  memset(s, 0, sizeof *s);
}

static int myp_aes_key_index(unsigned int klen) {
  switch (klen) {
  case 16: return 0;
  case 24: return 1;
  case 32: return 2;
  default: return -1;
  }
}

/* Starts an operation in *s (an aligned local). */
static int myp_aes_start(struct myp_aes_state *s, int mode, int flags,
                         const unsigned char *key, unsigned int klen,
                         const unsigned char *iv, unsigned int ivlen) {
  const myp_evp_cipher *cipher;
  myp_evp_cipher_ctx *evp;
  int enc = (flags & MYP_ENCRYPTION_FLAG_ENCRYPT) ? 1 : 0;
  int kidx;

  memset(s, 0, sizeof *s);
  if (!myp_crypto_ready()) return MYP_AES_OPENSSL_ERROR;
  if (mode < MYP_AES_ECB || mode > MYP_AES_GCM) return MYP_AES_BAD_DATA;
  kidx = myp_aes_key_index(klen);
  if (key == NULL || kidx < 0) return MYP_AES_BAD_KEYSIZE;
  switch (mode) {
  case MYP_AES_ECB:
    iv = NULL;
    break;
  case MYP_AES_CBC:
  case MYP_AES_CTR:
    if (iv == NULL || ivlen < MYP_AES_BLOCK_SIZE) return MYP_AES_BAD_DATA;
    break;
  default: /* GCM */
    if (iv == NULL || ivlen == 0 || ivlen > INT_MAX) return MYP_AES_BAD_DATA;
    break;
  }
  cipher = myp_crypto.cipher[mode][kidx]();
  if (cipher == NULL) return MYP_AES_OPENSSL_ERROR;
  evp = myp_crypto.ctx_new();
  if (evp == NULL) return MYP_AES_OPENSSL_ERROR;

  if (mode == MYP_AES_GCM) {
    if (myp_crypto.cipher_init_ex(evp, cipher, NULL, NULL, NULL, enc) != 1 ||
        myp_crypto.ctx_ctrl(evp, MYP_EVP_CTRL_GCM_SET_IVLEN, (int)ivlen,
                            NULL) != 1 ||
        myp_crypto.cipher_init_ex(evp, NULL, NULL, key, iv, enc) != 1) {
      myp_crypto.ctx_free(evp);
      return MYP_AES_OPENSSL_ERROR;
    }
  } else {
    if (myp_crypto.cipher_init_ex(evp, cipher, NULL, key, iv, enc) != 1) {
      myp_crypto.ctx_free(evp);
      return MYP_AES_OPENSSL_ERROR;
    }
    if (mode == MYP_AES_ECB || mode == MYP_AES_CBC) {
      int pad = (flags & MYP_ENCRYPTION_FLAG_NOPAD) ? 0 : 1;
      if (myp_crypto.ctx_set_padding(evp, pad) != 1) {
        myp_crypto.ctx_free(evp);
        return MYP_AES_OPENSSL_ERROR;
      }
    }
  }
  s->magic = MYP_AES_MAGIC;
  s->mode = mode;
  s->enc = enc;
  s->held = 0;
  s->evp = evp;
  return MYP_AES_OK;
}

/* One EVP update of n bytes (n may be 0). */
static int myp_aes_evp_update(struct myp_aes_state *s, const unsigned char *in,
                              size_t n, unsigned char *out, size_t *outl) {
  int o = 0;
  *outl = 0;
  if (n == 0) return 1;
  if (n > (size_t)INT_MAX - MYP_AES_BLOCK_SIZE) return 0;
  if (myp_crypto.cipher_update(s->evp, out, &o, in, (int)n) != 1 || o < 0)
    return 0;
  *outl = (size_t)o;
  return 1;
}

static int myp_aes_feed(struct myp_aes_state *s, const unsigned char *src,
                        unsigned int slen, unsigned char *dst,
                        unsigned int *dlen) {
  size_t o1 = 0, o2 = 0;

  *dlen = 0;
  if (s->magic != MYP_AES_MAGIC || s->evp == NULL) return MYP_AES_BAD_DATA;
  if (slen == 0) return MYP_AES_OK;
  if (src == NULL) return MYP_AES_BAD_DATA;

  if (s->mode == MYP_AES_GCM && !s->enc) {
    /* Keep the last 16 bytes seen (the tag, if this is the end). */
    size_t held = s->held, total = held + (size_t)slen, emit, from_tail, i;
    unsigned char newtail[MYP_AES_GCM_TAG_SIZE];
    if (total <= MYP_AES_GCM_TAG_SIZE) {
      memcpy(s->tail + held, src, slen);
      s->held = (uint32_t)total;
      return MYP_AES_OK;
    }
    emit = total - MYP_AES_GCM_TAG_SIZE;
    for (i = 0; i < MYP_AES_GCM_TAG_SIZE; i++) {
      size_t idx = emit + i;
      newtail[i] = idx < held ? s->tail[idx] : src[idx - held];
    }
    from_tail = emit < held ? emit : held;
    if (!myp_aes_evp_update(s, s->tail, from_tail, dst, &o1) ||
        !myp_aes_evp_update(s, src, emit - from_tail, dst + o1, &o2))
      goto fail;
    memcpy(s->tail, newtail, sizeof newtail);
    s->held = MYP_AES_GCM_TAG_SIZE;
  } else {
    if (!myp_aes_evp_update(s, src, slen, dst, &o1)) goto fail;
  }
  if (o1 + o2 > UINT_MAX) goto fail;
  *dlen = (unsigned int)(o1 + o2);
  return MYP_AES_OK;

fail:
  myp_aes_drop(s);
  return MYP_AES_OPENSSL_ERROR;
}

static int myp_aes_end(struct myp_aes_state *s, unsigned char *dst,
                       unsigned int *dlen) {
  int o = 0, rc = MYP_AES_OK;

  *dlen = 0;
  if (s->magic != MYP_AES_MAGIC || s->evp == NULL) {
    memset(s, 0, sizeof *s);
    return MYP_AES_BAD_DATA;
  }
  switch (s->mode) {
  case MYP_AES_GCM:
    if (s->enc) {
      if (myp_crypto.cipher_final_ex(s->evp, dst, &o) != 1 || o < 0 ||
          myp_crypto.ctx_ctrl(s->evp, MYP_EVP_CTRL_GCM_GET_TAG,
                              MYP_AES_GCM_TAG_SIZE, dst + o) != 1) {
        rc = MYP_AES_OPENSSL_ERROR;
        o = 0;
        break;
      }
      o += MYP_AES_GCM_TAG_SIZE;
    } else {
      if (s->held != MYP_AES_GCM_TAG_SIZE ||
          myp_crypto.ctx_ctrl(s->evp, MYP_EVP_CTRL_GCM_SET_TAG,
                              MYP_AES_GCM_TAG_SIZE, s->tail) != 1 ||
          myp_crypto.cipher_final_ex(s->evp, dst, &o) != 1 || o < 0) {
        rc = MYP_AES_BAD_DATA;
        o = 0;
      }
    }
    break;
  default:
    /* ECB/CBC: a partial block with NOPAD, or bad padding when decrypting,
       makes the final step fail. CTR never does. */
    if (myp_crypto.cipher_final_ex(s->evp, dst, &o) != 1 || o < 0) {
      rc = MYP_AES_BAD_DATA;
      o = 0;
    }
    break;
  }
  *dlen = (unsigned int)o;
  myp_aes_drop(s);
  return rc;
}

/* ---- the service functions ----------------------------------------------- */

static int myp_aes_crypt_init(void *ctx, enum myp_aes_mode mode, int flags,
                              const unsigned char *key, unsigned int klen,
                              const unsigned char *iv, unsigned int ivlen) {
  struct myp_aes_state s;
  int rc;
  if (ctx == NULL) return MYP_AES_BAD_DATA;
  rc = myp_aes_start(&s, (int)mode, flags, key, klen, iv, ivlen);
  /* On failure s is all zero: a stray finish sees no live context. */
  myp_aes_store_state(ctx, &s);
  return rc;
}

static int myp_aes_crypt_update(void *ctx, const unsigned char *src,
                                unsigned int slen, unsigned char *dst,
                                unsigned int *dlen) {
  struct myp_aes_state s;
  unsigned int dummy;
  int rc;
  if (dlen == NULL) dlen = &dummy;
  if (ctx == NULL) {
    *dlen = 0;
    return MYP_AES_BAD_DATA;
  }
  myp_aes_load_state(&s, ctx);
  rc = myp_aes_feed(&s, src, slen, dst, dlen);
  myp_aes_store_state(ctx, &s);
  return rc;
}

static int myp_aes_crypt_finish(void *ctx, unsigned char *dst,
                                unsigned int *dlen) {
  struct myp_aes_state s;
  unsigned int dummy;
  int rc;
  if (dlen == NULL) dlen = &dummy;
  if (ctx == NULL) {
    *dlen = 0;
    return MYP_AES_BAD_DATA;
  }
  myp_aes_load_state(&s, ctx);
  rc = myp_aes_end(&s, dst, dlen);
  myp_aes_store_state(ctx, &s);
  return rc;
}

static int myp_aes_crypt(enum myp_aes_mode mode, int flags,
                         const unsigned char *src, unsigned int slen,
                         unsigned char *dst, unsigned int *dlen,
                         const unsigned char *key, unsigned int klen,
                         const unsigned char *iv, unsigned int ivlen) {
  struct myp_aes_state s;
  unsigned int n1 = 0, n2 = 0, dummy;
  int rc;

  if (dlen == NULL) dlen = &dummy;
  *dlen = 0;
  rc = myp_aes_start(&s, (int)mode, flags, key, klen, iv, ivlen);
  if (rc != MYP_AES_OK) return rc;
  if ((mode == MYP_AES_ECB || mode == MYP_AES_CBC) &&
      (flags & MYP_ENCRYPTION_FLAG_NOPAD) && slen % MYP_AES_BLOCK_SIZE != 0) {
    myp_aes_drop(&s);
    return MYP_AES_BAD_DATA;
  }
  rc = myp_aes_feed(&s, src, slen, dst, &n1);
  if (rc != MYP_AES_OK) {
    myp_aes_drop(&s);
    return rc;
  }
  rc = myp_aes_end(&s, dst + n1, &n2);
  if (rc != MYP_AES_OK) return rc;
  *dlen = n1 + n2;
  return MYP_AES_OK;
}

static unsigned int myp_aes_get_size(enum myp_aes_mode mode,
                                     unsigned int source_length) {
  switch ((int)mode) {
  case MYP_AES_CTR:
    return source_length;
  case MYP_AES_GCM:
    return source_length + MYP_AES_GCM_TAG_SIZE;
  default: /* ECB, CBC: room for PKCS#7 padding */
    return (source_length / MYP_AES_BLOCK_SIZE + 1) * MYP_AES_BLOCK_SIZE;
  }
}

static unsigned int myp_aes_ctx_size(enum myp_aes_mode mode) {
  (void)mode;
  return (unsigned int)sizeof(struct myp_aes_state);
}

/* Fallback when getrandom(2) is unavailable. */
static int myp_random_urandom(unsigned char *buf, size_t n) {
  int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  while (n > 0) {
    ssize_t r = read(fd, buf, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) {
      close(fd);
      return -1;
    }
    buf += r;
    n -= (size_t)r;
  }
  close(fd);
  return 0;
}

static int myp_random_bytes(unsigned char *buf, int num) {
  size_t n;
  if (num < 0 || (buf == NULL && num > 0)) return MYP_AES_OPENSSL_ERROR;
  n = (size_t)num;
  while (n > 0) {
    ssize_t r = getrandom(buf, n, 0);
    if (r < 0) {
      if (errno == EINTR) continue;
      return myp_random_urandom(buf, n) == 0 ? MYP_AES_OK
                                             : MYP_AES_OPENSSL_ERROR;
    }
    buf += r;
    n -= (size_t)r;
  }
  return MYP_AES_OK;
}

const struct myp_crypt_service_st myp_my_crypt_handler = {
  myp_aes_crypt_init, myp_aes_crypt_update, myp_aes_crypt_finish,
  myp_aes_crypt,      myp_aes_get_size,     myp_aes_ctx_size,
  myp_random_bytes};
