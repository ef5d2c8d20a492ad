/*
 * my_sha1_service, my_sha2_service and my_md5_service for plugins.
 *
 * SHA-1, SHA-224, SHA-256, SHA-384 and SHA-512 follow FIPS 180-4; MD5
 * follows RFC 1321. The round constants below were derived from their
 * definitions (fractional parts of square/cube roots of primes, and
 * floor(2^32 * |sin(i)|) for MD5), not copied from another implementation.
 *
 * A plugin allocates context_size() bytes and passes that memory to
 * init/input/result. Nothing is allocated here and nothing needs freeing.
 * The memory may have any alignment: every call copies the state into an
 * aligned local, works on it and copies it back.
 */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE 1
#endif

#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "svc_hashcrypt.h"

/* ---- byte order helpers ------------------------------------------------ */

static uint32_t myp_hash_ld32be(const unsigned char *p) {
  return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
         ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

static uint32_t myp_hash_ld32le(const unsigned char *p) {
  return ((uint32_t)p[3] << 24) | ((uint32_t)p[2] << 16) |
         ((uint32_t)p[1] << 8) | (uint32_t)p[0];
}

static uint64_t myp_hash_ld64be(const unsigned char *p) {
  return ((uint64_t)myp_hash_ld32be(p) << 32) | myp_hash_ld32be(p + 4);
}

static void myp_hash_st32be(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)(v >> 24);
  p[1] = (unsigned char)(v >> 16);
  p[2] = (unsigned char)(v >> 8);
  p[3] = (unsigned char)v;
}

static void myp_hash_st32le(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)v;
  p[1] = (unsigned char)(v >> 8);
  p[2] = (unsigned char)(v >> 16);
  p[3] = (unsigned char)(v >> 24);
}

static void myp_hash_st64be(unsigned char *p, uint64_t v) {
  myp_hash_st32be(p, (uint32_t)(v >> 32));
  myp_hash_st32be(p + 4, (uint32_t)v);
}

static uint32_t myp_hash_rotl32(uint32_t x, unsigned n) {
  return (x << n) | (x >> (32 - n));
}

static uint32_t myp_hash_rotr32(uint32_t x, unsigned n) {
  return (x >> n) | (x << (32 - n));
}

static uint64_t myp_hash_rotr64(uint64_t x, unsigned n) {
  return (x >> n) | (x << (64 - n));
}

/* ---- block functions ---------------------------------------------------- */

/* MD5 (RFC 1321 section 3.4): four rounds of 16 steps over a 64-byte block. */
static const uint32_t myp_md5_t[64] = {
  0xd76aa478u, 0xe8c7b756u, 0x242070dbu, 0xc1bdceeeu,
  0xf57c0fafu, 0x4787c62au, 0xa8304613u, 0xfd469501u,
  0x698098d8u, 0x8b44f7afu, 0xffff5bb1u, 0x895cd7beu,
  0x6b901122u, 0xfd987193u, 0xa679438eu, 0x49b40821u,
  0xf61e2562u, 0xc040b340u, 0x265e5a51u, 0xe9b6c7aau,
  0xd62f105du, 0x02441453u, 0xd8a1e681u, 0xe7d3fbc8u,
  0x21e1cde6u, 0xc33707d6u, 0xf4d50d87u, 0x455a14edu,
  0xa9e3e905u, 0xfcefa3f8u, 0x676f02d9u, 0x8d2a4c8au,
  0xfffa3942u, 0x8771f681u, 0x6d9d6122u, 0xfde5380cu,
  0xa4beea44u, 0x4bdecfa9u, 0xf6bb4b60u, 0xbebfbc70u,
  0x289b7ec6u, 0xeaa127fau, 0xd4ef3085u, 0x04881d05u,
  0xd9d4d039u, 0xe6db99e5u, 0x1fa27cf8u, 0xc4ac5665u,
  0xf4292244u, 0x432aff97u, 0xab9423a7u, 0xfc93a039u,
  0x655b59c3u, 0x8f0ccc92u, 0xffeff47du, 0x85845dd1u,
  0x6fa87e4fu, 0xfe2ce6e0u, 0xa3014314u, 0x4e0811a1u,
  0xf7537e82u, 0xbd3af235u, 0x2ad7d2bbu, 0xeb86d391u,
};

