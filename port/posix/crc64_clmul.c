/* SPDX-License-Identifier: MIT */
/*
 * CRC64NVME for x86-64 hosts: carry-less multiply folding (PCLMULQDQ), because no library this
 * project can depend on offers the NVMe polynomial (ISA-L 2.30 has ECMA, ISO and Jones only).
 * Built when port/posix/accel.mk (through build_config.h) defines S3L_PORT_CRC64_CLMUL (with S3L_CRC64NVME_ALT, so core/ drops
 * its own engine); compiles to nothing otherwise.
 *
 * Method (Gopal et al., "Fast CRC Computation for Generic Polynomials Using PCLMULQDQ", Intel
 * 2009), in the reflected domain: eight 128-bit accumulators fold 128 bytes per round with
 * F' = F.lo * (x^(d+63) mod P) + F.hi * (x^(d-1) mod P) + next block, d = 1024 bits (the -1
 * absorbs the one-bit shift of a reflected carry-less product). The lanes are then folded into
 * one (d = 128), and the last 128 bits are reduced by the slice-by-8 table, which also takes
 * the tail and short inputs, and is the whole engine on a CPU without PCLMULQDQ (checked once
 * at start-up with CPUID). Constants: x^n mod P, bit-reflected; see core/gen/clmul_consts.py.
 */
/* The build's choice is in s3lite/build_config.h, which config.h includes. */
#include "s3lite/config.h"

#if defined(S3L_PORT_CRC64_CLMUL)

#include <stddef.h>
#include <stdint.h>

#include "s3lite/hash.h"

/* The generated tables live with core/checksum.c; this file is their only other user. */
#define S3L_CRC_TAB_ROWS 8
#define S3L_CRC_TAB_WANT_CRC64NVME
#include "../../core/crc_tables.h"

static uint64_t load64le(const uint8_t *p)
{
    uint64_t v = 0;
    unsigned i;
    for (i = 8; i > 0; i--) v = (v << 8) | p[i - 1];
    return v;
}

/* Slice-by-8 over the raw register r. */
static uint64_t crc64_slice8(uint64_t r, const uint8_t *p, size_t len)
{
    const uint64_t(*t)[256] = s3l_crc64nvme_tab;
    for (; len >= 8; len -= 8, p += 8) {
        uint64_t x = r ^ load64le(p);
        r = t[7][x & 0xffu] ^ t[6][(x >> 8) & 0xffu] ^ t[5][(x >> 16) & 0xffu] ^
            t[4][(x >> 24) & 0xffu] ^ t[3][(x >> 32) & 0xffu] ^ t[2][(x >> 40) & 0xffu] ^
            t[1][(x >> 48) & 0xffu] ^ t[0][x >> 56];
    }
    for (; len > 0; len--) r = (r >> 8) ^ t[0][(r ^ *p++) & 0xffu];
    return r;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define S3L_HAVE_CLMUL_PATH 1
#include <cpuid.h>
#include <immintrin.h>

#include <stdlib.h>

/* Set once before main() (a constructor), read-only afterwards: no race.
 * S3L_CRC_NO_CLMUL=1 in the environment forces the table path (tests of the fallback). */
static int crc64_have_clmul;

__attribute__((constructor)) static void crc64_detect(void)
{
    unsigned a = 0, b = 0, c = 0, d = 0;
    const char *off = getenv("S3L_CRC_NO_CLMUL");
    if (off != NULL && off[0] != '\0' && off[0] != '0') return;
    if (__get_cpuid(1, &a, &b, &c, &d) != 0)
        crc64_have_clmul = (c & bit_PCLMUL) != 0 && (c & bit_SSE4_1) != 0;
}

#define LANES 8
/* Below this, the set-up and the final reduction cost more than they save. */
#define CLMUL_MIN (LANES * 16 * 2)

#define K(v) ((long long)UINT64_C(v))

/* Fold 128-bit F forward by the distance whose constants are in k: F.lo*k.lo ^ F.hi*k.hi. */
#define FOLD(f, k) _mm_xor_si128(_mm_clmulepi64_si128((f), (k), 0x00), \
                                 _mm_clmulepi64_si128((f), (k), 0x11))

/*
 * Run the raw register r over p[0..len), len a multiple of 16 and >= LANES * 16.
 * Returns the raw register.
 */
__attribute__((target("pclmul,sse4.1"))) static uint64_t crc64_clmul(uint64_t r,
                                                                     const uint8_t *p,
                                                                     size_t len)
{
    const __m128i k1024 = _mm_set_epi64x(K(0x5f852fb61e8d92dc), K(0xa1ca681e733f9c40));
    const __m128i k128 = _mm_set_epi64x(K(0x21e9761e252621ac), K(0xeadc41fd2ba3d420));
    __m128i f[LANES], acc;
    uint8_t last[16];
    unsigned j;

    for (j = 0; j < LANES; j++) f[j] = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * j));
    f[0] = _mm_xor_si128(f[0], _mm_cvtsi64_si128((long long)r));
    p += LANES * 16;
    len -= LANES * 16;
    for (; len >= LANES * 16; len -= LANES * 16, p += LANES * 16) {
        for (j = 0; j < LANES; j++)
            f[j] = _mm_xor_si128(FOLD(f[j], k1024),
                                 _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * j)));
    }
    acc = f[0];
    for (j = 1; j < LANES; j++) acc = _mm_xor_si128(FOLD(acc, k128), f[j]);
    for (; len >= 16; len -= 16, p += 16)
        acc = _mm_xor_si128(FOLD(acc, k128), _mm_loadu_si128((const __m128i *)(const void *)p));
    /* acc * x^64 mod P is the register: what the table computes from register 0. */
    _mm_storeu_si128((__m128i *)(void *)last, acc);
    return crc64_slice8(0, last, sizeof last);
}
#endif

uint64_t s3l_crc64nvme_update(uint64_t crc, const void *data, size_t len)
{
    const uint8_t *p = (const uint8_t *)data;
    uint64_t r = ~crc;
#if defined(S3L_HAVE_CLMUL_PATH)
    if (crc64_have_clmul && len >= CLMUL_MIN) {
        size_t n = len & ~(size_t)15;
        r = crc64_clmul(r, p, n);
        p += n;
        len -= n;
    }
#endif
    return ~crc64_slice8(r, p, len);
}

#else
/* ISO C forbids an empty translation unit. */
typedef int s3l_crc64_clmul_unused;
#endif
