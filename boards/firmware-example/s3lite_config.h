/* SPDX-License-Identifier: MIT */
/*
 * s3lite tunables of this firmware (include/s3lite/config.h has them all, with defaults).
 * Compile s3lite and the application with the same -DS3L_CONFIG_FILE='"s3lite_config.h"':
 * some of these change the size of public structs.
 */
#ifndef S3LITE_EXAMPLE_CONFIG_H
#define S3LITE_EXAMPLE_CONFIG_H

/* Header slots in struct s3l_client (16 bytes each on 32-bit). The default (57) fits
 * PutObject with every parameter and 16 metadata entries; this flow sends at most 8
 * (a streaming UploadPart: Host, Content-Length, x-amz-content-sha256, X-Amz-Date,
 * Authorization, Expect, Content-Encoding, x-amz-decoded-content-length). */
#define S3L_CLIENT_HEADERS 16

#endif /* S3LITE_EXAMPLE_CONFIG_H */
