/* SPDX-License-Identifier: MIT */
/*
 * s3lite's version. Semantic versioning: while the major number is 0 the C API may still
 * change between minor versions (CHANGELOG.md says how); the CLI contracts do not.
 */
#ifndef S3LITE_VERSION_H
#define S3LITE_VERSION_H

#define S3L_VERSION_MAJOR 0
#define S3L_VERSION_MINOR 2
#define S3L_VERSION_PATCH 0
#define S3L_VERSION_STRING "0.2.0"
/* One number that grows with every release: 0xMMmmpp. */
#define S3L_VERSION_NUMBER                                                                     \
    ((S3L_VERSION_MAJOR << 16) | (S3L_VERSION_MINOR << 8) | S3L_VERSION_PATCH)

#endif /* S3LITE_VERSION_H */