/* Left-rotation amounts, four per round. */
static const unsigned char myp_md5_s[4][4] = {
  {7, 12, 17, 22}, {5, 9, 14, 20}, {4, 11, 16, 23}, {6, 10, 15, 21}};

static void myp_md5_block(uint32_t st[8], const unsigned char *blk) {
  uint32_t x[16];
  uint32_t a = st[0], b = st[1], c = st[2], d = st[3];
  int i;
  for (i = 0; i < 16; i++) x[i] = myp_hash_ld32le(blk + 4 * i);
  for (i = 0; i < 64; i++) {
    int round = i / 16;
    uint32_t f;
    unsigned k;
    switch (round) {
    case 0:
      f = (b & c) | (~b & d);
      k = (unsigned)i;
      break;
    case 1:
      f = (b & d) | (c & ~d);
      k = (unsigned)(1 + 5 * i) & 15u;
      break;
    case 2:
      f = b ^ c ^ d;
      k = (unsigned)(5 + 3 * i) & 15u;
      break;
    default:
      f = c ^ (b | ~d);
      k = (unsigned)(7 * i) & 15u;
      break;
    }
    f = a + f + x[k] + myp_md5_t[i];
    a = d;
    d = c;
    c = b;
    b = b + myp_hash_rotl32(f, myp_md5_s[round][i & 3]);
  }
  st[0] += a;
  st[1] += b;
  st[2] += c;
  st[3] += d;
}

