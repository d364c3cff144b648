/* SPDX-License-Identifier: MIT */
/*
 * The options s3lite was built with, as every application must see them (s3lite/config.h
 * includes this file first). This copy, in the source tree, records none: config.h's defaults
 * apply (mbedTLS digests, one-table CRCs), which is what a firmware that compiles core/ with
 * -Iinclude gets.
 *
 * `make` and CMake write their own copy into the build's include tree
 * (build/include/s3lite/build_config.h, from core/gen/build_config.h.in), put that directory
 * before include/ on the include path, and install that copy with the headers. config.h
 * includes it as <s3lite/build_config.h>, so the include path alone decides which copy wins.
 */
#ifndef S3LITE_BUILD_CONFIG_H
#define S3LITE_BUILD_CONFIG_H
#endif /* S3LITE_BUILD_CONFIG_H */
