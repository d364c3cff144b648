/* SPDX-License-Identifier: MIT */
/*
 * A hash backend the library was not built with (as an MCU hash engine's port would declare
 * its contexts): test_abi compiles one copy of its application with
 * -DS3L_HASH_ALT='"fake_hash.h"'. Only the types matter; nothing here is ever called.
 */
#ifndef S3L_TEST_FAKE_HASH_H
#define S3L_TEST_FAKE_HASH_H

#include <stdint.h>

typedef struct { uint32_t engine_regs[48]; } s3l_sha256_ctx;
typedef struct { uint32_t engine_regs[40]; } s3l_sha1_ctx;
typedef struct { uint32_t engine_regs[36]; } s3l_md5_ctx;

#endif /* S3L_TEST_FAKE_HASH_H */
