/* SPDX-License-Identifier: MIT */
/*
 * A streaming XML scanner for S3 response bodies (yxml manners): fed any split of the input,
 * it calls back with start / text / end events. State is a few dozen bytes in a caller-owned
 * struct plus a caller scratch buffer that holds the names of the open elements (so end
 * tags are checked exactly). No heap, no recursion.
 *
 * What it does:
 *  - entities &amp; &lt; &gt; &quot; &apos; and character references &#N; &#xN; are decoded
 *    (code points as UTF-8; a reference to a code point XML 1.0 does not allow - 0, other
 *    C0 controls but TAB/LF/CR, surrogates, U+FFFE/U+FFFF, above U+10FFFF - and every other
 *    name is S3L_ERR_XML_ENTITY); CDATA content is text; CR LF and lone CR become LF;
 *  - the XML declaration, processing instructions and comments are skipped; attributes
 *    (xmlns) are skipped, including quoted values holding '>';
 *  - well-formedness: exactly one root element, end tags matching their start tags, no text
 *    or entities outside the root (whitespace only), no raw C0 control bytes but TAB/LF/CR,
 *    nesting at most S3L_XML_DEPTH_MAX. DOCTYPE is refused (S3 never sends one; refusing it
 *    means no entity declarations to expand). Other bytes, UTF-8 included, pass through
 *    unchecked.
 *
 *   char names[128];
 *   struct s3l_xml x;
 *   s3l_xml_init(&x, names, sizeof names, on_event, ctx);
 *   while (more) { rc = s3l_xml_feed(&x, buf, n); if (rc < 0) fail; }
 *   rc = s3l_xml_finish(&x);
 */
#ifndef S3LITE_XML_H
#define S3LITE_XML_H

#include <stddef.h>
#include <stdint.h>

#include "s3lite/common.h"
#include "s3lite/config.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Events. depth is the element's nesting level (root = 1); for TEXT, the depth of the
 * element the text is in. */
enum s3l_xml_event {
    S3L_XML_START = 1, /* data = element name (attributes are not reported) */
    S3L_XML_TEXT = 2,  /* data = a piece of decoded text; one text node may come in pieces,
                          whitespace between elements included */
    S3L_XML_END = 3    /* data = element name; also sent for <empty/> elements */
};

/* The event callback. data[0..len) is valid only during the call (it points into the fed
 * buffer, the scratch buffer or a constant). Return 0 to go on, or a negative s3l_err to
 * stop: s3l_xml_feed() returns it, and every later call too. */
typedef int (*s3l_xml_cb)(void *ctx, int event, const char *data, size_t len, unsigned depth);

/* Scanner state. All fields are private. */
struct s3l_xml {
    uint8_t state;   /* the byte-sized fields first: Thumb's short byte loads reach 0..31 */
    uint8_t depth;
    uint8_t flags;
    uint8_t quote;   /* attribute quote; numeric base of a character reference; the end byte
                        ('-', '?', ']') of a comment, PI or CDATA section being skipped */
    s3l_xml_cb cb;
    void *ctx;
    char *names;     /* caller scratch: each open element's name, then its length byte */
    size_t cap;
    size_t top;      /* bytes of names[] used by open elements */
    size_t n;        /* bytes of the current name / digits / ']' or '-' run; in an end tag the
                        index in names[] being matched; in "<!--" / "<![CDATA[" the match so far */
    uint32_t cp;     /* character reference or entity name being read; in content, 1 when
                        the byte before was a CR (for CRLF -> LF) */
    int err;         /* sticky result once negative */
};

/*
 * Start scanning one document. scratch[0..cap) holds the open element names (each name's
 * bytes plus one); a name that does not fit, or one longer than 255 bytes, is
 * S3L_ERR_XML_TOO_LONG. scratch, cb and ctx are borrowed until the last feed/finish.
 * A NULL cb or scratch makes every feed fail with S3L_ERR_ARG, and init return it.
 * Returns S3L_OK, S3L_ERR_ARG or S3L_ERR_ABI (see s3lite/abi.h).
 */
int s3l_xml_init_abi(struct s3l_xml *x, char *scratch, size_t cap, s3l_xml_cb cb, void *ctx,
                     size_t app_size, uint32_t app_config);
#define s3l_xml_init(x, scratch, cap, cb, ctx) \
    s3l_xml_init_abi((x), (scratch), (cap), (cb), (ctx), \
                     sizeof(struct s3l_xml), S3L_ABI_CONFIG)

/*
 * Scan buf[0..len) (any split of the document gives the same events, with text possibly
 * cut at other places; up to an error too: the text before the offending byte is reported
 * before the error is returned). Returns S3L_PENDING when the document is not complete yet, S3L_OK
 * when the root element has been closed (trailing whitespace, comments and processing
 * instructions may still be fed), or a negative error: S3L_ERR_XML_SYNTAX,
 * S3L_ERR_XML_ENTITY, S3L_ERR_XML_DEPTH, S3L_ERR_XML_TOO_LONG, S3L_ERR_ARG, or the
 * callback's error. Errors are sticky.
 */
int s3l_xml_feed(struct s3l_xml *x, const uint8_t *buf, size_t len);

/* End of input: S3L_OK when exactly one root element was complete and nothing is left
 * open (comment, tag, entity); else S3L_ERR_XML_SYNTAX (no root, or cut short), or the
 * sticky error. */
int s3l_xml_finish(const struct s3l_xml *x);

#ifdef __cplusplus
}
#endif
#endif /* S3LITE_XML_H */
