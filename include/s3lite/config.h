/*
 * s3lite configuration: every tunable with its default.
 *
 * Override any S3L_* macro by defining it on the compiler command line, or put
 * your overrides in a header and build with -DS3L_CONFIG_FILE='"my_s3lite_config.h"'
 * (the lwIP opt.h / lwipopts.h pattern). This file only supplies defaults.
 */
#ifndef S3LITE_CONFIG_H
#define S3LITE_CONFIG_H

#ifdef S3L_CONFIG_FILE
#include S3L_CONFIG_FILE
#endif

/* ---- limits of caller-visible fixed storage ------------------------------ */

/* Longest region name kept in the signing-key cache ("ap-southeast-2" is 14). */
#ifndef S3L_REGION_MAX
#define S3L_REGION_MAX 32
#endif

/* Longest service name kept in the signing-key cache ("s3"). */
#ifndef S3L_SERVICE_MAX
#define S3L_SERVICE_MAX 16
#endif

/* Longest HTTP response line (status line or one header line) the parser accepts. */
#ifndef S3L_HTTP_LINE_MAX
#define S3L_HTTP_LINE_MAX 1024
#endif

/* Most response headers the parser accepts before failing with S3L_ERR_HTTP_TOO_MANY_HEADERS. */
#ifndef S3L_HTTP_MAX_HEADERS
#define S3L_HTTP_MAX_HEADERS 64
#endif

/* Deepest XML nesting the scanner accepts (S3 documents use 4). */
#ifndef S3L_XML_DEPTH_MAX
#define S3L_XML_DEPTH_MAX 16
#endif

/* Storage of fixed-size response fields (upload ids can be long on some servers). */
#ifndef S3L_UPLOAD_ID_MAX
#define S3L_UPLOAD_ID_MAX 256
#endif
#ifndef S3L_ETAG_MAX
#define S3L_ETAG_MAX 80
#endif
#ifndef S3L_ERROR_CODE_MAX
#define S3L_ERROR_CODE_MAX 64
#endif
#ifndef S3L_ERROR_MESSAGE_MAX
#define S3L_ERROR_MESSAGE_MAX 256
#endif

/* aws-chunked: bytes of payload per signed chunk (streaming uploads). */
#ifndef S3L_CHUNK_SIZE
#define S3L_CHUNK_SIZE 8192
#endif

/* CRC tables: 0 = bitwise (smallest), 1 = one 256-entry table, 8 = slice-by-8 (fastest). */
#ifndef S3L_CRC_TABLES
#define S3L_CRC_TABLES 8
#endif

/* ---- logging: compiled out unless the user defines these ----------------- */
#ifndef S3L_LOG_ERROR
#define S3L_LOG_ERROR(...) ((void)0)
#endif
#ifndef S3L_LOG_WARN
#define S3L_LOG_WARN(...) ((void)0)
#endif
#ifndef S3L_LOG_DEBUG
#define S3L_LOG_DEBUG(...) ((void)0)
#endif

#endif /* S3LITE_CONFIG_H */
