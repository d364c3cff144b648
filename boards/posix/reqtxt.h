/* SPDX-License-Identifier: MIT */
/*
 * The request.txt format of the shared SigV4 suites (and of `s3lite sign`), parsed in place:
 *
 *   METHOD PATH HTTP/1.1       PATH as sent on the wire, query after the first '?'
 *   Name:value                 one header a line; no space needed after ':'
 *     continuation             a line starting with blank continues the previous value
 *                              (joined with one space: obsolete line folding, RFC 9110 5.5)
 *   <empty line>
 *   body                       everything after the empty line, byte for byte
 *
 * CRLF line ends are accepted too. Host-side helper of the CLI (boards/posix), also used by
 * the vector tests so both read requests the same way.
 */
#ifndef S3L_REQTXT_H
#define S3L_REQTXT_H

#include <stddef.h>

#include "s3lite/common.h"

struct s3l_reqtxt {
    char *method;      /* NUL-terminated inside the buffer */
    char *path;        /* before '?' */
    size_t path_len;
    char *query;       /* after '?'; NULL when the request line has no '?' */
    size_t query_len;
    char *version;     /* "HTTP/1.1", NUL-terminated */
    struct s3l_headers headers; /* slices into the buffer (items/cap from the caller) */
    char *body;
    size_t body_len;
};

/*
 * Parse buf[0..len) in place (the buffer is modified: NULs after the method and version,
 * folded values compacted). items[0..cap) receives the headers. Returns 0, or -1 with a
 * one-line English reason in err[0..err_cap) (line number included).
 * Header names and values are NOT checked here (the signer does it; the CLI reports which).
 */
int s3l_reqtxt_parse(char *buf, size_t len, struct s3l_reqtxt *r, struct s3l_header *items,
                     size_t cap, char *err, size_t err_cap);

#endif