/* SHA-1 (FIPS 180-4 section 6.1.2). */
static void myp_sha1_block(uint32_t st[8], const unsigned char *blk) {
  uint32_t w[80];
  uint32_t a = st[0], b = st[1], c = st[2], d = st[3], e = st[4];
  int t;
  for (t = 0; t < 16; t++) w[t] = myp_hash_ld32be(blk + 4 * t);
  for (t = 16; t < 80; t++)
    w[t] = myp_hash_rotl32(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
  for (t = 0; t < 80; t++) {
    uint32_t f, k, tmp;
    if (t < 20) {
      f = (b & c) ^ (~b & d); /* Ch */
      k = 0x5a827999u;
    } else if (t < 40) {
      f = b ^ c ^ d; /* Parity */
      k = 0x6ed9eba1u;
    } else if (t < 60) {
      f = (b & c) ^ (b & d) ^ (c & d); /* Maj */
      k = 0x8f1bbcdcu;
    } else {
      f = b ^ c ^ d;
      k = 0xca62c1d6u;
    }
    tmp = myp_hash_rotl32(a, 5) + f + e + k + w[t];
    e = d;
    d = c;
    c = myp_hash_rotl32(b, 30);
    b = a;
    a = tmp;
  }
  st[0] += a;
  st[1] += b;
  st[2] += c;
  st[3] += d;
  st[4] += e;
}

/* SHA-224/256 constants: first 32 bits of the fractional parts of the cube
   roots of the first 64 primes. */
static const uint32_t myp_sha256_k[64] = {
  0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u,
  0x3956c25bu, 0x59f111f1u, 0x923f82a4u, 0xab1c5ed5u,
  0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u,
  0x72be5d74u, 0x80deb1feu, 0x9bdc06a7u, 0xc19bf174u,
  0xe49b69c1u, 0xefbe4786u, 0x0fc19dc6u, 0x240ca1ccu,
  0x2de92c6fu, 0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau,
  0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u,
  0xc6e00bf3u, 0xd5a79147u, 0x06ca6351u, 0x14292967u,
  0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu, 0x53380d13u,
  0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u,
  0xa2bfe8a1u, 0xa81a664bu, 0xc24b8b70u, 0xc76c51a3u,
  0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u,
  0x19a4c116u, 0x1e376c08u, 0x2748774cu, 0x34b0bcb5u,
  0x391c0cb3u, 0x4ed8aa4au, 0x5b9cca4fu, 0x682e6ff3u,
  0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u,
  0x90befffau, 0xa4506cebu, 0xbef9a3f7u, 0xc67178f2u,
};

/* SHA-256 (FIPS 180-4 section 6.2.2); SHA-224 uses it too. */
static void myp_sha256_block(uint32_t st[8], const unsigned char *blk) {
  uint32_t w[64];
  uint32_t a = st[0], b = st[1], c = st[2], d = st[3];
  uint32_t e = st[4], f = st[5], g = st[6], h = st[7];
  int t;
  for (t = 0; t < 16; t++) w[t] = myp_hash_ld32be(blk + 4 * t);
  for (t = 16; t < 64; t++) {
    uint32_t s0 = myp_hash_rotr32(w[t - 15], 7) ^
                  myp_hash_rotr32(w[t - 15], 18) ^ (w[t - 15] >> 3);
    uint32_t s1 = myp_hash_rotr32(w[t - 2], 17) ^
                  myp_hash_rotr32(w[t - 2], 19) ^ (w[t - 2] >> 10);
    w[t] = s1 + w[t - 7] + s0 + w[t - 16];
  }
  for (t = 0; t < 64; t++) {
    uint32_t S1 = myp_hash_rotr32(e, 6) ^ myp_hash_rotr32(e, 11) ^
                  myp_hash_rotr32(e, 25);
    uint32_t ch = (e & f) ^ (~e & g);
    uint32_t t1 = h + S1 + ch + myp_sha256_k[t] + w[t];
    uint32_t S0 = myp_hash_rotr32(a, 2) ^ myp_hash_rotr32(a, 13) ^
                  myp_hash_rotr32(a, 22);
    uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
    uint32_t t2 = S0 + maj;
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  st[0] += a;
  st[1] += b;
  st[2] += c;
  st[3] += d;
  st[4] += e;
  st[5] += f;
  st[6] += g;
  st[7] += h;
}

/* SHA-384/512 constants: first 64 bits of the fractional parts of the cube
   roots of the first 80 primes. */
static const uint64_t myp_sha512_k[80] = {
  0x428a2f98d728ae22ull, 0x7137449123ef65cdull,
  0xb5c0fbcfec4d3b2full, 0xe9b5dba58189dbbcull,
  0x3956c25bf348b538ull, 0x59f111f1b605d019ull,
  0x923f82a4af194f9bull, 0xab1c5ed5da6d8118ull,
  0xd807aa98a3030242ull, 0x12835b0145706fbeull,
  0x243185be4ee4b28cull, 0x550c7dc3d5ffb4e2ull,
  0x72be5d74f27b896full, 0x80deb1fe3b1696b1ull,
  0x9bdc06a725c71235ull, 0xc19bf174cf692694ull,
  0xe49b69c19ef14ad2ull, 0xefbe4786384f25e3ull,
  0x0fc19dc68b8cd5b5ull, 0x240ca1cc77ac9c65ull,
  0x2de92c6f592b0275ull, 0x4a7484aa6ea6e483ull,
  0x5cb0a9dcbd41fbd4ull, 0x76f988da831153b5ull,
  0x983e5152ee66dfabull, 0xa831c66d2db43210ull,
  0xb00327c898fb213full, 0xbf597fc7beef0ee4ull,
  0xc6e00bf33da88fc2ull, 0xd5a79147930aa725ull,
  0x06ca6351e003826full, 0x142929670a0e6e70ull,
  0x27b70a8546d22ffcull, 0x2e1b21385c26c926ull,
  0x4d2c6dfc5ac42aedull, 0x53380d139d95b3dfull,
  0x650a73548baf63deull, 0x766a0abb3c77b2a8ull,
  0x81c2c92e47edaee6ull, 0x92722c851482353bull,
  0xa2bfe8a14cf10364ull, 0xa81a664bbc423001ull,
  0xc24b8b70d0f89791ull, 0xc76c51a30654be30ull,
  0xd192e819d6ef5218ull, 0xd69906245565a910ull,
  0xf40e35855771202aull, 0x106aa07032bbd1b8ull,
  0x19a4c116b8d2d0c8ull, 0x1e376c085141ab53ull,
  0x2748774cdf8eeb99ull, 0x34b0bcb5e19b48a8ull,
  0x391c0cb3c5c95a63ull, 0x4ed8aa4ae3418acbull,
  0x5b9cca4f7763e373ull, 0x682e6ff3d6b2b8a3ull,
  0x748f82ee5defb2fcull, 0x78a5636f43172f60ull,
  0x84c87814a1f0ab72ull, 0x8cc702081a6439ecull,
  0x90befffa23631e28ull, 0xa4506cebde82bde9ull,
  0xbef9a3f7b2c67915ull, 0xc67178f2e372532bull,
  0xca273eceea26619cull, 0xd186b8c721c0c207ull,
  0xeada7dd6cde0eb1eull, 0xf57d4f7fee6ed178ull,
  0x06f067aa72176fbaull, 0x0a637dc5a2c898a6ull,
  0x113f9804bef90daeull, 0x1b710b35131c471bull,
  0x28db77f523047d84ull, 0x32caab7b40c72493ull,
  0x3c9ebe0a15c9bebcull, 0x431d67c49c100d4cull,
  0x4cc5d4becb3e42b6ull, 0x597f299cfc657e2aull,
  0x5fcb6fab3ad6faecull, 0x6c44198c4a475817ull,
};

/* SHA-512 (FIPS 180-4 section 6.4.2); SHA-384 uses it too. */
static void myp_sha512_block(uint64_t st[8], const unsigned char *blk) {
  uint64_t w[80];
  uint64_t a = st[0], b = st[1], c = st[2], d = st[3];
  uint64_t e = st[4], f = st[5], g = st[6], h = st[7];
  int t;
  for (t = 0; t < 16; t++) w[t] = myp_hash_ld64be(blk + 8 * t);
  for (t = 16; t < 80; t++) {
    uint64_t s0 = myp_hash_rotr64(w[t - 15], 1) ^
                  myp_hash_rotr64(w[t - 15], 8) ^ (w[t - 15] >> 7);
    uint64_t s1 = myp_hash_rotr64(w[t - 2], 19) ^
                  myp_hash_rotr64(w[t - 2], 61) ^ (w[t - 2] >> 6);
    w[t] = s1 + w[t - 7] + s0 + w[t - 16];
  }
  for (t = 0; t < 80; t++) {
    uint64_t S1 = myp_hash_rotr64(e, 14) ^ myp_hash_rotr64(e, 18) ^
                  myp_hash_rotr64(e, 41);
    uint64_t ch = (e & f) ^ (~e & g);
    uint64_t t1 = h + S1 + ch + myp_sha512_k[t] + w[t];
    uint64_t S0 = myp_hash_rotr64(a, 28) ^ myp_hash_rotr64(a, 34) ^
                  myp_hash_rotr64(a, 39);
    uint64_t maj = (a & b) ^ (a & c) ^ (b & c);
    uint64_t t2 = S0 + maj;
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  st[0] += a;
  st[1] += b;
  st[2] += c;
  st[3] += d;
  st[4] += e;
  st[5] += f;
  st[6] += g;
  st[7] += h;
}

/* ---- streaming state ----------------------------------------------------- */

/* 64-byte-block algorithms: MD5, SHA-1, SHA-224, SHA-256. */
struct myp_h32_state {
  uint32_t h[8];
  uint64_t nbytes; /* message length so far */
  uint32_t fill;   /* bytes waiting in buf */
  unsigned char buf[64];
};

/* 128-byte-block algorithms: SHA-384, SHA-512. */
struct myp_h64_state {
  uint64_t h[8];
  uint64_t nbytes; /* message length so far (bytes; < 2^64 is plenty) */
  uint32_t fill;
  unsigned char buf[128];
};

typedef void (*myp_h32_block_fn)(uint32_t st[8], const unsigned char *blk);

static void myp_h32_start(struct myp_h32_state *s, const uint32_t *iv,
                          int words) {
  memset(s, 0, sizeof *s);
  memcpy(s->h, iv, (size_t)words * sizeof(uint32_t));
}

static void myp_h32_feed(struct myp_h32_state *s, myp_h32_block_fn block,
                         const unsigned char *p, size_t n) {
  s->nbytes += (uint64_t)n;
  if (s->fill) {
    size_t take = 64 - s->fill;
    if (take > n) take = n;
    memcpy(s->buf + s->fill, p, take);
    s->fill += (uint32_t)take;
    p += take;
    n -= take;
    if (s->fill < 64) return;
    block(s->h, s->buf);
    s->fill = 0;
  }
  while (n >= 64) {
    block(s->h, p);
    p += 64;
    n -= 64;
  }
  if (n) {
    memcpy(s->buf, p, n);
    s->fill = (uint32_t)n;
  }
}

/* Pads (0x80, zeros, 64-bit bit length; big-endian for SHA, little-endian
   for MD5) and writes out_words words of the state in the same order. */
static void myp_h32_finish(struct myp_h32_state *s, myp_h32_block_fn block,
                           int little_endian, unsigned char *out,
                           int out_words) {
  uint64_t bits = s->nbytes << 3;
  int i;
  s->buf[s->fill++] = 0x80;
  if (s->fill > 56) {
    memset(s->buf + s->fill, 0, 64 - s->fill);
    block(s->h, s->buf);
    s->fill = 0;
  }
  memset(s->buf + s->fill, 0, 56 - s->fill);
  if (little_endian) {
    myp_hash_st32le(s->buf + 56, (uint32_t)bits);
    myp_hash_st32le(s->buf + 60, (uint32_t)(bits >> 32));
  } else {
    myp_hash_st32be(s->buf + 56, (uint32_t)(bits >> 32));
    myp_hash_st32be(s->buf + 60, (uint32_t)bits);
  }
  block(s->h, s->buf);
  s->fill = 0;
  for (i = 0; i < out_words; i++) {
    if (little_endian)
      myp_hash_st32le(out + 4 * i, s->h[i]);
    else
      myp_hash_st32be(out + 4 * i, s->h[i]);
  }
}

static void myp_h64_start(struct myp_h64_state *s, const uint64_t *iv) {
  memset(s, 0, sizeof *s);
  memcpy(s->h, iv, 8 * sizeof(uint64_t));
}

static void myp_h64_feed(struct myp_h64_state *s, const unsigned char *p,
                         size_t n) {
  s->nbytes += (uint64_t)n;
  if (s->fill) {
    size_t take = 128 - s->fill;
    if (take > n) take = n;
    memcpy(s->buf + s->fill, p, take);
    s->fill += (uint32_t)take;
    p += take;
    n -= take;
    if (s->fill < 128) return;
    myp_sha512_block(s->h, s->buf);
    s->fill = 0;
  }
  while (n >= 128) {
    myp_sha512_block(s->h, p);
    p += 128;
    n -= 128;
  }
  if (n) {
    memcpy(s->buf, p, n);
    s->fill = (uint32_t)n;
  }
}

/* Pads with 0x80, zeros and a 128-bit big-endian bit length; writes
   out_bytes of the big-endian state (48 for SHA-384, 64 for SHA-512). */
static void myp_h64_finish(struct myp_h64_state *s, unsigned char *out,
                           int out_bytes) {
  unsigned char full[64];
  int i;
  s->buf[s->fill++] = 0x80;
  if (s->fill > 112) {
    memset(s->buf + s->fill, 0, 128 - s->fill);
    myp_sha512_block(s->h, s->buf);
    s->fill = 0;
  }
  memset(s->buf + s->fill, 0, 112 - s->fill);
  myp_hash_st64be(s->buf + 112, s->nbytes >> 61);
  myp_hash_st64be(s->buf + 120, s->nbytes << 3);
  myp_sha512_block(s->h, s->buf);
  s->fill = 0;
  for (i = 0; i < 8; i++) myp_hash_st64be(full + 8 * i, s->h[i]);
  memcpy(out, full, (size_t)out_bytes);
}

/* ---- initial hash values --------------------------------------------------- */

static const uint32_t myp_md5_iv[4] = {0x67452301u, 0xefcdab89u, 0x98badcfeu,
                                       0x10325476u};
static const uint32_t myp_sha1_iv[5] = {0x67452301u, 0xefcdab89u, 0x98badcfeu,
                                        0x10325476u, 0xc3d2e1f0u};
/* Fractional parts of the square roots of the first 8 primes (32 bits). */
static const uint32_t myp_sha256_iv[8] = {
  0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
  0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u};
/* Low 32 bits of the SHA-384 initial values (FIPS 180-4 5.3.2). */
static const uint32_t myp_sha224_iv[8] = {
  0xc1059ed8u, 0x367cd507u, 0x3070dd17u, 0xf70e5939u,
  0xffc00b31u, 0x68581511u, 0x64f98fa7u, 0xbefa4fa4u};
/* Fractional parts of the square roots of primes 9..16 (64 bits). */
static const uint64_t myp_sha384_iv[8] = {
  0xcbbb9d5dc1059ed8ull, 0x629a292a367cd507ull, 0x9159015a3070dd17ull,
  0x152fecd8f70e5939ull, 0x67332667ffc00b31ull, 0x8eb44a8768581511ull,
  0xdb0c2e0d64f98fa7ull, 0x47b5481dbefa4fa4ull};
/* Fractional parts of the square roots of the first 8 primes (64 bits). */
static const uint64_t myp_sha512_iv[8] = {
  0x6a09e667f3bcc908ull, 0xbb67ae8584caa73bull, 0x3c6ef372fe94f82bull,
  0xa54ff53a5f1d36f1ull, 0x510e527fade682d1ull, 0x9b05688c2b3e6c1full,
  0x1f83d9abfb41bd6bull, 0x5be0cd19137e2179ull};

/* ---- the service functions ----------------------------------------------- */

/*
 * MYP_HASH32_SERVICE / MYP_HASH64_SERVICE define, for one algorithm NAME,
 * the six functions a service table points to:
 *   my_NAME(digest, buf, len), my_NAME_multi(digest, buf, len, ..., NULL),
 *   my_NAME_context_size(), my_NAME_init(ctx), my_NAME_input(ctx, buf, len),
 *   my_NAME_result(ctx, digest).
 * The plugin-owned context is only accessed with memcpy, so its alignment
 * does not matter.
 */
#define MYP_HASH32_SERVICE(NAME, IV, IVWORDS, BLOCK, LE, OUTWORDS)             \
  static void myp_##NAME##_start(struct myp_h32_state *s) {                    \
    myp_h32_start(s, IV, IVWORDS);                                             \
  }                                                                            \
  static void myp_##NAME##_feed(struct myp_h32_state *s,                       \
                                const unsigned char *p, size_t n) {            \
    myp_h32_feed(s, BLOCK, p, n);                                              \
  }                                                                            \
  static void myp_##NAME##_end(struct myp_h32_state *s, unsigned char *out) {  \
    myp_h32_finish(s, BLOCK, LE, out, OUTWORDS);                               \
  }                                                                            \
  typedef struct myp_h32_state myp_##NAME##_state_t;

