/* SPDX-License-Identifier: MIT */
/* newlib 3.3's <inttypes.h> leaves the 64-bit PRI macros out under -std=c99 (Arm, 32-bit
 * long): the test programs print int64_t with them. */
#ifndef S3L_BOARD_INTTYPES_H
#define S3L_BOARD_INTTYPES_H

#pragma GCC system_header
#include_next <inttypes.h>

#ifndef PRId64
#define PRId64 "lld"
#define PRIu64 "llu"
#define PRIx64 "llx"
#endif

#endif
