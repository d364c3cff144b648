/* SPDX-License-Identifier: MIT */
/*
 * The S3 stand-in behind the example's transport (s3_stub.h). Answers are what S3 sends,
 * trimmed to the headers a client reads: status, x-amz-request-id, Date, ETag,
 * Content-Type and Content-Length, and the XML documents of the API reference.
 */
#include <string.h>

#include "s3_stub.h"
#include "s3lite/common.h"

#define DATE "Mon, 07 Dec 2026 12:00:00 GMT" /* main.c's clock says the same */
#define REQUEST_ID "4442587FB7D0A2F9"
#define UPLOAD_ID "VXBsb2FkIElEIGZvciBkZXZpY2UgbG9ncw"
#define PART_ETAG "\"b54357faf0632cce46e942fa68356b38\""
#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
#define XMLNS " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\""

enum { CH_SIZE, CH_DATA, CH_CRLF, CH_DONE };

/* ---- small text helpers (no printf: a firmware image should not link it for this) ------ */

struct out {
    char *buf;
    size_t cap, len;
    int overflow;
};

static void put(struct out *o, const char *s, size_t n)
{
    if (n > o->cap - o->len) {
        o->overflow = 1;
        return;
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
}

static void puts_(struct out *o, const char *s)
{
    put(o, s, strlen(s));
}

static void put_dec(struct out *o, uint32_t v)
{
    char d[10];
    size_t n = 0;
    do {
        d[sizeof d - 1 - n++] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0 && n < sizeof d);
    put(o, d + sizeof d - n, n);
}

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* The value of header name (lower-case) in the request head, or NULL; *len its length. */
static const char *header(const char *head, size_t head_len, const char *name, size_t *len)
{
    size_t n = strlen(name), i, k;
    for (i = 0; i + 2 + n < head_len; i++) {
        if (head[i] != '\n') continue;
        for (k = 0; k < n && lower((unsigned char)head[i + 1 + k]) == name[k]; k++) {}
        if (k == n && head[i + 1 + n] == ':') {
            const char *v = head + i + 2 + n, *end = head + head_len;
            while (v < end && *v == ' ') v++;
            for (*len = 0; v + *len < end && v[*len] != '\r'; (*len)++) {}
            return v;
        }
    }
    return NULL;
}

static uint64_t parse_dec(const char *s, size_t n)
{
    uint64_t v = 0;
    size_t i;
    for (i = 0; i < n && i < 19 && s[i] >= '0' && s[i] <= '9'; i++) v = v * 10u + (uint64_t)(s[i] - '0');
    return v;
}

static int contains(const char *s, size_t n, const char *what)
{
    size_t w = strlen(what), i;
    for (i = 0; i + w <= n; i++)
        if (memcmp(s + i, what, w) == 0) return 1;
    return 0;
}

/* ---- answers ------------------------------------------------------------------------------ */

/* Queue a whole response: status line, the common headers, extra (already CRLF-ended) and
 * the body with its Content-Length. */
static void reply(struct s3l_net *s, const char *status, const char *extra, const char *body,
                  size_t body_len)
{
    struct out o = {s->reply, sizeof s->reply, 0, 0};
    o.len = s->reply_len; /* after a 100 Continue still queued */
    puts_(&o, "HTTP/1.1 ");
    puts_(&o, status);
    puts_(&o, "\r\nx-amz-request-id: " REQUEST_ID "\r\nDate: " DATE "\r\n");
    puts_(&o, extra);
    puts_(&o, "Content-Length: ");
    put_dec(&o, (uint32_t)body_len);
    puts_(&o, "\r\nServer: AmazonS3\r\n\r\n");
    put(&o, body, body_len);
    s->reply_len = o.overflow ? 0 : o.len;
}

/* The key in a path-style target "/bucket/key?query", as sent (URI-encoded). */
static const char *target_key(const char *head, size_t *len)
{
    const char *p = strchr(head, ' '), *k;
    if (p == NULL || (k = strchr(p + 2, '/')) == NULL) return NULL;
    k++;
    for (*len = 0; k[*len] != '?' && k[*len] != ' ' && k[*len] != '\0'; (*len)++) {}
    return k;
}

static void answer(struct s3l_net *s)
{
    char body[384];
    struct out o = {body, sizeof body, 0, 0};
    size_t klen = 0;
    const char *key = target_key(s->head, &klen);
    switch (s->op) {
    case OP_CREATE:
        puts_(&o, XML_DECL "<InitiateMultipartUploadResult" XMLNS "><Bucket>device-logs</Bucket><Key>");
        put(&o, key != NULL ? key : "", klen);
        puts_(&o, "</Key><UploadId>" UPLOAD_ID "</UploadId></InitiateMultipartUploadResult>");
        reply(s, "200 OK", "Content-Type: application/xml\r\n", body, o.len);
        break;
    case OP_PART:
        reply(s, "200 OK", "ETag: " PART_ETAG "\r\n", "", 0);
        break;
    case OP_COMPLETE:
        puts_(&o, XML_DECL "<CompleteMultipartUploadResult" XMLNS "><Location>"
                  "https://device-logs.s3.eu-west-1.amazonaws.com/");
        put(&o, key != NULL ? key : "", klen);
        puts_(&o, "</Location><Bucket>device-logs</Bucket><Key>");
        put(&o, key != NULL ? key : "", klen);
        puts_(&o, "</Key><ETag>&quot;7e10e7d25dc4581d89b9285be5f384fd-1&quot;</ETag>"
                  "</CompleteMultipartUploadResult>");
        reply(s, "200 OK", "Content-Type: application/xml\r\n", body, o.len);
        break;
    case OP_ABORT:
        reply(s, "204 No Content", "", "", 0);
        break;
    case OP_OTHER:
        puts_(&o, XML_DECL "<Error><Code>NotImplemented</Code><Message>not in this stub</Message>"
                  "<RequestId>" REQUEST_ID "</RequestId></Error>");
        reply(s, "501 Not Implemented", "Content-Type: application/xml\r\n", body, o.len);
        break;
    }
}

static void answer_access_denied(struct s3l_net *s)
{
    static const char body[] =
        XML_DECL "<Error><Code>AccessDenied</Code><Message>Access Denied</Message>"
                 "<RequestId>" REQUEST_ID "</RequestId><HostId>stub</HostId></Error>";
    reply(s, "403 Forbidden", "Content-Type: application/xml\r\n", body, sizeof body - 1);
}

/* ---- reading the request ------------------------------------------------------------------ */

static enum stub_op classify(const char *head)
{
    const char *target = strchr(head, ' ');
    size_t tl = 0;
    if (target == NULL) return OP_OTHER;
    for (; target[tl] != '\0' && target[tl] != '\r'; tl++) {}
    if (strncmp(head, "POST ", 5) == 0 && contains(target, tl, "?uploads ")) return OP_CREATE;
    if (strncmp(head, "PUT ", 4) == 0 && contains(target, tl, "partNumber=")) return OP_PART;
    if (strncmp(head, "POST ", 5) == 0 && contains(target, tl, "uploadId=")) return OP_COMPLETE;
    if (strncmp(head, "DELETE ", 7) == 0 && contains(target, tl, "uploadId=")) return OP_ABORT;
    return OP_OTHER;
}

/* The head is complete: note what it is and decide how the exchange goes on. */
static void head_done(struct s3l_net *s)
{
    size_t n = 0;
    const char *v;
    s->head[s->head_len] = '\0';
    s->op = classify(s->head);
    if (s->requests < STUB_MAX_REQUESTS) s->ops[s->requests] = s->op;
    s->requests++;
    v = header(s->head, s->head_len, "authorization", &n);
    if (v != NULL && n > 16 && memcmp(v, "AWS4-HMAC-SHA256", 16) == 0) s->signed_requests++;
    v = header(s->head, s->head_len, "content-length", &n);
    s->body_left = v != NULL ? parse_dec(v, n) : 0;
    v = header(s->head, s->head_len, "content-encoding", &n);
    s->chunked = v != NULL && contains(v, n, "aws-chunked");
    s->chunk_state = CH_SIZE;
    s->line_len = 0;
    s->small_len = 0;
    if (s->op == OP_PART) {
        v = header(s->head, s->head_len, "x-amz-decoded-content-length", &n);
        s->part_decoded_len = v != NULL ? parse_dec(v, n) : 0;
        if (s->fail_part) { /* S3 answers at once and never reads the body */
            answer_access_denied(s);
            s->discard = 1;
            return;
        }
    }
    if (s->body_left == 0) {
        answer(s);
        return;
    }
    s->in_body = 1;
    v = header(s->head, s->head_len, "expect", &n);
    if (v != NULL && n == 12 && memcmp(v, "100-continue", 12) == 0) {
        struct out o = {s->reply, sizeof s->reply, 0, 0};
        puts_(&o, "HTTP/1.1 100 Continue\r\n\r\n");
        s->reply_len = o.len;
    }
}

/* Body bytes of an aws-chunked UploadPart: count the payload between the framing. */
static void chunked_body(struct s3l_net *s, const uint8_t *p, size_t n)
{
    while (n > 0) {
        size_t take;
        if (s->chunk_state == CH_SIZE) {
            uint64_t size = 0;
            size_t i;
            char c = (char)*p++;
            n--;
            if (c != '\n') {
                if (s->line_len < sizeof s->line) s->line[s->line_len++] = c;
                continue;
            }
            for (i = 0; i < s->line_len && i < 16; i++) {
                char h = s->line[i];
                unsigned d = h >= '0' && h <= '9' ? (unsigned)(h - '0')
                             : h >= 'a' && h <= 'f' ? (unsigned)(h - 'a' + 10) : 16u;
                if (d == 16u) break;
                size = size * 16u + d;
            }
            s->line_len = 0;
            s->part_chunks++;
            s->chunk_left = size;
            s->chunk_state = size == 0 ? CH_DONE : CH_DATA;
        } else if (s->chunk_state == CH_DATA) {
            take = n < s->chunk_left ? n : (size_t)s->chunk_left;
            s->part_payload += take;
            s->chunk_left -= take;
            p += take;
            n -= take;
            if (s->chunk_left == 0) {
                s->chunk_state = CH_CRLF;
                s->chunk_left = 2;
            }
        } else if (s->chunk_state == CH_CRLF) {
            take = n < s->chunk_left ? n : (size_t)s->chunk_left;
            s->chunk_left -= take;
            p += take;
            n -= take;
            if (s->chunk_left == 0) s->chunk_state = CH_SIZE;
        } else {
            return; /* the final chunk's CRLF or a trailer */
        }
    }
}

static void body_bytes(struct s3l_net *s, const uint8_t *p, size_t n)
{
    if (s->op == OP_PART && s->chunked) {
        chunked_body(s, p, n);
    } else if (n <= sizeof s->small_body - s->small_len) {
        memcpy(s->small_body + s->small_len, p, n);
        s->small_len += n;
    }
    s->body_left -= n;
    if (s->body_left > 0) return;
    s->in_body = 0;
    if (s->op == OP_COMPLETE)
        s->complete_body_ok = contains(s->small_body, s->small_len, "<PartNumber>1</PartNumber>") &&
                              contains(s->small_body, s->small_len, "b54357faf0632cce46e942fa68356b38");
    answer(s);
}

/* ---- the transport functions -------------------------------------------------------------- */

static int stub_connect(struct s3l_net *s, const char *host, uint16_t port, uint32_t timeout_ms)
{
    size_t n = strlen(host);
    (void)timeout_ms;
    if (n >= sizeof s->connect_host) n = sizeof s->connect_host - 1;
    memcpy(s->connect_host, host, n);
    s->connect_host[n] = '\0';
    s->connect_port = port;
    s->connected = 1;
    s->connects++;
    s->head_len = 0;
    s->in_body = 0;
    s->discard = 0;
    s->reply_len = s->reply_pos = 0;
    return S3L_OK;
}

static long stub_send(struct s3l_net *s, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    size_t used = 0;
    (void)timeout_ms;
    if (!s->connected) return S3L_ERR_CLOSED;
    while (used < len) {
        if (s->in_body) {
            size_t n = len - used;
            if ((uint64_t)n > s->body_left) n = (size_t)s->body_left;
            body_bytes(s, buf + used, n);
            used += n;
        } else if (s->discard) {
            used = len; /* after an early answer: S3 reads no more of this request */
        } else {
            if (s->head_len >= sizeof s->head - 1) return S3L_ERR_NET;
            s->head[s->head_len++] = (char)buf[used++];
            if (s->head_len >= 4 && memcmp(s->head + s->head_len - 4, "\r\n\r\n", 4) == 0) {
                head_done(s);
                s->head_len = 0;
            }
        }
    }
    return (long)len;
}

static long stub_recv(struct s3l_net *s, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    size_t n = s->reply_len - s->reply_pos;
    (void)timeout_ms;
    if (!s->connected) return S3L_ERR_CLOSED;
    if (n == 0) return S3L_ERR_AGAIN; /* nothing yet: the client polls (sleep_ms) until its timeout */
    if (n > len) n = len;
    memcpy(buf, s->reply + s->reply_pos, n);
    s->reply_pos += n;
    if (s->reply_pos == s->reply_len) s->reply_pos = s->reply_len = 0;
    return (long)n;
}

static void stub_close(struct s3l_net *s)
{
    s->connected = 0;
}

void s3_stub_init(struct s3l_net *s, struct s3l_transport *t)
{
    memset(s, 0, sizeof *s);
    t->connect = stub_connect;
    t->send = stub_send;
    t->recv = stub_recv;
    t->close = stub_close;
    t->net = s;
}
