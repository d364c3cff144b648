/* SPDX-License-Identifier: MIT */
/*
 * A scripted raw TCP server on 127.0.0.1: see util_hostile_server.h. One thread, one
 * connection at a time, every wait bounded, stopped and joined by the test.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "s3lite/hash.h"
#include "util_hostile_server.h"

#define HS_WAIT_MS 3000 /* longest wait for a client's bytes */
#define HS_IN_CAP (64 * 1024)

struct hs_conn {
    struct hostile_server *s;
    int fd;
    int conn;
    uint8_t in[HS_IN_CAP];
    size_t in_len;
};

struct hostile_server {
    int lfd;
    uint16_t port;
    pthread_t th;
    int started;
    volatile int stop;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int busy;
    hs_script fn;
    void *ctx;
    struct hs_request log[HS_LOG_MAX];
    int nlog;
    int conns;
    struct hs_conn conn;
    uint8_t parts[HS_PARTS_MAX + 1][32]; /* by part number: SHA-256 of the last upload */
    uint8_t have_part[HS_PARTS_MAX + 1];
    struct hs_object obj;
};

static int lower_c(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

/* Header value of name in head (case-insensitive), NUL-terminated into out; -1 when absent. */
static int header_value(const char *head, const char *name, char *out, size_t cap)
{
    const char *p = strstr(head, "\r\n");
    size_t nl = strlen(name);
    while (p != NULL && p[2] != '\r' && p[2] != '\0') {
        const char *line = p + 2, *e = strstr(line, "\r\n");
        size_t i, n;
        if (e == NULL) break;
        for (i = 0; i < nl && lower_c((unsigned char)line[i]) == lower_c((unsigned char)name[i]); i++) {
        }
        if (i == nl && line[nl] == ':') {
            const char *v = line + nl + 1;
            while (*v == ' ') v++;
            n = (size_t)(e - v);
            if (n >= cap) n = cap - 1;
            memcpy(out, v, n);
            out[n] = '\0';
            return 0;
        }
        p = e;
    }
    return -1;
}

static int wait_readable(struct hostile_server *s, int fd, int ms)
{
    while (ms > 0 && !s->stop) {
        struct pollfd pfd;
        int step = ms < 100 ? ms : 100, r;
        pfd.fd = fd;
        pfd.events = POLLIN;
        pfd.revents = 0;
        r = poll(&pfd, 1, step);
        if (r > 0) return 1;
        if (r < 0 && errno != EINTR) return 0;
        ms -= step;
    }
    return 0;
}

/* recv more into c->in; bytes received, 0 on end, timeout or error. */
static size_t fill(struct hs_conn *c, int ms)
{
    ssize_t r;
    if (c->in_len >= HS_IN_CAP || !wait_readable(c->s, c->fd, ms)) return 0;
    r = recv(c->fd, c->in + c->in_len, HS_IN_CAP - c->in_len, 0);
    if (r <= 0) return 0;
    c->in_len += (size_t)r;
    return (size_t)r;
}

static void consume(struct hs_conn *c, size_t n)
{
    memmove(c->in, c->in + n, c->in_len - n);
    c->in_len -= n;
}

struct hs_request *hs_read_head(struct hs_conn *c)
{
    struct hostile_server *s = c->s;
    char head[HS_HEAD_MAX], v[64];
    struct hs_request *q;
    size_t n = 0, i;
    for (;;) { /* bounded: each round receives bytes or ends */
        for (i = 0; i + 3 < c->in_len; i++) {
            if (memcmp(c->in + i, "\r\n\r\n", 4) == 0) {
                n = i + 4;
                break;
            }
        }
        if (n > 0) break;
        if (fill(c, HS_WAIT_MS) == 0) return NULL;
    }
    if (n >= sizeof head) return NULL;
    memcpy(head, c->in, n);
    head[n] = '\0';
    consume(c, n);
    pthread_mutex_lock(&s->mu);
    if (s->nlog >= HS_LOG_MAX) {
        pthread_mutex_unlock(&s->mu);
        return NULL;
    }
    q = &s->log[s->nlog++];
    pthread_mutex_unlock(&s->mu);
    memset(q, 0, sizeof *q);
    q->conn = c->conn;
    if (sscanf(head, "%15s %511s", q->method, q->target) != 2) q->method[0] = '\0';
    if (header_value(head, "content-length", v, sizeof v) == 0)
        q->content_length = strtoull(v, NULL, 10);
    if (header_value(head, "expect", v, sizeof v) == 0 && strcmp(v, "100-continue") == 0)
        q->expect_continue = 1;
    if (header_value(head, "content-encoding", v, sizeof v) == 0 && strstr(v, "aws-chunked") != NULL)
        q->aws_chunked = 1;
    if (header_value(head, "x-amz-decoded-content-length", v, sizeof v) == 0)
        q->decoded_length = strtoull(v, NULL, 10);
    return q;
}

/* The payload of an aws-chunked body: "<hex>[;chunk-signature=..]\r\n<data>\r\n" up to a
 * zero-size chunk, then trailer lines and an empty line. Its SHA-256 into q->data_sha256;
 * 1 when the framing is right and the data is want bytes long. */
static int decode_chunked(const uint8_t *b, size_t n, uint64_t want, struct hs_request *q)
{
    s3l_sha256_ctx h;
    size_t at = 0;
    uint64_t total = 0;
    int i;
    s3l_sha256_start(&h);
    for (i = 0; i < 100000; i++) { /* bounded: every round moves at forward */
        unsigned long size = 0;
        const uint8_t *eol = NULL;
        size_t k;
        for (k = at; k + 1 < n; k++) {
            if (b[k] == '\r' && b[k + 1] == '\n') {
                eol = b + k;
                break;
            }
        }
        if (eol == NULL || eol == b + at) return 0;
        for (k = at; b + k < eol && b[k] != ';'; k++) {
            int d = b[k] >= '0' && b[k] <= '9' ? b[k] - '0' : b[k] >= 'a' && b[k] <= 'f' ? b[k] - 'a' + 10 : -1;
            if (d < 0 || size > 0xffffffu) return 0;
            size = size * 16u + (unsigned long)d;
        }
        at = (size_t)(eol - b) + 2;
        if (size == 0) break;
        if (n - at < size + 2 || b[at + size] != '\r' || b[at + size + 1] != '\n') return 0;
        s3l_sha256_update(&h, b + at, size);
        total += size;
        at += size + 2;
    }
    s3l_sha256_finish(&h, q->data_sha256);
    /* Trailer lines (name:value), then the empty line that ends the body. */
    while (at + 1 < n && !(b[at] == '\r' && b[at + 1] == '\n')) { /* bounded: at moves */
        while (at + 1 < n && !(b[at] == '\r' && b[at + 1] == '\n')) at++;
        at += 2;
    }
    return total == want && at + 2 == n;
}

void hs_read_body(struct hs_conn *c, struct hs_request *q)
{
    s3l_sha256_ctx h;
    uint64_t left = q->content_length;
    /* zeroed: a body that ends early leaves no unread bytes (it is not decoded then) */
    uint8_t *keep = q->content_length <= HS_BODY_MAX ? (uint8_t *)calloc(1, (size_t)q->content_length + 1)
                                                     : NULL;
    s3l_sha256_start(&h);
    while (left > 0) { /* bounded: each round consumes bytes or ends */
        size_t n;
        if (c->in_len == 0 && fill(c, HS_WAIT_MS) == 0) break;
        n = c->in_len < left ? c->in_len : (size_t)left;
        s3l_sha256_update(&h, c->in, n);
        if (keep != NULL) memcpy(keep + q->body_len, c->in, n);
        if (q->body_len < sizeof q->body_text - 1) {
            size_t k = sizeof q->body_text - 1 - (size_t)q->body_len;
            memcpy(q->body_text + q->body_len, c->in, n < k ? n : k);
        }
        q->body_len += n;
        left -= n;
        consume(c, n);
    }
    s3l_sha256_finish(&h, q->body_sha256);
    memcpy(q->data_sha256, q->body_sha256, 32);
    q->data_ok = q->body_len == q->content_length;
    if (q->aws_chunked)
        q->data_ok = q->data_ok && keep != NULL &&
                     decode_chunked(keep, (size_t)q->body_len, q->decoded_length, q);
    free(keep);
}

int hs_send(struct hs_conn *c, const char *p, size_t n)
{
    if (n == 0) n = strlen(p);
    while (n > 0) {
        ssize_t r = send(c->fd, p, n, MSG_NOSIGNAL);
        if (r <= 0) return -1;
        p += r;
        n -= (size_t)r;
    }
    return 0;
}

int hs_answer(struct hs_conn *c, int status, const char *extra, const char *body)
{
    char buf[8192];
    int n = snprintf(buf, sizeof buf, "HTTP/1.1 %d X\r\nContent-Length: %lu\r\n%s\r\n%s", status,
                     (unsigned long)strlen(body), extra, body);
    if (n <= 0 || (size_t)n >= sizeof buf) return -1;
    return hs_send(c, buf, (size_t)n);
}

void hs_pause(struct hs_conn *c, int ms)
{
    while (ms > 0 && !c->s->stop) {
        struct timespec ts;
        int step = ms < 50 ? ms : 50;
        ts.tv_sec = 0;
        ts.tv_nsec = (long)step * 1000000L;
        nanosleep(&ts, NULL);
        ms -= step;
    }
}

void hs_reset(struct hs_conn *c)
{
    struct linger l;
    l.l_onoff = 1;
    l.l_linger = 0;
    setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    close(c->fd);
    c->fd = -1;
}

uint64_t hs_drain(struct hs_conn *c, struct hs_request *q, int ms)
{
    uint64_t n = c->in_len;
    c->in_len = 0;
    while (c->fd >= 0 && wait_readable(c->s, c->fd, ms)) { /* bounded: ends on a quiet ms */
        uint8_t tmp[4096];
        ssize_t r = recv(c->fd, tmp, sizeof tmp, 0);
        if (r <= 0) break;
        n += (uint64_t)r;
    }
    if (q != NULL) q->late_bytes += n;
    return n;
}

int hs_stopping(const struct hs_conn *c)
{
    return c->s->stop;
}

void hs_etag(const uint8_t sha256[32], char *out)
{
    static const char hex[] = "0123456789abcdef";
    int i;
    out[0] = '"';
    for (i = 0; i < 8; i++) {
        out[1 + 2 * i] = hex[sha256[i] >> 4];
        out[2 + 2 * i] = hex[sha256[i] & 15];
    }
    out[17] = '"';
    out[18] = '\0';
}

/* The part number in a target's "partNumber=N", 0 when absent or out of range. */
static int part_number(const char *target)
{
    const char *p = strstr(target, "partNumber=");
    long n = p != NULL ? strtol(p + 11, NULL, 10) : 0;
    return n >= 1 && n <= HS_PARTS_MAX ? (int)n : 0;
}

/* Check a Complete's part list against the parts kept; 1 and the object recorded when it
 * names parts 1..n, each with the ETag of its last upload. */
static int complete_ok(struct hostile_server *s, const char *xml)
{
    struct hs_object o;
    const char *p = xml;
    memset(&o, 0, sizeof o);
    while ((p = strstr(p, "<Part>")) != NULL) { /* bounded: p moves forward */
        const char *e = strstr(p, "<ETag>"), *num = strstr(p, "<PartNumber>");
        long n = num != NULL ? strtol(num + 12, NULL, 10) : 0;
        char want[20];
        if (n != o.part_count + 1 || n > HS_PARTS_MAX || e == NULL || !s->have_part[n]) return 0;
        hs_etag(s->parts[n], want);
        /* The ETag's quotes may come as &quot; */
        if (strncmp(e + 6, want, 18) != 0 &&
            !(strncmp(e + 6, "&quot;", 6) == 0 && strncmp(e + 12, want + 1, 16) == 0))
            return 0;
        memcpy(o.part_sha256[o.part_count++], s->parts[n], 32);
        p += 6;
    }
    if (o.part_count == 0) return 0;
    pthread_mutex_lock(&s->mu);
    o.completed = s->obj.completed + 1;
    s->obj = o;
    pthread_mutex_unlock(&s->mu);
    return 1;
}

void hs_serve_s3(struct hs_conn *c, struct hs_request *q)
{
    struct hostile_server *s = c->s;
    int i;
    for (i = 0; q != NULL && i < HS_LOG_MAX; i++, q = hs_read_head(c)) {
        int pn = part_number(q->target);
        if (strcmp(q->method, "PUT") == 0 && pn > 0) {
            char etag[20], hdr[64];
            if (q->expect_continue && hs_send(c, "HTTP/1.1 100 Continue\r\n\r\n", 0) != 0) return;
            hs_read_body(c, q);
            if (!q->data_ok) return; /* cut short or badly framed: no answer */
            memcpy(s->parts[pn], q->data_sha256, 32);
            s->have_part[pn] = 1;
            hs_etag(q->data_sha256, etag);
            snprintf(hdr, sizeof hdr, "ETag: %s\r\n", etag);
            if (hs_answer(c, 200, hdr, "") != 0) return;
        } else if (strcmp(q->method, "POST") == 0 && strstr(q->target, "uploadId=") != NULL) {
            if (q->expect_continue && hs_send(c, "HTTP/1.1 100 Continue\r\n\r\n", 0) != 0) return;
            hs_read_body(c, q);
            if (!q->data_ok) return;
            if (complete_ok(s, q->body_text)) {
                if (hs_answer(c, 200, "",
                              "<CompleteMultipartUploadResult><Bucket>bkt</Bucket><Key>obj</Key>"
                              "<ETag>\"0123-2\"</ETag></CompleteMultipartUploadResult>") != 0)
                    return;
            } else if (hs_answer(c, 400, "",
                                 "<Error><Code>InvalidPart</Code><Message>m</Message></Error>") != 0) {
                return;
            }
        } else if (strcmp(q->method, "POST") == 0 && strstr(q->target, "uploads") != NULL) {
            if (hs_answer(c, 200, "",
                          "<InitiateMultipartUploadResult><Bucket>bkt</Bucket><Key>obj</Key>"
                          "<UploadId>UPLOAD-1</UploadId></InitiateMultipartUploadResult>") != 0)
                return;
        } else if (strcmp(q->method, "HEAD") == 0) {
            if (hs_send(c, "HTTP/1.1 200 X\r\nContent-Length: 5\r\nETag: \"e\"\r\n\r\n", 0) != 0) return;
        } else {
            hs_read_body(c, q);
            if (hs_answer(c, 200, "", "") != 0) return;
        }
    }
}

void hs_seed_part(struct hostile_server *s, int n, const uint8_t sha256[32])
{
    if (n < 1 || n > HS_PARTS_MAX) return;
    hs_idle(s);
    memcpy(s->parts[n], sha256, 32);
    s->have_part[n] = 1;
}

const struct hs_object *hs_object(struct hostile_server *s)
{
    hs_idle(s);
    return &s->obj;
}

static void set_busy(struct hostile_server *s, int b)
{
    pthread_mutex_lock(&s->mu);
    s->busy = b;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

static void *server_main(void *arg)
{
    struct hostile_server *s = (struct hostile_server *)arg;
    while (!s->stop) {
        struct hs_conn *c = &s->conn;
        int fd;
        if (!wait_readable(s, s->lfd, 100)) continue;
        fd = accept(s->lfd, NULL, NULL);
        if (fd < 0) continue;
        pthread_mutex_lock(&s->mu);
        s->busy = 1;
        c->conn = ++s->conns;
        pthread_mutex_unlock(&s->mu);
        c->s = s;
        c->fd = fd;
        c->in_len = 0;
        s->fn(s->ctx, c, c->conn);
        if (c->fd >= 0) close(c->fd);
        c->fd = -1;
        set_busy(s, 0);
    }
    return NULL;
}

struct hostile_server *hs_start(hs_script fn, void *ctx)
{
    struct hostile_server *s = (struct hostile_server *)calloc(1, sizeof *s);
    struct sockaddr_in a;
    socklen_t al = sizeof a;
    int one = 1;
    if (s == NULL) return NULL;
    s->fn = fn;
    s->ctx = ctx;
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    s->lfd = socket(AF_INET, SOCK_STREAM, 0);
    if (s->lfd < 0) goto fail;
    setsockopt(s->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(s->lfd, (struct sockaddr *)&a, sizeof a) != 0 || listen(s->lfd, 8) != 0 ||
        getsockname(s->lfd, (struct sockaddr *)&a, &al) != 0)
        goto fail;
    s->port = ntohs(a.sin_port);
    if (pthread_create(&s->th, NULL, server_main, s) != 0) goto fail;
    s->started = 1;
    return s;
fail:
    if (s->lfd >= 0) close(s->lfd);
    free(s);
    return NULL;
}

uint16_t hs_port(const struct hostile_server *s)
{
    return s->port;
}

void hs_idle(struct hostile_server *s)
{
    int i;
    pthread_mutex_lock(&s->mu);
    for (i = 0; i < 200 && s->busy; i++) { /* at most ~10 s */
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 50 * 1000 * 1000;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&s->cv, &s->mu, &ts);
    }
    pthread_mutex_unlock(&s->mu);
}

int hs_connections(struct hostile_server *s)
{
    int n;
    hs_idle(s);
    pthread_mutex_lock(&s->mu);
    n = s->conns;
    pthread_mutex_unlock(&s->mu);
    return n;
}

void hs_settle(struct hostile_server *s, int n)
{
    int i;
    for (i = 0; i < 60; i++) { /* 60 x 50 ms */
        struct timespec ts;
        int conns;
        pthread_mutex_lock(&s->mu);
        conns = s->conns;
        pthread_mutex_unlock(&s->mu);
        if (conns >= n) break;
        ts.tv_sec = 0;
        ts.tv_nsec = 50 * 1000 * 1000;
        nanosleep(&ts, NULL);
    }
    hs_idle(s);
}

int hs_count(struct hostile_server *s)
{
    int n;
    hs_idle(s);
    pthread_mutex_lock(&s->mu);
    n = s->nlog;
    pthread_mutex_unlock(&s->mu);
    return n;
}

const struct hs_request *hs_get(struct hostile_server *s, int i)
{
    return i >= 0 && i < hs_count(s) ? &s->log[i] : NULL;
}

int hs_count_method(struct hostile_server *s, const char *method, const char *target_part)
{
    int i, n = 0, total = hs_count(s);
    for (i = 0; i < total; i++) {
        if (strcmp(s->log[i].method, method) == 0 &&
            (target_part == NULL || strstr(s->log[i].target, target_part) != NULL))
            n++;
    }
    return n;
}

void hs_clear(struct hostile_server *s)
{
    hs_idle(s);
    pthread_mutex_lock(&s->mu);
    s->nlog = 0;
    s->conns = 0;
    memset(&s->obj, 0, sizeof s->obj);
    memset(s->have_part, 0, sizeof s->have_part);
    pthread_mutex_unlock(&s->mu);
}

void hs_stop(struct hostile_server *s)
{
    if (s == NULL) return;
    s->stop = 1;
    if (s->started) pthread_join(s->th, NULL);
    close(s->lfd);
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->cv);
    free(s);
}
