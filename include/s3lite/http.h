/* SPDX-License-Identifier: MIT */
/*
 * HTTP/1.1 for S3: a request-head serialiser into a caller buffer, and an incremental
 * response parser fed arbitrary byte chunks (picohttpparser/yxml manners: any split of the
 * input gives the same result).
 */
#ifndef S3LITE_HTTP_H
#define S3LITE_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "s3lite/common.h"
#include "s3lite/config.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * A request, as slices into caller storage (a request builder's arena and constants).
 * The head on the wire is: METHOD SP path [ "?" query ] SP "HTTP/1.1" CRLF,
 * then headers.items[0..count) in order as "Name: value" CRLF, then CRLF.
 */
struct s3l_request {
    const char *method;      /* NUL-terminated */
    const char *path;        /* wire path, already percent-encoded, begins with '/' */
    size_t path_len;
    const char *query;       /* wire query without '?', NULL/0 when none */
    size_t query_len;
    struct s3l_headers headers; /* Host first by convention; the signer appends its own */
    /* Body description, for the client: */
    uint64_t body_len;       /* bytes of body (decoded length for aws-chunked) */
    unsigned has_body;       /* 1 when a body (possibly empty) is sent with Content-Length */
};

/*
 * Write the request head into out[0..cap). On success *len is the head length (out is not
 * NUL-terminated). When it does not fit: S3L_ERR_BUF_TOO_SMALL, *len is the size needed and
 * nothing is written. Values are re-checked: CR/LF/NUL anywhere in the method, path, query
 * or a header gives S3L_ERR_BAD_CHAR and nothing is written.
 * Size, then write: call with out NULL (or cap 0) to learn the size in *len.
 * Details: the method must be an HTTP token and each header name a token (else BAD_CHAR);
 * path and query bytes must be visible ASCII 0x21..0x7E (a blank would split the request
 * line: BAD_CHAR); "?" is written only when query_len > 0. S3L_ERR_ARG: req or len NULL,
 * empty method, empty path or one not starting with '/', NULL slices with non-zero lengths.
 * Headers are written in array order exactly as given (the caller adds Content-Length);
 * the body fields are not used here. Nothing in req is kept.
 */
int s3l_http_write_head(const struct s3l_request *req, char *out, size_t cap, size_t *len);

/* Callbacks the response parser makes as the response passes. Any may be NULL. A non-zero
 * return stops parsing and is returned by s3l_http_feed() (and again by every later call:
 * errors are sticky). Return 0 or a negative code: a positive return would read as
 * PENDING/CONTINUE, so it is reported as S3L_ERR_ARG.
 * on_header gets the final response's fields in wire order, then the trailer fields of a
 * chunked body; name and value point into the caller's line buffer, valid only during the
 * call. Fields of 1xx interim heads are not reported. obs-fold continuation lines are
 * joined with one SP (RFC 9112 5.2). on_body gets decoded body bytes pointing into the fed
 * buffer. */
struct s3l_http_callbacks {
    int (*on_status)(void *ctx, int status);                      /* final status (not 1xx) */
    int (*on_header)(void *ctx, const char *name, size_t name_len,
                     const char *value, size_t value_len);        /* value trimmed */
    int (*on_body)(void *ctx, const uint8_t *data, size_t len);   /* decoded body bytes */
};

/* Parser state: a few dozen bytes plus the caller's line buffer. Read-only for callers,
 * except that flags/status/content_length may be read at any time. flags bits above 0xFF
 * are private. */
struct s3l_http_parser {
    uint64_t remaining;      /* body or chunk bytes still expected (first: the body loop's
                                64-bit load and store then need no offset) */
    const struct s3l_http_callbacks *cb;
    void *ctx;
    char *line;              /* caller buffer for one status/header/chunk-size line */
    size_t line_cap;
    size_t line_len;
    int state;
    int status;              /* final status code once known */
    unsigned flags;          /* S3L_HTTP_F_* below */
    unsigned header_count;
    unsigned interim_count;  /* 1xx heads seen (bounded by S3L_HTTP_MAX_INTERIM) */
    uint64_t content_length; /* when S3L_HTTP_F_LENGTH */
};

