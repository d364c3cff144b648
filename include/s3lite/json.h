/* SPDX-License-Identifier: MIT */
/*
 * A streaming JSON scanner (RFC 8259) for small documents such as temporary credentials: fed
 * any split of the input, it calls back with events. Its whole state is a caller-owned struct
 * of a few dozen bytes (the current member name included); no heap, no recursion, no scratch
 * buffer. Containers are tracked in a bit stack, one bit per level.
 *
 * What it does:
 *  - the root must be an object or an array (what every credentials service sends; a bare
 *    scalar root would only end at end of input); whitespace around it is allowed, anything
 *    else after it is S3L_ERR_JSON_SYNTAX;
 *  - strings are decoded: \" \\ \/ \b \f \n \r \t and \uXXXX (as UTF-8; a surrogate pair is one
 *    code point; a lone or reversed surrogate, a bad hex digit or another escape is
 *    S3L_ERR_JSON_ESCAPE). Raw bytes below 0x20 in a string are S3L_ERR_JSON_SYNTAX; other
 *    bytes, UTF-8 included, pass through unchecked. "\u0000" decodes to a NUL byte: a consumer
 *    that keeps C strings must refuse it;
 *  - numbers are checked against the grammar (-? int frac? exp?; no leading zero, no '+', no
 *    bare '.') and reported as written; true, false and null as such;
 *  - nesting at most S3L_JSON_DEPTH_MAX levels (S3L_ERR_JSON_DEPTH), checked before anything
 *    of the level is reported. Duplicate member names are reported as they come: deciding
 *    what they mean is the consumer's business.
 *
 *   struct s3l_json j;
 *   s3l_json_init(&j, on_event, ctx);
 *   while (more) { rc = s3l_json_feed(&j, buf, n); if (rc < 0) fail; }
 *   rc = s3l_json_finish(&j);
 */
#ifndef S3LITE_JSON_H
#define S3LITE_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "s3lite/common.h"
#include "s3lite/config.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Events. depth is the level of the container an event belongs to: for OBJECT, ARRAY and
 * END the container opened or closed (the root is 1), for KEY and the values the container
 * holding them (so the root's members are at depth 1).
 */
enum s3l_json_event {
    S3L_JSON_OBJECT = 1,   /* '{': data = "{" */
    S3L_JSON_ARRAY = 2,    /* '[': data = "[" */
    S3L_JSON_END = 3,      /* '}' or ']': data = "}" or "]" */
    S3L_JSON_KEY = 4,      /* a member name, decoded, whole; one longer than S3L_JSON_KEY_MAX
                              bytes is reported as its first S3L_JSON_KEY_MAX bytes, so it
                              never equals a shorter name */
    S3L_JSON_STRING = 5,   /* a piece of a string value, decoded; a string comes in any
                              number of pieces (none when empty), then VALUE_END */
    S3L_JSON_NUMBER = 6,   /* a piece of a number as written; then VALUE_END */
    S3L_JSON_VALUE_END = 7,/* the string or number of the pieces before is complete (len 0) */
    S3L_JSON_LITERAL = 8   /* true, false or null, whole: data = "true", "false" or "null" */
};

/* The event callback. data[0..len) is valid only during the call (it points into the fed
 * buffer, the scanner's state or a constant). Return 0 to go on, or a negative s3l_err to
 * stop: s3l_json_feed() returns it, and every later call too (a positive return is taken as
 * S3L_ERR_ARG). */
typedef int (*s3l_json_cb)(void *ctx, int event, const char *data, size_t len, unsigned depth);

/* Scanner state. All fields are private. */
struct s3l_json {
    uint8_t state;
    uint8_t depth;     /* open containers */
    uint8_t sub;       /* per state: "container just opened", number part, literal letter,
                          \u digits read, the '\' or 'u' before a low surrogate */
    uint8_t is_key;    /* the string being read is a member name */
    uint8_t key_len;   /* bytes of key[] used */
    uint16_t cp;       /* \u code unit being read; in a literal, where its letters start */
    uint16_t high;     /* high surrogate waiting for its low half, or 0 */
    uint32_t arrays;   /* bit d - 1 set when level d is an array */
    s3l_json_cb cb;
    void *ctx;
    int err;           /* sticky result once negative */
    char key[S3L_JSON_KEY_MAX]; /* the member name being read */
};

/*
 * Start scanning one document; cb and ctx are borrowed until the last feed. A NULL cb makes
 * init and every feed return S3L_ERR_ARG. Returns S3L_OK, S3L_ERR_ARG or S3L_ERR_ABI (see
 * s3lite/abi.h).
 */
int s3l_json_init_abi(struct s3l_json *j, s3l_json_cb cb, void *ctx, size_t app_size,
                      uint32_t app_config);
#define s3l_json_init(j, cb, ctx) \
    s3l_json_init_abi((j), (cb), (ctx), sizeof(struct s3l_json), S3L_ABI_CONFIG)

/*
 * Scan buf[0..len). Any split of a document gives the same events, with string and number
 * pieces possibly cut at other places; up to an error too: the piece before the offending
 * byte is reported before the error is returned. Returns S3L_PENDING while the root is
 * open, S3L_OK once it has been closed (trailing whitespace may still be fed), or a negative
 * error: S3L_ERR_JSON_SYNTAX, S3L_ERR_JSON_ESCAPE, S3L_ERR_JSON_DEPTH, S3L_ERR_ARG (buf NULL
 * with len > 0), or the callback's error. Errors are sticky.
 */
int s3l_json_feed(struct s3l_json *j, const uint8_t *buf, size_t len);

/* End of input: S3L_OK when the root was complete; else S3L_ERR_JSON_SYNTAX (empty, or cut
 * short), or the sticky error. */
int s3l_json_finish(const struct s3l_json *j);

#ifdef __cplusplus
}
#endif
#endif /* S3LITE_JSON_H */
