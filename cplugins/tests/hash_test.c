/*
 * Tests of the host's hash and AES services (internal/native/svc_hash.c and
 * svc_crypt.c), compiled straight into this program.
 *
 * Hash vectors: FIPS 180-4 / RFC 1321 example messages ("", "abc", the
 * 448-bit and 896-bit messages, one million 'a'), plus two messages of our
 * own whose digests were computed independently (Python hashlib).
 * AES vectors: FIPS-197 appendix C, SP 800-38A F.1.1/F.2.1/F.5.1, and the
 * GCM test cases 1-3 of McGrew & Viega's GCM specification; GCM with IVs
 * that are not 96 bits long was checked against the Python "cryptography"
 * package.
 *
 * Prints "hash_test: N passed, M failed" and exits 1 if anything failed.
 */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE 1
#endif

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../internal/native/svc_hash.c"
#include "../../internal/native/svc_crypt.c"

#include "check.h"

/* ---- helpers ---------------------------------------------------------------- */

static size_t unhex(const char *hex, unsigned char *out) {
  size_t n = 0;
  while (hex[0] && hex[1]) {
    unsigned v;
    if (sscanf(hex, "%2x", &v) != 1) abort();
    out[n++] = (unsigned char)v;
    hex += 2;
  }
  return n;
}

static void tohex(const unsigned char *p, size_t n, char *out) {
  size_t i;
  for (i = 0; i < n; i++) sprintf(out + 2 * i, "%02x", p[i]);
  out[2 * n] = 0;
}

static int hexeq(const unsigned char *p, size_t n, const char *hex) {
  char buf[2 * 256 + 1];
  if (n > 256) return 0;
  tohex(p, n, buf);
  return strcmp(buf, hex) == 0;
}

/* ---- hashes ------------------------------------------------------------------ */

typedef void (*oneshot_fn)(unsigned char *, const char *, size_t);
typedef void (*multi_fn)(unsigned char *, ...);
typedef size_t (*ctxsize_fn)(void);
typedef void (*init_fn)(void *);
typedef void (*input_fn)(void *, const unsigned char *, size_t);
typedef void (*result_fn)(void *, unsigned char *);

struct algo {
  const char *name;
  size_t dlen;
  oneshot_fn oneshot;
  multi_fn multi;
  ctxsize_fn ctx_size;
  init_fn init;
  input_fn input;
  result_fn result;
  /* "", "abc", 448-bit, 896-bit, 1,000,000 x 'a' */
  const char *vec[5];
  /* msg200[i] = i*7+3 */
  const char *m200;
  /* digest of the concatenated digests of pat[0..n), n = 0..299,
     pat[i] = i*13+5 */
  const char *chain;
};

#define FROM_TABLE(a, h, p)                                                    \
  do {                                                                         \
    (a)->oneshot = (h).p;                                                      \
    (a)->multi = (h).p##_multi;                                                \
    (a)->ctx_size = (h).p##_context_size;                                      \
    (a)->init = (h).p##_init;                                                  \
    (a)->input = (h).p##_input;                                                \
    (a)->result = (h).p##_result;                                              \
  } while (0)