#define MYP_HASH64_SERVICE(NAME, IV, OUTBYTES)                                 \
  static void myp_##NAME##_start(struct myp_h64_state *s) {                    \
    myp_h64_start(s, IV);                                                      \
  }                                                                            \
  static void myp_##NAME##_feed(struct myp_h64_state *s,                       \
                                const unsigned char *p, size_t n) {            \
    myp_h64_feed(s, p, n);                                                     \
  }                                                                            \
  static void myp_##NAME##_end(struct myp_h64_state *s, unsigned char *out) {  \
    myp_h64_finish(s, out, OUTBYTES);                                          \
  }                                                                            \
  typedef struct myp_h64_state myp_##NAME##_state_t;

#define MYP_HASH_API(NAME)                                                     \
  static void myp_##NAME##_oneshot(unsigned char *digest, const char *buf,     \
                                   size_t len) {                               \
    myp_##NAME##_state_t s;                                                    \
    myp_##NAME##_start(&s);                                                    \
    myp_##NAME##_feed(&s, (const unsigned char *)buf, len);                    \
    myp_##NAME##_end(&s, digest);                                              \
  }                                                                            \
  static void myp_##NAME##_multi(unsigned char *digest, ...) {                 \
    myp_##NAME##_state_t s;                                                    \
    va_list ap;                                                                \
    const char *p;                                                             \
    myp_##NAME##_start(&s);                                                    \
    va_start(ap, digest);                                                      \
    while ((p = va_arg(ap, const char *)) != NULL) {                           \
      size_t n = va_arg(ap, size_t);                                           \
      myp_##NAME##_feed(&s, (const unsigned char *)p, n);                      \
    }                                                                          \
    va_end(ap);                                                                \
    myp_##NAME##_end(&s, digest);                                              \
  }                                                                            \
  static size_t myp_##NAME##_context_size(void) {                              \
    return sizeof(myp_##NAME##_state_t);                                       \
  }                                                                            \
  static void myp_##NAME##_init(void *context) {                               \
    myp_##NAME##_state_t s;                                                    \
    myp_##NAME##_start(&s);                                                    \
    memcpy(context, &s, sizeof s);                                             \
  }                                                                            \
  static void myp_##NAME##_input(void *context, const unsigned char *buf,      \
                                 size_t len) {                                 \
    myp_##NAME##_state_t s;                                                    \
    memcpy(&s, context, sizeof s);                                             \
    myp_##NAME##_feed(&s, buf, len);                                           \
    memcpy(context, &s, sizeof s);                                             \
  }                                                                            \
  static void myp_##NAME##_result(void *context, unsigned char *digest) {      \
    myp_##NAME##_state_t s;                                                    \
    memcpy(&s, context, sizeof s);                                             \
    myp_##NAME##_end(&s, digest);                                              \
    memcpy(context, &s, sizeof s);                                             \
  }