#define S3L_HTTP_F_LENGTH 0x01u     /* Content-Length present */
#define S3L_HTTP_F_CHUNKED 0x02u    /* Transfer-Encoding: chunked */
#define S3L_HTTP_F_CLOSE 0x04u      /* the connection cannot be reused afterwards */
#define S3L_HTTP_F_HEAD 0x08u       /* response to HEAD: no body whatever the headers say */
#define S3L_HTTP_F_DONE 0x10u       /* the response is complete */

/* Start parsing one response. line_cap bounds a single line (S3L_HTTP_LINE_MAX is a good
 * size). Set head_request for responses to HEAD. line/cb/ctx are borrowed for the parser's
 * life. A NULL line or line_cap 0 makes every feed fail with S3L_ERR_ARG. To read the next
 * response on a kept-alive connection, init again and feed the bytes *used left over.
 * Limits: a status, field (after unfolding), chunk-size or trailer line longer than
 * line_cap bytes (CRLF not counted) gives S3L_ERR_HTTP_LINE_TOO_LONG; more than
 * S3L_HTTP_MAX_HEADERS fields in one head plus its trailers give
 * S3L_ERR_HTTP_TOO_MANY_HEADERS. Returns S3L_OK, S3L_ERR_ARG (p NULL, or the line as above)
 * or S3L_ERR_ABI (see s3lite/abi.h). */
int s3l_http_parser_init_abi(struct s3l_http_parser *p, char *line, size_t line_cap,
                             const struct s3l_http_callbacks *cb, void *ctx, int head_request,
                             size_t app_size, uint32_t app_config);
#define s3l_http_parser_init(p, line, line_cap, cb, ctx, head_request) \
    s3l_http_parser_init_abi((p), (line), (line_cap), (cb), (ctx), (head_request), \
                             sizeof(struct s3l_http_parser), S3L_ABI_CONFIG)

/*
 * Feed bytes. *used receives how many bytes were consumed (bytes after the end of the
 * response are left for the next one). Returns:
 *   S3L_PENDING   all given bytes consumed, want more;
 *   S3L_CONTINUE  an interim 100 Continue head ended (at *used); keep feeding for the final
 *                 response (the parser is ready for it);
 *   S3L_OK        the response is complete (at *used); see p->flags for keep-alive;
 *   < 0           S3L_ERR_HTTP_* or a callback's error.
 * A body delimited only by connection close (no length, not chunked) ends when the caller
 * calls s3l_http_finish().
 * Accepted: "HTTP/1.x SP 3DIGIT [SP reason]" with status 100..599 (HTTP/1.0: close unless
 * "Connection: keep-alive"); CRLF or a bare LF as line end; field names case-insensitive,
 * values trimmed of SP/HTAB. Framing: HEAD, 204 and 304 have no body; else chunked (with
 * extensions skipped and trailers reported), else Content-Length (a list of equal values
 * is accepted), else until close (flags gets S3L_HTTP_F_CLOSE). 1xx other than 100 are
 * skipped silently; 101 gives S3L_ERR_HTTP_STATUS.
 * Errors: S3L_ERR_HTTP_SYNTAX (bad status line; field line without ':' or with a non-token
 * name, leading blank on the first field line; control byte or bare CR; Content-Length not
 * digits, overflowing 64 bits or disagreeing with an earlier one; a transfer coding other
 * than a single "chunked"; chunked together with Content-Length or on HTTP/1.0),
 * S3L_ERR_HTTP_CHUNK (bad or overflowing chunk size, chunk data not followed by CRLF),
 * S3L_ERR_HTTP_LINE_TOO_LONG, S3L_ERR_HTTP_TOO_MANY_HEADERS, S3L_ERR_ARG.
 * After S3L_OK, further feeds consume nothing and return S3L_OK.
 */
int s3l_http_feed(struct s3l_http_parser *p, const uint8_t *buf, size_t len, size_t *used);

/* The connection closed: S3L_OK when the response is complete (or close-delimited),
 * S3L_ERR_CLOSED when it was cut short (and from then on); an earlier parse error is
 * returned again. */
int s3l_http_finish(struct s3l_http_parser *p);

#ifdef __cplusplus
}
#endif
#endif /* S3LITE_HTTP_H */