static struct algo algos[6] = {
  {"md5", 16, 0, 0, 0, 0, 0, 0,
   {"d41d8cd98f00b204e9800998ecf8427e", "900150983cd24fb0d6963f7d28e17f72",
    "8215ef0796a20bcaaae116d3876c664a", "03dd8807a93175fb062dfb55dc7d359c",
    "7707d6ae4e027c70eea2a935c2296f21"},
   "4c79b81ac94bad7a875519ce6b964c66", "4aab2f4ae89490a334fd78c72a096f6f"},
  {"sha1", 20, 0, 0, 0, 0, 0, 0,
   {"da39a3ee5e6b4b0d3255bfef95601890afd80709",
    "a9993e364706816aba3e25717850c26c9cd0d89d",
    "84983e441c3bd26ebaae4aa1f95129e5e54670f1",
    "a49b2446a02c645bf419f995b67091253a04a259",
    "34aa973cd4c4daa4f61eeb2bdbad27316534016f"},
   "892b673ca3c696ab13ab8aab3cf3abfbc3aaeb3b",
   "ab9509b3b35127a03a1198fc0d959f9f99b286a9"},
  {"sha224", 28, 0, 0, 0, 0, 0, 0,
   {"d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f",
    "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7",
    "75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525",
    "c97ca9a559850ce97a04a96def6d99a9e0e0e2ab14e6b8df265fc0b3",
    "20794655980c91d8bbb4c1ea97618a4bf03f42581948b2ee4ee7ad67"},
   "67e6d447872d6de5f0a53915ac4e88b60f08895e33f8453500d5bd30",
   "028addb147e964157dc99bdb659552118d908cd3a7699d6c8dd1e102"},
  {"sha256", 32, 0, 0, 0, 0, 0, 0,
   {"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
   "2c7e18c942ef065b526a2d4e5546283749cd3ddfb51d8fc71f42717363685f46",
   "a3fb025852e637e594b6c92c9938df949d5ce22e7f4330a2432e6ba15a6c36a8"},
  {"sha384", 48, 0, 0, 0, 0, 0, 0,
   {"38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da"
    "274edebfe76f65fbd51ad2f14898b95b",
    "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
    "8086072ba1e7cc2358baeca134c825a7",
    "3391fdddfc8dc7393707a65b1b4709397cf8b1d162af05abfe8f450de5f36bc6"
    "b0455a8520bc4e6f5fe95b1fe3c8452b",
    "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712"
    "fcc7c71a557e2db966c3e9fa91746039",
    "9d0e1809716474cb086e834e310a4a1ced149e9c00f248527972cec5704c2a5b"
    "07b8b3dc38ecc4ebae97ddd87f3d8985"},
   "8deb83535fa35d2f493c6c3695b1057b19232d2f531a0d398d2b958413855aa1"
   "594b6bcca0ddcbd24a981330a7ff1cc1",
   "da9f4ab6507dcb071b24eb01661830936e298ccbf2a03c17c80499ef341d637c"
   "06682960a7f88895bc40213c73616673"},
  {"sha512", 64, 0, 0, 0, 0, 0, 0,
   {"cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
    "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
    "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
    "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
    "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c335"
    "96fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445",
    "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
    "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909",
    "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb"
    "de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b"},
   "cca3c0276046ef9f2897bdfc3ec330f77f4959914b1462bd581b232ddb3e9aa9"
   "8acf5f5a2b21c7f49d2e43721daa61a2b5cee6af6052dfeb766e66ddb0d1719c",
   "fa12d24a9edec3d51bcc9830f2c88aaac1ba8eaac6fd1c062af4d3050a08bb43"
   "31609322d36eb1b125d866332cb2f8ec6488025309d6bd69e989743b7c54185a"},
};

static const char m448[] =
    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
static const char m896[] =
    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
    "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

static void setup_algos(void) {
  FROM_TABLE(&algos[0], myp_my_md5_handler, my_md5);
  FROM_TABLE(&algos[1], myp_my_sha1_handler, my_sha1);
  FROM_TABLE(&algos[2], myp_my_sha2_handler, my_sha224);
  FROM_TABLE(&algos[3], myp_my_sha2_handler, my_sha256);
  FROM_TABLE(&algos[4], myp_my_sha2_handler, my_sha384);
  FROM_TABLE(&algos[5], myp_my_sha2_handler, my_sha512);
}

/* The tables are laid out by position: check the raw pointer order too. */
static void test_table_layout(void) {
  const void *const *sha2 = (const void *const *)&myp_my_sha2_handler;
  CHECK(sizeof(struct myp_sha1_service_st) == 6 * sizeof(void *), "sha1 size");
  CHECK(sizeof(struct myp_md5_service_st) == 6 * sizeof(void *), "md5 size");
  CHECK(sizeof(struct myp_sha2_service_st) == 24 * sizeof(void *), "sha2 size");
  CHECK(sizeof(struct myp_crypt_service_st) == 7 * sizeof(void *), "crypt size");
  CHECK(memcmp(&sha2[6], &myp_my_sha2_handler.my_sha256, sizeof(void *)) == 0,
        "sha256 at slot 6");
  CHECK(memcmp(&sha2[23], &myp_my_sha2_handler.my_sha512_result,
               sizeof(void *)) == 0,
        "sha512_result at slot 23");
}

/* Streams msg through a context that sits at an odd address. */
static void stream_digest(const struct algo *a, const unsigned char *msg,
                          size_t len, size_t chunk, size_t misalign,
                          unsigned char *digest) {
  unsigned char *mem = malloc(a->ctx_size() + 16);
  void *ctx = mem + misalign;
  size_t off = 0;
  a->init(ctx);
  while (off < len) {
    size_t n = len - off < chunk ? len - off : chunk;
    a->input(ctx, msg + off, n);
    off += n;
  }
  a->result(ctx, digest);
  free(mem);
}

static void test_hash_vectors(const struct algo *a) {
  const char *msgs[4] = {"", "abc", m448, m896};
  unsigned char d[64];
  char *million;
  int i;

  for (i = 0; i < 4; i++) {
    size_t n = strlen(msgs[i]);
    memset(d, 0, sizeof d);
    a->oneshot(d, msgs[i], n);
    CHECK(hexeq(d, a->dlen, a->vec[i]), "%s one-shot vector %d", a->name, i);
    memset(d, 0, sizeof d);
    a->multi(d, msgs[i], n, (const char *)NULL);
    CHECK(hexeq(d, a->dlen, a->vec[i]), "%s multi vector %d", a->name, i);
    memset(d, 0, sizeof d);
    stream_digest(a, (const unsigned char *)msgs[i], n, 1, 1, d);
    CHECK(hexeq(d, a->dlen, a->vec[i]), "%s byte-wise vector %d", a->name, i);
    memset(d, 0, sizeof d);
    stream_digest(a, (const unsigned char *)msgs[i], n, 64, 0, d);
    CHECK(hexeq(d, a->dlen, a->vec[i]), "%s 64-chunk vector %d", a->name, i);
  }
  /* Empty multi list. */
  memset(d, 0, sizeof d);
  a->multi(d, (const char *)NULL);
  CHECK(hexeq(d, a->dlen, a->vec[0]), "%s multi of nothing", a->name);
  /* "abc" in three pieces, with an empty one. */
  memset(d, 0, sizeof d);
  a->multi(d, "a", (size_t)1, "", (size_t)0, "bc", (size_t)2,
           (const char *)NULL);
  CHECK(hexeq(d, a->dlen, a->vec[1]), "%s multi abc pieces", a->name);

  million = malloc(1000000);
  memset(million, 'a', 1000000);
  memset(d, 0, sizeof d);
  a->oneshot(d, million, 1000000);
  CHECK(hexeq(d, a->dlen, a->vec[4]), "%s million a one-shot", a->name);
  memset(d, 0, sizeof d);
  stream_digest(a, (const unsigned char *)million, 1000000, 1000, 3, d);
  CHECK(hexeq(d, a->dlen, a->vec[4]), "%s million a by 1000", a->name);
  memset(d, 0, sizeof d);
  stream_digest(a, (const unsigned char *)million, 1000000, 777, 0, d);
  CHECK(hexeq(d, a->dlen, a->vec[4]), "%s million a by 777", a->name);
  memset(d, 0, sizeof d);
  a->multi(d, million, (size_t)333333, million, (size_t)666667,
           (const char *)NULL);
  CHECK(hexeq(d, a->dlen, a->vec[4]), "%s million a multi", a->name);
  free(million);
}

static void test_hash_splits(const struct algo *a) {
  unsigned char msg[200], d[64], ref[64];
  unsigned char *mem = malloc(a->ctx_size() + 16);
  size_t i, j;
  int bad_split = 0, bad_multi = 0, bad_three = 0, bad_reuse = 0;

  for (i = 0; i < sizeof msg; i++) msg[i] = (unsigned char)(i * 7 + 3);
  a->oneshot(ref, (const char *)msg, sizeof msg);
  CHECK(hexeq(ref, a->dlen, a->m200), "%s 200-byte one-shot", a->name);

  for (i = 0; i <= sizeof msg; i++) {
    void *ctx = mem + (i % 8);
    a->init(ctx);
    a->input(ctx, msg, i);
    a->input(ctx, msg + i, sizeof msg - i);
    a->result(ctx, d);
    if (memcmp(d, ref, a->dlen) != 0) bad_split++;
    a->multi(d, (const char *)msg, i, (const char *)msg + i, sizeof msg - i,
             (const char *)NULL);
    if (memcmp(d, ref, a->dlen) != 0) bad_multi++;
    for (j = i; j <= sizeof msg; j++) {
      a->init(ctx);
      a->input(ctx, msg, i);
      a->input(ctx, msg + i, j - i);
      a->input(ctx, msg + j, sizeof msg - j);
      a->result(ctx, d);
      if (memcmp(d, ref, a->dlen) != 0) bad_three++;
    }
    /* The same context memory, initialised again, starts afresh. */
    a->init(ctx);
    a->input(ctx, msg, sizeof msg);
    a->result(ctx, d);
    if (memcmp(d, ref, a->dlen) != 0) bad_reuse++;
  }
  CHECK(bad_split == 0, "%s two-way splits: %d bad", a->name, bad_split);
  CHECK(bad_multi == 0, "%s multi splits: %d bad", a->name, bad_multi);
  CHECK(bad_three == 0, "%s three-way splits: %d bad", a->name, bad_three);
  CHECK(bad_reuse == 0, "%s context reuse: %d bad", a->name, bad_reuse);
  free(mem);
}

/* Every length 0..299 (all padding boundaries), one-shot and byte-wise. */
static void test_hash_lengths(const struct algo *a) {
  unsigned char pat[300], d[64], d2[64];
  unsigned char *cat = malloc(300 * 64);
  size_t n;
  int bad = 0;
  for (n = 0; n < sizeof pat; n++) pat[n] = (unsigned char)(n * 13 + 5);
  for (n = 0; n < 300; n++) {
    a->oneshot(cat + n * a->dlen, (const char *)pat, n);
    stream_digest(a, pat, n, 1, n % 5, d2);
    if (memcmp(cat + n * a->dlen, d2, a->dlen) != 0) bad++;
  }
  a->oneshot(d, (const char *)cat, 300 * a->dlen);
  CHECK(hexeq(d, a->dlen, a->chain), "%s lengths 0..299 chain", a->name);
  CHECK(bad == 0, "%s byte-wise vs one-shot at %d lengths", a->name, bad);
  CHECK(a->ctx_size() >= 64 && a->ctx_size() <= 1024, "%s context size %zu",
        a->name, a->ctx_size());
  free(cat);
}

/* ---- AES --------------------------------------------------------------------- */

#define ENC MYP_ENCRYPTION_FLAG_ENCRYPT
#define DEC MYP_ENCRYPTION_FLAG_DECRYPT
#define NOPAD MYP_ENCRYPTION_FLAG_NOPAD

static const struct myp_crypt_service_st *cs = &myp_my_crypt_handler;
static const char *mode_name[4] = {"ECB", "CBC", "CTR", "GCM"};

static int aes_oneshot(int mode, int flags, const unsigned char *src,
                       unsigned slen, unsigned char *dst, unsigned *dlen,
                       const unsigned char *key, unsigned klen,
                       const unsigned char *iv, unsigned ivlen) {
  *dlen = 0xdeadu;
  return cs->my_aes_crypt((enum myp_aes_mode)mode, flags, src, slen, dst, dlen,
                          key, klen, iv, ivlen);
}

/* init, updates of `chunk` bytes, finish; the context at an odd address. */
static int aes_stream(int mode, int flags, const unsigned char *src,
                      unsigned slen, unsigned char *dst, unsigned *dlen,
                      const unsigned char *key, unsigned klen,
                      const unsigned char *iv, unsigned ivlen, unsigned chunk) {
  unsigned size = cs->my_aes_ctx_size((enum myp_aes_mode)mode);
  unsigned char *mem = malloc(size + 8);
  void *ctx = mem + 3;
  unsigned off = 0, total = 0, n;
  int rc;
  *dlen = 0;
  rc = cs->my_aes_crypt_init(ctx, (enum myp_aes_mode)mode, flags, key, klen, iv,
                             ivlen);
  if (rc != MYP_AES_OK) {
    free(mem);
    return rc;
  }
  while (off < slen) {
    unsigned take = slen - off < chunk ? slen - off : chunk;
    rc = cs->my_aes_crypt_update(ctx, src + off, take, dst + total, &n);
    if (rc != MYP_AES_OK) {
      cs->my_aes_crypt_finish(ctx, dst + total, &n);
      free(mem);
      return rc;
    }
    total += n;
    off += take;
  }
  rc = cs->my_aes_crypt_finish(ctx, dst + total, &n);
  total += n;
  *dlen = total;
  free(mem);
  return rc;
}

static void test_aes_vectors(void) {
  unsigned char key[32], iv[64], pt[128], ct[160], out[160], exp[160];
  unsigned dlen, i;
  size_t plen, elen;
  int rc;
  static const char *fips197[3] = {"69c4e0d86a7b0430d8cdb78070b4c55a",
                                   "dda97ca4864cdfe06eaf70a0ec0d7191",
                                   "8ea2b7ca516745bfeafc49904b496089"};

  /* FIPS-197 appendix C.1-C.3: key 00 01 02 ..., plaintext 00112233... */
  for (i = 0; i < 32; i++) key[i] = (unsigned char)i;
  unhex("00112233445566778899aabbccddeeff", pt);
  for (i = 0; i < 3; i++) {
    unsigned klen = 16 + 8 * i;
    rc = aes_oneshot(MYP_AES_ECB, ENC | NOPAD, pt, 16, ct, &dlen, key, klen,
                     NULL, 0);
    CHECK(rc == 0 && dlen == 16 && hexeq(ct, 16, fips197[i]),
          "FIPS-197 C.%u encrypt rc=%d dlen=%u", i + 1, rc, dlen);
    rc = aes_oneshot(MYP_AES_ECB, DEC | NOPAD, ct, 16, out, &dlen, key, klen,
                     NULL, 0);
    CHECK(rc == 0 && dlen == 16 && memcmp(out, pt, 16) == 0,
          "FIPS-197 C.%u decrypt", i + 1);
    rc = aes_stream(MYP_AES_ECB, ENC | NOPAD, pt, 16, ct, &dlen, key, klen,
                    NULL, 0, 5);
    CHECK(rc == 0 && dlen == 16 && hexeq(ct, 16, fips197[i]),
          "FIPS-197 C.%u streamed", i + 1);
  }

  /* FIPS-197 C.1 with PKCS#7 padding: a full block of 0x10 is added. */
  rc = aes_oneshot(MYP_AES_ECB, ENC, pt, 16, ct, &dlen, key, 16, NULL, 0);
  CHECK(rc == 0 && dlen == 32 && hexeq(ct, 16, fips197[0]),
        "FIPS-197 C.1 padded rc=%d dlen=%u", rc, dlen);
  rc = aes_oneshot(MYP_AES_ECB, DEC | NOPAD, ct, 32, out, &dlen, key, 16, NULL,
                   0);
  memset(exp, 0x10, 16);
  CHECK(rc == 0 && dlen == 32 && memcmp(out, pt, 16) == 0 &&
            memcmp(out + 16, exp, 16) == 0,
        "padding block is 16 x 0x10");

  /* SP 800-38A: block 1 of F.1.1 (ECB), F.2.1 (CBC), F.5.1 (CTR). */
  unhex("2b7e151628aed2a6abf7158809cf4f3c", key);
  unhex("6bc1bee22e409f96e93d7e117393172a", pt);
  rc = aes_oneshot(MYP_AES_ECB, ENC | NOPAD, pt, 16, ct, &dlen, key, 16, NULL,
                   0);
  CHECK(rc == 0 && hexeq(ct, 16, "3ad77bb40d7a3660a89ecaf32466ef97"),
        "SP 800-38A F.1.1");
  for (i = 0; i < 16; i++) iv[i] = (unsigned char)i;
  rc = aes_oneshot(MYP_AES_CBC, ENC | NOPAD, pt, 16, ct, &dlen, key, 16, iv,
                   16);
  CHECK(rc == 0 && dlen == 16 &&
            hexeq(ct, 16, "7649abac8119b246cee98e9b12e9197d"),
        "SP 800-38A F.2.1");
  unhex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff", iv);
  rc = aes_oneshot(MYP_AES_CTR, ENC, pt, 16, ct, &dlen, key, 16, iv, 16);
  CHECK(rc == 0 && dlen == 16 &&
            hexeq(ct, 16, "874d6191b620e3261bef6864990db6ce"),
        "SP 800-38A F.5.1");
  rc = aes_oneshot(MYP_AES_CTR, DEC, ct, 16, out, &dlen, key, 16, iv, 16);
  CHECK(rc == 0 && dlen == 16 && memcmp(out, pt, 16) == 0,
        "SP 800-38A F.5.1 decrypt");

  /* GCM spec (McGrew & Viega) test cases 1-3, no AAD. */
  {
    static const struct {
      const char *key, *iv, *pt, *ct_tag;
    } gcm[3] = {
      {"00000000000000000000000000000000", "000000000000000000000000", "",
       "58e2fccefa7e3061367f1d57a4e7455a"},
      {"00000000000000000000000000000000", "000000000000000000000000",
       "00000000000000000000000000000000",
       "0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf"},
      {"feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888",
       "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
       "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255",
       "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
       "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985"
       "4d5c2af327cd64a62cf35abd2ba6fab4"},
    };
    for (i = 0; i < 3; i++) {
      size_t ivl;
      unhex(gcm[i].key, key);
      ivl = unhex(gcm[i].iv, iv);
      plen = unhex(gcm[i].pt, pt);
      elen = unhex(gcm[i].ct_tag, exp);
      rc = aes_oneshot(MYP_AES_GCM, ENC, pt, (unsigned)plen, ct, &dlen, key,
                       16, iv, (unsigned)ivl);
      CHECK(rc == 0 && dlen == elen && memcmp(ct, exp, elen) == 0,
            "GCM test case %u encrypt rc=%d dlen=%u", i + 1, rc, dlen);
      rc = aes_oneshot(MYP_AES_GCM, DEC, exp, (unsigned)elen, out, &dlen, key,
                       16, iv, (unsigned)ivl);
      CHECK(rc == 0 && dlen == plen && memcmp(out, pt, plen) == 0,
            "GCM test case %u decrypt rc=%d", i + 1, rc);
      rc = aes_stream(MYP_AES_GCM, DEC, exp, (unsigned)elen, out, &dlen, key,
                      16, iv, (unsigned)ivl, 7);
      CHECK(rc == 0 && dlen == plen && memcmp(out, pt, plen) == 0,
            "GCM test case %u streamed decrypt rc=%d", i + 1, rc);
    }
  }

  /* GCM with IVs of 8, 16 and 60 bytes (AES-256, key 00 01 ..., IV a0 a1 ...). */
  {
    static const struct {
      unsigned ivlen;
      const char *ct_tag;
    } g2[3] = {
      {8, "c2265c351511ab98acde07395087f631a60281089e6b3a27913ac3deee86b8d2"
          "2db317af8d6f3be875a471310d8420f93a246b3360525ff08d4993"},
      {16, "7ecb469c69b8a415a8be7dc38263e3b0e42a3b5914413cdc8e3205c07c4706f3"
           "64f4c60ff4a9c69d8a66576c15f13bff9f5f7fce5e2750fe5844ac"},
      {60, "ebbf02748c8161d4205d4a58ae67ad27c280e55f9e05736aab094fb1a6903557"
           "631b6e3e1f668c75fe9eef090979a1c2432f4153a578dd4b36e6ce"},
    };
    static const char fox[] = "The quick brown fox jumps over the lazy dog";
    for (i = 0; i < 32; i++) key[i] = (unsigned char)i;
    for (i = 0; i < 60; i++) iv[i] = (unsigned char)(0xa0 + i);
    for (i = 0; i < 3; i++) {
      elen = unhex(g2[i].ct_tag, exp);
      rc = aes_oneshot(MYP_AES_GCM, ENC, (const unsigned char *)fox,
                       (unsigned)strlen(fox), ct, &dlen, key, 32, iv,
                       g2[i].ivlen);
      CHECK(rc == 0 && dlen == elen && memcmp(ct, exp, elen) == 0,
            "GCM %u-byte IV encrypt", g2[i].ivlen);
      rc = aes_stream(MYP_AES_GCM, DEC, exp, (unsigned)elen, out, &dlen, key,
                      32, iv, g2[i].ivlen, 3);
      CHECK(rc == 0 && dlen == strlen(fox) && memcmp(out, fox, dlen) == 0,
            "GCM %u-byte IV decrypt", g2[i].ivlen);
    }
  }
}

static void test_aes_roundtrips(void) {
  static const unsigned lens[] = {0, 1, 15, 16, 17, 31, 32, 33, 100, 255, 1024};
  static const unsigned chunks[] = {1, 5, 16, 17, 100, 4096};
  unsigned char key[32], iv[16], pt[1024], ct[1100], ct2[1100], out[1100];
  unsigned mode, k, li, ci, i, dlen, clen;
  int rc;

  for (i = 0; i < 32; i++) key[i] = (unsigned char)(0x30 + 5 * i);
  for (i = 0; i < 16; i++) iv[i] = (unsigned char)(0xf0 - i);
  for (i = 0; i < sizeof pt; i++) pt[i] = (unsigned char)(i * 31 + 7);

  for (mode = 0; mode < 4; mode++) {
    for (k = 16; k <= 32; k += 8) {
      int bad = 0, bad_stream = 0, bad_size = 0;
      for (li = 0; li < sizeof lens / sizeof lens[0]; li++) {
        unsigned len = lens[li];
        unsigned want = cs->my_aes_get_size((enum myp_aes_mode)mode, len);
        rc = aes_oneshot((int)mode, ENC, pt, len, ct, &clen, key, k, iv, 16);
        if (rc != 0) bad++;
        if (clen != want) bad_size++;
        if (mode == MYP_AES_GCM ? clen != len + 16
            : mode == MYP_AES_CTR ? clen != len
                                  : clen != (len / 16 + 1) * 16)
          bad_size++;
        rc = aes_oneshot((int)mode, DEC, ct, clen, out, &dlen, key, k, iv, 16);
        if (rc != 0 || dlen != len || memcmp(out, pt, len) != 0) bad++;

        for (ci = 0; ci < sizeof chunks / sizeof chunks[0]; ci++) {
          unsigned n2;
          rc = aes_stream((int)mode, ENC, pt, len, ct2, &n2, key, k, iv, 16,
                          chunks[ci]);
          if (rc != 0 || n2 != clen || memcmp(ct, ct2, clen) != 0)
            bad_stream++;
          rc = aes_stream((int)mode, DEC, ct, clen, out, &n2, key, k, iv, 16,
                          chunks[ci]);
          if (rc != 0 || n2 != len || memcmp(out, pt, len) != 0) bad_stream++;
        }

        /* NOPAD: ECB/CBC only for whole blocks; CTR/GCM ignore the flag. */
        if (mode >= MYP_AES_CTR || len % 16 == 0) {
          unsigned n2;
          rc = aes_oneshot((int)mode, ENC | NOPAD, pt, len, ct2, &n2, key, k,
                           iv, 16);
          if (rc != 0 ||
              n2 != (mode == MYP_AES_GCM ? len + 16 : len))
            bad++;
          if (mode >= MYP_AES_CTR && (n2 != clen || memcmp(ct, ct2, n2) != 0))
            bad++;
          rc = aes_oneshot((int)mode, DEC | NOPAD, ct2, n2, out, &dlen, key, k,
                           iv, 16);
          if (rc != 0 || dlen != len || memcmp(out, pt, len) != 0) bad++;
          if (len > 0) {
            rc = aes_stream((int)mode, DEC | NOPAD, ct2, n2, out, &dlen, key,
                            k, iv, 16, 7);
            if (rc != 0 || dlen != len || memcmp(out, pt, len) != 0) bad++;
          }
        }
      }
      CHECK(bad == 0, "%s-%u one-shot round trips: %d bad", mode_name[mode],
            k * 8, bad);
      CHECK(bad_stream == 0, "%s-%u streamed round trips: %d bad",
            mode_name[mode], k * 8, bad_stream);
      CHECK(bad_size == 0, "%s-%u output sizes: %d bad", mode_name[mode], k * 8,
            bad_size);
    }
  }

  /* Different key sizes give different ciphertexts; CBC differs from ECB. */
  {
    unsigned char c16[48], c24[48], c32[48], cecb[48];
    unsigned n;
    aes_oneshot(MYP_AES_CBC, ENC, pt, 40, c16, &n, key, 16, iv, 16);
    aes_oneshot(MYP_AES_CBC, ENC, pt, 40, c24, &n, key, 24, iv, 16);
    aes_oneshot(MYP_AES_CBC, ENC, pt, 40, c32, &n, key, 32, iv, 16);
    aes_oneshot(MYP_AES_ECB, ENC, pt, 40, cecb, &n, key, 16, iv, 16);
    CHECK(memcmp(c16, c24, 48) != 0 && memcmp(c16, c32, 48) != 0 &&
              memcmp(c24, c32, 48) != 0 && memcmp(c16, cecb, 48) != 0,
          "key size and mode change the ciphertext");
  }

  /* One-shot in place: CBC encrypt and GCM decrypt with dst == src. */
  {
    unsigned char buf[80];
    unsigned n, n2;
    memcpy(buf, pt, 50);
    rc = aes_oneshot(MYP_AES_CBC, ENC, buf, 50, buf, &n, key, 32, iv, 16);
    aes_oneshot(MYP_AES_CBC, ENC, pt, 50, ct, &n2, key, 32, iv, 16);
    CHECK(rc == 0 && n == 64 && n2 == 64 && memcmp(buf, ct, 64) == 0,
          "CBC encrypt in place");
    rc = aes_oneshot(MYP_AES_CBC, DEC, buf, 64, buf, &n, key, 32, iv, 16);
    CHECK(rc == 0 && n == 50 && memcmp(buf, pt, 50) == 0,
          "CBC decrypt in place");
    rc = aes_oneshot(MYP_AES_GCM, ENC, pt, 50, buf, &n, key, 16, iv, 12);
    CHECK(rc == 0 && n == 66, "GCM encrypt for in-place test");
    rc = aes_oneshot(MYP_AES_GCM, DEC, buf, 66, buf, &n, key, 16, iv, 12);
    CHECK(rc == 0 && n == 50 && memcmp(buf, pt, 50) == 0,
          "GCM decrypt in place");
  }
}

static void test_aes_padding(void) {
  unsigned char key[16], iv[16], blk[32], ct[64], out[64];
  unsigned dlen, mode;
  int rc;
  memset(key, 0x42, sizeof key);
  memset(iv, 0x24, sizeof iv);

  for (mode = MYP_AES_ECB; mode <= MYP_AES_CBC; mode++) {
    const char *m = mode_name[mode];
    /* 5 bytes pad to one block of 5 data bytes and 11 x 0x0b. */
    memcpy(blk, "hello", 5);
    rc = aes_oneshot((int)mode, ENC, blk, 5, ct, &dlen, key, 16, iv, 16);
    CHECK(rc == 0 && dlen == 16, "%s 5 bytes -> 16", m);
    rc = aes_oneshot((int)mode, DEC | NOPAD, ct, 16, out, &dlen, key, 16, iv,
                     16);
    {
      unsigned char want[16];
      memcpy(want, "hello", 5);
      memset(want + 5, 0x0b, 11);
      CHECK(rc == 0 && dlen == 16 && memcmp(out, want, 16) == 0,
            "%s PKCS#7 bytes", m);
    }

    /* NOPAD with a partial block: BAD_DATA, one-shot and streamed. */
    rc = aes_oneshot((int)mode, ENC | NOPAD, blk, 17, ct, &dlen, key, 16, iv,
                     16);
    CHECK(rc == MYP_AES_BAD_DATA, "%s NOPAD 17 bytes one-shot rc=%d", m, rc);
    rc = aes_oneshot((int)mode, DEC | NOPAD, blk, 17, ct, &dlen, key, 16, iv,
                     16);
    CHECK(rc == MYP_AES_BAD_DATA, "%s NOPAD decrypt 17 bytes rc=%d", m, rc);
    rc = aes_stream((int)mode, ENC | NOPAD, blk, 17, ct, &dlen, key, 16, iv, 16,
                    4);
    CHECK(rc == MYP_AES_BAD_DATA, "%s NOPAD 17 bytes streamed rc=%d", m, rc);
    rc = aes_stream((int)mode, ENC | NOPAD, blk, 0, ct, &dlen, key, 16, iv, 16,
                    4);
    CHECK(rc == 0 && dlen == 0, "%s NOPAD empty", m);

    /* Padded decryption of bad lengths. */
    rc = aes_oneshot((int)mode, DEC, blk, 17, out, &dlen, key, 16, iv, 16);
    CHECK(rc == MYP_AES_BAD_DATA, "%s decrypt 17 bytes rc=%d", m, rc);
    rc = aes_oneshot((int)mode, DEC, blk, 0, out, &dlen, key, 16, iv, 16);
    CHECK(rc == MYP_AES_BAD_DATA, "%s decrypt empty rc=%d", m, rc);

    /* Bad padding: last byte 0x00, 0x11, and 03 03 02 ... 02 03. */
    {
      static const unsigned char last[3] = {0x00, 0x11, 0x03};
      int i;
      for (i = 0; i < 3; i++) {
        memset(blk, 0x77, 16);
        blk[15] = last[i];
        if (i == 2) blk[14] = 0x02;
        rc = aes_oneshot((int)mode, ENC | NOPAD, blk, 16, ct, &dlen, key, 16,
                         iv, 16);
        CHECK(rc == 0 && dlen == 16, "%s bad-padding setup", m);
        rc = aes_oneshot((int)mode, DEC, ct, 16, out, &dlen, key, 16, iv, 16);
        CHECK(rc == MYP_AES_BAD_DATA, "%s bad padding %d rc=%d", m, i, rc);
        rc = aes_stream((int)mode, DEC, ct, 16, out, &dlen, key, 16, iv, 16, 3);
        CHECK(rc == MYP_AES_BAD_DATA, "%s bad padding %d streamed rc=%d", m, i,
              rc);
      }
    }
  }
}

static void test_aes_errors(void) {
  unsigned char key[64], iv[16], pt[32], ct[64], out[64];
  unsigned char ctxmem[MYP_AES_CTX_SIZE];
  static const unsigned badk[] = {0, 1, 8, 15, 17, 20, 23, 25, 31, 33, 64};
  unsigned dlen, mode, i;
  int rc, bad = 0;

  memset(key, 1, sizeof key);
  memset(iv, 2, sizeof iv);
  memset(pt, 3, sizeof pt);

  for (mode = 0; mode < 4; mode++) {
    unsigned sz = cs->my_aes_ctx_size((enum myp_aes_mode)mode);
    CHECK(sz > 0 && sz <= MYP_AES_CTX_SIZE, "%s ctx size %u", mode_name[mode],
          sz);
    for (i = 0; i < sizeof badk / sizeof badk[0]; i++) {
      rc = aes_oneshot((int)mode, ENC, pt, 16, ct, &dlen, key, badk[i], iv, 16);
      if (rc != MYP_AES_BAD_KEYSIZE) bad++;
      rc = cs->my_aes_crypt_init(ctxmem, (enum myp_aes_mode)mode, ENC, key,
                                 badk[i], iv, 16);
      if (rc != MYP_AES_BAD_KEYSIZE) bad++;
      /* A finish after a failed init is an error, not a crash. */
      rc = cs->my_aes_crypt_finish(ctxmem, out, &dlen);
      if (rc != MYP_AES_BAD_DATA || dlen != 0) bad++;
    }
    rc = aes_oneshot((int)mode, ENC, pt, 16, ct, &dlen, NULL, 16, iv, 16);
    if (rc != MYP_AES_BAD_KEYSIZE) bad++;
  }
  CHECK(bad == 0, "bad key sizes: %d wrong results", bad);

  /* get_size */
  CHECK(cs->my_aes_get_size(MYP_AES_ECB, 0) == 16 &&
            cs->my_aes_get_size(MYP_AES_CBC, 15) == 16 &&
            cs->my_aes_get_size(MYP_AES_CBC, 16) == 32 &&
            cs->my_aes_get_size(MYP_AES_CTR, 17) == 17 &&
            cs->my_aes_get_size(MYP_AES_GCM, 17) == 33,
        "get_size values");

  /* IVs: CBC/CTR need 16 bytes, GCM at least one; ECB ignores it. */
  rc = aes_oneshot(MYP_AES_CBC, ENC, pt, 16, ct, &dlen, key, 16, iv, 12);
  CHECK(rc == MYP_AES_BAD_DATA, "CBC 12-byte IV rc=%d", rc);
  rc = aes_oneshot(MYP_AES_CTR, ENC, pt, 16, ct, &dlen, key, 16, NULL, 16);
  CHECK(rc == MYP_AES_BAD_DATA, "CTR NULL IV rc=%d", rc);
  rc = aes_oneshot(MYP_AES_GCM, ENC, pt, 16, ct, &dlen, key, 16, iv, 0);
  CHECK(rc == MYP_AES_BAD_DATA, "GCM empty IV rc=%d", rc);
  rc = aes_oneshot(MYP_AES_ECB, ENC, pt, 16, ct, &dlen, key, 16, NULL, 0);
  CHECK(rc == 0 && dlen == 32, "ECB without IV");
  rc = aes_oneshot(7, ENC, pt, 16, ct, &dlen, key, 16, iv, 16);
  CHECK(rc == MYP_AES_BAD_DATA, "unknown mode rc=%d", rc);

  /* GCM authentication. */
  {
    unsigned clen, n;
    unsigned char bad_ct[64];
    rc = aes_oneshot(MYP_AES_GCM, ENC, pt, 32, ct, &clen, key, 32, iv, 12);
    CHECK(rc == 0 && clen == 48, "GCM encrypt 32");
    memcpy(bad_ct, ct, clen);
    bad_ct[clen - 1] ^= 0x01; /* tag */
    rc = aes_oneshot(MYP_AES_GCM, DEC, bad_ct, clen, out, &n, key, 32, iv, 12);
    CHECK(rc == MYP_AES_BAD_DATA, "GCM tag mismatch rc=%d", rc);
    rc = aes_stream(MYP_AES_GCM, DEC, bad_ct, clen, out, &n, key, 32, iv, 12, 5);
    CHECK(rc == MYP_AES_BAD_DATA, "GCM tag mismatch streamed rc=%d", rc);
    memcpy(bad_ct, ct, clen);
    bad_ct[3] ^= 0x80; /* ciphertext */
    rc = aes_oneshot(MYP_AES_GCM, DEC, bad_ct, clen, out, &n, key, 32, iv, 12);
    CHECK(rc == MYP_AES_BAD_DATA, "GCM altered ciphertext rc=%d", rc);
    rc = aes_oneshot(MYP_AES_GCM, DEC, ct, clen, out, &n, key, 32, iv, 11);
    CHECK(rc == MYP_AES_BAD_DATA, "GCM wrong IV rc=%d", rc);
    key[0] ^= 1;
    rc = aes_oneshot(MYP_AES_GCM, DEC, ct, clen, out, &n, key, 32, iv, 12);
    CHECK(rc == MYP_AES_BAD_DATA, "GCM wrong key rc=%d", rc);
    key[0] ^= 1;
    rc = aes_oneshot(MYP_AES_GCM, DEC, ct, 15, out, &n, key, 32, iv, 12);
    CHECK(rc == MYP_AES_BAD_DATA, "GCM shorter than a tag rc=%d", rc);
    rc = aes_oneshot(MYP_AES_GCM, DEC, ct, 0, out, &n, key, 32, iv, 12);
    CHECK(rc == MYP_AES_BAD_DATA, "GCM empty input rc=%d", rc);
    rc = aes_oneshot(MYP_AES_GCM, ENC, pt, 0, ct, &clen, key, 32, iv, 12);
    CHECK(rc == 0 && clen == 16, "GCM empty plaintext -> tag only");
    rc = aes_oneshot(MYP_AES_GCM, DEC, ct, 16, out, &n, key, 32, iv, 12);
    CHECK(rc == 0 && n == 0, "GCM tag-only decrypt");
  }

  /* Context misuse: finish twice, update after finish, zeroed context. */
  {
    unsigned n;
    memset(ctxmem, 0, sizeof ctxmem);
    rc = cs->my_aes_crypt_finish(ctxmem, out, &n);
    CHECK(rc == MYP_AES_BAD_DATA && n == 0, "finish on zeroed ctx rc=%d", rc);
    rc = cs->my_aes_crypt_init(ctxmem, MYP_AES_CTR, ENC, key, 16, iv, 16);
    CHECK(rc == 0, "init CTR");
    rc = cs->my_aes_crypt_update(ctxmem, pt, 10, out, &n);
    CHECK(rc == 0 && n == 10, "update CTR");
    rc = cs->my_aes_crypt_finish(ctxmem, out + 10, &n);
    CHECK(rc == 0 && n == 0, "finish CTR");
    rc = cs->my_aes_crypt_finish(ctxmem, out, &n);
    CHECK(rc == MYP_AES_BAD_DATA, "second finish rc=%d", rc);
    rc = cs->my_aes_crypt_update(ctxmem, pt, 10, out, &n);
    CHECK(rc == MYP_AES_BAD_DATA && n == 0, "update after finish rc=%d", rc);
  }
}

static void test_random(void) {
  unsigned char a[64], b[64], zero[64];
  unsigned char *big = malloc(1 << 20);
  memset(a, 0, sizeof a);
  memset(b, 0, sizeof b);
  memset(zero, 0, sizeof zero);
  CHECK(cs->my_random_bytes(a, (int)sizeof a) == 0, "random a");
  CHECK(cs->my_random_bytes(b, (int)sizeof b) == 0, "random b");
  CHECK(memcmp(a, b, sizeof a) != 0, "two random buffers differ");
  CHECK(memcmp(a, zero, sizeof a) != 0, "random buffer not all zero");
  CHECK(cs->my_random_bytes(a, 0) == 0, "random 0 bytes");
  CHECK(cs->my_random_bytes(a, -1) != 0, "random -1 bytes fails");
  CHECK(cs->my_random_bytes(big, 1 << 20) == 0, "random 1 MiB");
  free(big);
}

/* In a child process that cannot load libcrypto: AES calls return
   MYP_AES_OPENSSL_ERROR, the rest still works. Must run before any AES call
   in this process. */
static void test_no_libcrypto(void) {
  pid_t pid = fork();
  int status = 0;
  if (pid == 0) {
    unsigned char key[16] = {0}, iv[16] = {0}, buf[64], ctx[MYP_AES_CTX_SIZE];
    unsigned n;
    int ok = 1;
    myp_crypto_soname = "libmyplugload-no-such-crypto.so.0";
    ok &= cs->my_aes_crypt(MYP_AES_CBC, ENC, key, 16, buf, &n, key, 16, iv,
                           16) == MYP_AES_OPENSSL_ERROR;
    ok &= cs->my_aes_crypt(MYP_AES_CBC, ENC, key, 16, buf, &n, key, 5, iv,
                           16) == MYP_AES_OPENSSL_ERROR;
    ok &= cs->my_aes_crypt_init(ctx, MYP_AES_GCM, ENC, key, 16, iv, 12) ==
          MYP_AES_OPENSSL_ERROR;
    ok &= cs->my_aes_crypt_finish(ctx, buf, &n) != MYP_AES_OK;
    ok &= cs->my_aes_get_size(MYP_AES_CBC, 1) == 16;
    ok &= cs->my_aes_ctx_size(MYP_AES_CBC) <= MYP_AES_CTX_SIZE;
    ok &= cs->my_random_bytes(buf, 16) == 0;
    _exit(ok ? 0 : 1);
  }
  CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
            WEXITSTATUS(status) == 0,
        "without libcrypto every AES call is MYP_AES_OPENSSL_ERROR");
}

