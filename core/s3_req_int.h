/*
 * Private to the request builders (core/s3_request.c, core/s3_req_enum.c,
 * core/s3_req_body.c): the tables and checks they share. Not a public interface.
 */
#ifndef S3LITE_S3_REQ_INT_H
#define S3LITE_S3_REQ_INT_H

#include <stddef.h>

#include "s3lite/s3_request.h"

/* S3 spelling of value v of an enum kind (enum s3l_enum_kind), NULL for 0 / out of range. */
const char *s3l_req_enum_name(unsigned kind, unsigned v);

/* 1 when s (NUL-terminated) is the strict base64 of exactly nbytes (<= 32) bytes. */
int s3l_req_b64_is(const char *s, size_t nbytes);

#endif
