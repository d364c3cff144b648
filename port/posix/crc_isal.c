/* SPDX-License-Identifier: MIT */
/*
 * CRC32 and CRC32C from ISA-L (Debian libisal-dev): PCLMULQDQ / SSE4.2 / AVX-512 code chosen at
 * run time by the library. Built when port/posix/accel.mk (through build_config.h) defines S3L_PORT_CRC_ISAL (with
 * S3L_CRC32_ALT and S3L_CRC32C_ALT, so core/ drops its table engines); compiles to nothing
 * otherwise.
 *
 * Conventions (proved by the check values in tests/test_checksum.c):
 *   crc32_gzip_refl(init, buf, len) inverts on entry and exit, like zlib's crc32(): it takes
 *     and returns the same value as s3l_crc32_update();
 *   crc32_iscsi(buf, len, init) does not invert: the raw register goes in and out, so we
 *     invert around it. Its length is an int: long buffers go in slices.
 */
/* The build's choice is in s3lite/build_config.h, which config.h includes. */
#include "s3lite/config.h"

#if defined(S3L_PORT_CRC_ISAL)

#include <stdint.h>

#include <isa-l/crc.h>

#include "s3lite/hash.h"

/* ISA-L's prototypes take non-const buffers it only reads; convert without a qualifier cast. */
static unsigned char *isal_buf(const void *p)
{
    return (unsigned char *)(uintptr_t)p;
}

uint32_t s3l_crc32_update(uint32_t crc, const void *data, size_t len)
{
    return crc32_gzip_refl(crc, isal_buf(data), (uint64_t)len);
}

uint32_t s3l_crc32c_update(uint32_t crc, const void *data, size_t len)
{
    const unsigned char *p = (const unsigned char *)data;
    uint32_t r = ~crc;
    while (len > 0) {
        size_t n = len < ((size_t)1 << 30) ? len : ((size_t)1 << 30);
        r = crc32_iscsi(isal_buf(p), (int)n, r);
        p += n;
        len -= n;
    }
    return ~r;
}

#else
/* ISO C forbids an empty translation unit. */
typedef int s3l_crc_isal_unused;
#endif
