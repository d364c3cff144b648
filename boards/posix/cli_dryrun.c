/* SPDX-License-Identifier: MIT */
/*
 * The --dry-run transport: a struct s3l_transport that talks to nobody. It records the head of
 * every request the client sends (so --dry-run prints exactly what the real client would put
 * on the wire), swallows the body, and answers like a well-behaved S3: "100 Continue" when
 * asked, then a plausible 2xx for the operation (upload id DRYRUN-UPLOAD-ID, ETags
 * "dryrun-etag-N"). No socket is ever opened.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli_common.h"
#include "s3lite/common.h"
#include "s3lite/transport.h"

/* The transport's context is the caller's struct s3l_cli_dry, passed through the opaque
 * struct s3l_net pointer the transport interface uses (never dereferenced as such). */
static struct s3l_cli_dry *dry_of(struct s3l_net *net)
{
    return (struct s3l_cli_dry *)(void *)net;
}

static int dry_connect(struct s3l_net *net, const char *host, uint16_t port, uint32_t timeout_ms)
{
    struct s3l_cli_dry *d = dry_of(net);
    (void)host;
    (void)port;
    (void)timeout_ms;
    d->state = 0;
    d->head_len = 0;
    d->resp_len = d->resp_pos = 0;
    d->connects++;
    return S3L_OK;
}

/* Value of header name (lower case) in the head, matched ignoring case, or NULL; *len set. */
static const char *head_value(const char *head, size_t hlen, const char *name, size_t *len)
{
    size_t nlen = strlen(name), i = 0;
    while (i < hlen) {
        const char *line = head + i, *eol = memchr(line, '\n', hlen - i);
        size_t llen = eol != NULL ? (size_t)(eol - line) : hlen - i;
        if (llen > nlen && line[nlen] == ':' && s3l_eq_ci(line, nlen, name)) {
            const char *v = line + nlen + 1;
            size_t vlen = llen - nlen - 1;
            while (vlen > 0 && *v == ' ') {
                v++;
                vlen--;
            }
            while (vlen > 0 && (v[vlen - 1] == '\r' || v[vlen - 1] == ' ')) vlen--;
            *len = vlen;
            return v;
        }
        i += llen + 1;
    }
    return NULL;
}

/* Queue bytes after whatever answer is still unread (a "100 Continue" the client skipped). */
static void queue(struct s3l_cli_dry *d, const char *data, size_t n)
{
    size_t left = d->resp_len - d->resp_pos;
    memmove(d->resp, d->resp + d->resp_pos, left);
    d->resp_pos = 0;
    d->resp_len = left;
    if (n > sizeof d->resp - left) n = sizeof d->resp - left;
    memcpy(d->resp + left, data, n);
    d->resp_len += n;
}

static void respond(struct s3l_cli_dry *d, const char *status, const char *body,
                    const char *extra_headers)
{
    char tmp[sizeof d->resp];
    int n = snprintf(tmp, sizeof tmp, "HTTP/1.1 %s\r\n%sContent-Length: %u\r\n\r\n%s", status,
                     extra_headers, (unsigned)strlen(body), body);
    if (n > 0 && (size_t)n < sizeof tmp) queue(d, tmp, (size_t)n);
}

/* The final answer to the request whose head was recorded. */
static void final_response(struct s3l_cli_dry *d)
{
    const char *h = d->head;
    char extra[160], body[1024];
    const char *q = memchr(h, '?', d->head_len);
    const char *eol = memchr(h, '\r', d->head_len);
    int has_q = q != NULL && eol != NULL && q < eol;
    d->requests++;
    extra[0] = body[0] = '\0';
    if (strncmp(h, "POST ", 5) == 0 && has_q && strncmp(q, "?uploads", 8) == 0) {
        snprintf(body, sizeof body,
                 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<InitiateMultipartUploadResult "
                 "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Bucket>dryrun</Bucket>"
                 "<Key>dryrun</Key><UploadId>DRYRUN-UPLOAD-ID</UploadId>"
                 "</InitiateMultipartUploadResult>");
    } else if (strncmp(h, "POST ", 5) == 0) {
        snprintf(body, sizeof body,
                 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CompleteMultipartUploadResult "
                 "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Location>dryrun</Location>"
                 "<Bucket>dryrun</Bucket><Key>dryrun</Key><ETag>\"dryrun-etag\"</ETag>"
                 "</CompleteMultipartUploadResult>");
    } else if (strncmp(h, "PUT ", 4) == 0) {
        snprintf(extra, sizeof extra, "ETag: \"dryrun-etag-%lu\"\r\n", d->requests);
    } else if (strncmp(h, "DELETE ", 7) == 0) {
        static const char nc[] = "HTTP/1.1 204 No Content\r\n\r\n";
        queue(d, nc, sizeof nc - 1);
        return;
    } else if (strncmp(h, "HEAD ", 5) == 0 || strncmp(h, "GET ", 4) == 0) {
        snprintf(extra, sizeof extra, "ETag: \"dryrun-etag\"\r\n");
    }
    respond(d, "200 OK", body, extra);
}