MYP_HASH32_SERVICE(md5, myp_md5_iv, 4, myp_md5_block, 1, 4)
MYP_HASH32_SERVICE(sha1, myp_sha1_iv, 5, myp_sha1_block, 0, 5)
MYP_HASH32_SERVICE(sha224, myp_sha224_iv, 8, myp_sha256_block, 0, 7)
MYP_HASH32_SERVICE(sha256, myp_sha256_iv, 8, myp_sha256_block, 0, 8)
MYP_HASH64_SERVICE(sha384, myp_sha384_iv, 48)
MYP_HASH64_SERVICE(sha512, myp_sha512_iv, 64)

MYP_HASH_API(md5)
MYP_HASH_API(sha1)
MYP_HASH_API(sha224)
MYP_HASH_API(sha256)
MYP_HASH_API(sha384)
MYP_HASH_API(sha512)

#define MYP_HASH_TABLE_ENTRIES(NAME)                                           \
  myp_##NAME##_oneshot, myp_##NAME##_multi, myp_##NAME##_context_size,         \
      myp_##NAME##_init, myp_##NAME##_input, myp_##NAME##_result

const struct myp_sha1_service_st myp_my_sha1_handler = {
  MYP_HASH_TABLE_ENTRIES(sha1)};

const struct myp_md5_service_st myp_my_md5_handler = {
  MYP_HASH_TABLE_ENTRIES(md5)};

const struct myp_sha2_service_st myp_my_sha2_handler = {
  MYP_HASH_TABLE_ENTRIES(sha224), MYP_HASH_TABLE_ENTRIES(sha256),
  MYP_HASH_TABLE_ENTRIES(sha384), MYP_HASH_TABLE_ENTRIES(sha512)};
