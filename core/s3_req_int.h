/*
 * Private to the request builders (core/s3_request.c, core/s3_req_enum.c,
 * core/s3_req_body.c): the tables and checks they share. Not a public interface.
 */
#ifndef S3LITE_S3_REQ_INT_H
#define S3LITE_S3_REQ_INT_H

#include <stddef.h>

#include "s3lite/s3_request.h"

/* 1 when s (NUL-terminated) is the strict base64 of exactly nbytes (<= 32) bytes. */
int s3l_req_b64_is(const char *s, size_t nbytes);

#endif