/* Several threads make the first AES calls at the same time (the library is
   loaded once) and hash concurrently. */
static void *thread_body(void *arg) {
  unsigned char key[32], iv[12], pt[100], ct[116], out[116], d[32];
  unsigned n, n2, i;
  long bad = 0;
  (void)arg;
  memset(key, 9, sizeof key);
  memset(iv, 8, sizeof iv);
  for (i = 0; i < 200; i++) {
    memset(pt, (int)i, sizeof pt);
    if (cs->my_aes_crypt(MYP_AES_GCM, ENC, pt, 100, ct, &n, key, 32, iv, 12) ||
        cs->my_aes_crypt(MYP_AES_GCM, DEC, ct, n, out, &n2, key, 32, iv, 12) ||
        n2 != 100 || memcmp(out, pt, 100) != 0)
      bad++;
    myp_my_sha2_handler.my_sha256(d, "abc", 3);
    if (!hexeq(d, 32, algos[3].vec[1])) bad++;
  }
  return (void *)bad;
}

static void test_threads(void) {
  pthread_t t[4];
  long total = 0;
  int i, started = 0;
  for (i = 0; i < 4; i++)
    if (pthread_create(&t[i], NULL, thread_body, NULL) == 0) started++;
  for (i = 0; i < started; i++) {
    void *r;
    pthread_join(t[i], &r);
    total += (long)r;
  }
  CHECK(started == 4 && total == 0, "concurrent use: %ld bad", total);
}

int main(void) {
  int i;
  setup_algos();
  test_no_libcrypto();
  test_threads();
  test_table_layout();
  for (i = 0; i < 6; i++) {
    test_hash_vectors(&algos[i]);
    test_hash_splits(&algos[i]);
    test_hash_lengths(&algos[i]);
  }
  test_aes_vectors();
  test_aes_roundtrips();
  test_aes_padding();
  test_aes_errors();
  test_random();
  return check_summary("hash_test");
}