static long dry_send(struct s3l_net *net, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    struct s3l_cli_dry *d = dry_of(net);
    size_t used = 0;
    (void)timeout_ms;
    while (used < len) {
        if (d->state == 0) { /* head */
            size_t k;
            int done = 0;
            for (k = 0; k < len - used; k++) {
                if (d->head_len >= sizeof d->head - 1) return S3L_ERR_NET; /* head too long */
                d->head[d->head_len++] = (char)buf[used + k];
                if (d->head_len >= 4 && memcmp(d->head + d->head_len - 4, "\r\n\r\n", 4) == 0) {
                    done = 1;
                    k++;
                    break;
                }
            }
            used += k;
            if (done) {
                size_t vlen = 0;
                const char *v = head_value(d->head, d->head_len, "content-length", &vlen);
                uint64_t cl = 0;
                size_t i;
                d->head[d->head_len] = '\0';
                for (i = 0; v != NULL && i < vlen && v[i] >= '0' && v[i] <= '9'; i++) {
                    cl = cl * 10 + (uint64_t)(v[i] - '0');
                }
                d->body_left = cl;
                if (d->on_head != NULL) d->on_head(d->on_head_ctx, d->head, d->head_len);
                v = head_value(d->head, d->head_len, "expect", &vlen);
                if (v != NULL && cl > 0) {
                    static const char cont[] = "HTTP/1.1 100 Continue\r\n\r\n";
                    queue(d, cont, sizeof cont - 1);
                }
                d->state = 1;
                if (cl == 0) {
                    final_response(d);
                    d->state = 2;
                }
            }
        } else if (d->state == 1) { /* body */
            size_t n = len - used;
            if ((uint64_t)n > d->body_left) n = (size_t)d->body_left;
            d->body_left -= n;
            d->body_bytes += n;
            used += n;
            if (d->body_left == 0) {
                final_response(d);
                d->state = 2;
            }
            if (n == 0) break;
        } else {
            return S3L_ERR_NET; /* bytes after a complete request without reading the answer */
        }
    }
    return (long)used;
}

static long dry_recv(struct s3l_net *net, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    struct s3l_cli_dry *d = dry_of(net);
    size_t n;
    (void)timeout_ms;
    if (d->resp_pos >= d->resp_len) {
        /* Nothing to say: while the body is still expected that is "try again" (the client
         * may look for an early answer); otherwise the request is incomplete. */
        return d->state == 1 || d->state == 0 ? S3L_ERR_AGAIN : S3L_ERR_CLOSED;
    }
    n = d->resp_len - d->resp_pos;
    if (n > len) n = len;
    memcpy(buf, d->resp + d->resp_pos, n);
    d->resp_pos += n;
    if (d->resp_pos == d->resp_len && d->state == 2) {
        /* answered: ready for the next request on this "connection" */
        d->state = 0;
        d->head_len = 0;
    }
    return (long)n;
}

static void dry_close(struct s3l_net *net)
{
    struct s3l_cli_dry *d = dry_of(net);
    d->state = 0;
    d->head_len = 0;
    d->resp_len = d->resp_pos = 0;
}

void s3l_cli_dry_init(struct s3l_cli_dry *d, struct s3l_transport *t)
{
    memset(d, 0, sizeof *d);
    t->connect = dry_connect;
    t->send = dry_send;
    t->recv = dry_recv;
    t->close = dry_close;
    t->net = (struct s3l_net *)(void *)d;
}

void s3l_cli_print_head(FILE *f, const char *head, size_t len)
{
    static const char tok[] = "x-amz-security-token:";
    size_t i, n = sizeof tok - 1;
    int bol = 1;
    /* CRLF on the wire, LF on the terminal: the request line, one header per line, and the
     * empty line that ends the head. The session token is a live credential taken from the
     * environment: its value is not printed (the other values are the user's own flags). */
    for (i = 0; i < len; i++) {
        if (bol && len - i > n && strncasecmp(head + i, tok, n) == 0) {
            size_t end = i + n;
            while (end < len && head[end] != '\r' && head[end] != '\n') end++;
            fprintf(f, "%.*s <redacted: %zu bytes>", (int)n, head + i, end - i - n - 1);
            i = end - 1;
            bol = 0;
            continue;
        }
        bol = head[i] == '\n';
        if (head[i] == '\r' && i + 1 < len && head[i + 1] == '\n') continue;
        fputc(head[i], f);
    }
}

void s3l_cli_print_head_stdout(void *ctx, const char *head, size_t len)
{
    (void)ctx;
    s3l_cli_print_head(stdout, head, len);
}
