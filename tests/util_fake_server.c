/* SPDX-License-Identifier: MIT */
/*
 * A tiny in-process HTTP/1.1 server on 127.0.0.1 for client tests: see util_fake_server.h.
 * One thread, one connection at a time (the client under test uses one at a time), every
 * wait bounded (100 ms polls, a few seconds at most), stopped and joined by the test.
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
#include "util_fake_server.h"

#define FS_WAIT_MS 5000   /* longest wait for a client's bytes */
#define FS_LATE_MS 1500   /* how long to watch for body bytes after an early answer */
#define FS_IN_CAP (64 * 1024)

struct fake_server {
    int lfd;
    uint16_t port;
    pthread_t th;
    int started;
    volatile int stop;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int busy;
    fs_handler h;
    void *ctx;
    struct fs_request *log[FS_LOG_MAX];
    int nlog;
    int conns;
    uint8_t in[FS_IN_CAP];
    size_t in_len;
};

static int lower_c(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

int fs_header(const char *head, const char *name, char *out, size_t cap)
{
    const char *p = strstr(head, "\r\n");
    size_t nl = strlen(name);
    while (p != NULL && p[2] != '\r' && p[2] != '\0') {
        const char *line = p + 2, *e = strstr(line, "\r\n");
        size_t i;
        if (e == NULL) break;
        for (i = 0; i < nl; i++) {
            if (lower_c((unsigned char)line[i]) != lower_c((unsigned char)name[i])) break;
        }
        if (i == nl && line[nl] == ':') {
            const char *v = line + nl + 1;
            size_t n;
            while (*v == ' ' || *v == '\t') v++;
            n = (size_t)(e - v);
            while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t')) n--;
            if (n >= cap) n = cap - 1;
            memcpy(out, v, n);
            out[n] = '\0';
            return 0;
        }
        p = e;
    }
    return -1;
}

void fs_format(struct fs_reply *r, int status, const char *reason, const char *extra,
               const char *body)
{
    int n = snprintf(r->raw, sizeof r->raw, "HTTP/1.1 %d %s\r\nContent-Length: %lu\r\n%s\r\n%s",
                     status, reason, (unsigned long)strlen(body), extra, body);
    r->raw_len = n > 0 && (size_t)n < sizeof r->raw ? (size_t)n : 0;
}

/* Wait until fd is readable, up to ms, in 100 ms steps that watch the stop flag. */
static int wait_readable(struct fake_server *s, int fd, int ms)
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

/* recv more into s->in; returns bytes, 0 on EOF/timeout/error. */
static size_t fill(struct fake_server *s, int fd, int ms)
{
    ssize_t r;
    if (s->in_len >= FS_IN_CAP) return 0;
    if (!wait_readable(s, fd, ms)) return 0;
    r = recv(fd, s->in + s->in_len, FS_IN_CAP - s->in_len, 0);
    if (r <= 0) return 0;
    s->in_len += (size_t)r;
    return (size_t)r;
}

static void consume(struct fake_server *s, size_t n)
{
    memmove(s->in, s->in + n, s->in_len - n);
    s->in_len -= n;
}

static void send_all_fd(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t r = send(fd, p, n, MSG_NOSIGNAL);
        if (r <= 0) return;
        p += r;
        n -= (size_t)r;
    }
}

static void send_reply(int fd, const struct fs_reply *r)
{
    send_all_fd(fd, r->raw, r->raw_len != 0 ? r->raw_len : strlen(r->raw));
}

static void log_req(struct fake_server *s, struct fs_request *q)
{
    pthread_mutex_lock(&s->mu);
    if (s->nlog < FS_LOG_MAX) {
        s->log[s->nlog++] = q;
    } else {
        free(q->body);
        free(q);
    }
    pthread_mutex_unlock(&s->mu);
}

static void set_busy(struct fake_server *s, int b)
{
    pthread_mutex_lock(&s->mu);
    s->busy = b;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

/* Read a head from s->in; -1 when the connection ends first. */
static int read_head(struct fake_server *s, int fd, struct fs_request *q)
{
    for (;;) {
        uint8_t *e = NULL;
        size_t i;
        for (i = 0; i + 3 < s->in_len; i++) {
            if (memcmp(s->in + i, "\r\n\r\n", 4) == 0) {
                e = s->in + i;
                break;
            }
        }
        if (e != NULL) {
            size_t n = (size_t)(e - s->in) + 4;
            if (n >= FS_HEAD_MAX) return -1;
            memcpy(q->head, s->in, n);
            q->head[n] = '\0';
            q->head_len = n;
            consume(s, n);
            return 0;
        }
        if (s->in_len > 0) set_busy(s, 1);
        if (fill(s, fd, FS_WAIT_MS) == 0) return -1;
        set_busy(s, 1);
    }
}

static void parse_head(struct fs_request *q)
{
    char v[64];
    if (sscanf(q->head, "%15s %2047s", q->method, q->target) != 2) q->method[0] = '\0';
    if (fs_header(q->head, "content-length", v, sizeof v) == 0)
        q->content_length = strtoull(v, NULL, 10);
    if (fs_header(q->head, "expect", v, sizeof v) == 0 && strcmp(v, "100-continue") == 0)
        q->expect_continue = 1;
}

/* Read the declared body: keep the first FS_BODY_KEEP bytes, hash all. */
static void read_body(struct fake_server *s, int fd, struct fs_request *q)
{
    s3l_sha256_ctx h;
    uint64_t left = q->content_length;
    s3l_sha256_start(&h);
    q->body_read = 1;
    q->body = (uint8_t *)malloc(FS_BODY_KEEP);
    while (left > 0) {
        size_t n;
        if (s->in_len == 0 && fill(s, fd, FS_WAIT_MS) == 0) break;
        n = s->in_len < left ? s->in_len : (size_t)left;
        s3l_sha256_update(&h, s->in, n);
        if (q->body != NULL && q->body_len < FS_BODY_KEEP) {
            size_t k = FS_BODY_KEEP - (size_t)q->body_len;
            memcpy(q->body + q->body_len, s->in, n < k ? n : k);
        }
        q->body_len += n;
        left -= n;
        consume(s, n);
    }
    s3l_sha256_finish(&h, q->body_sha256);
}

/* After answering before the body: count what still arrives until the client closes. */
static void count_late(struct fake_server *s, int fd, struct fs_request *q)
{
    int ms = FS_LATE_MS;
    q->late_bytes = s->in_len;
    s->in_len = 0;
    while (ms > 0 && wait_readable(s, fd, 100)) {
        uint8_t tmp[4096];
        ssize_t r = recv(fd, tmp, sizeof tmp, 0);
        if (r <= 0) return;
        q->late_bytes += (uint64_t)r;
        ms -= 100;
    }
}

static void handle_conn(struct fake_server *s, int fd, int conn)
{
    int idx;
    s->in_len = 0;
    for (idx = 0; !s->stop; idx++) {
        struct fs_request *q = (struct fs_request *)calloc(1, sizeof *q);
        struct fs_reply *rep = (struct fs_reply *)calloc(1, sizeof *rep);
        if (q == NULL || rep == NULL || read_head(s, fd, q) != 0) {
            free(q);
            free(rep);
            return;
        }
        q->conn = conn;
        q->index_on_conn = idx;
        parse_head(q);
        s->h(s->ctx, q, 0, rep);
        if (rep->action == FS_DROP) {
            log_req(s, q);
            free(rep);
            return;
        }
        if (rep->action == FS_ANSWER_NOW) {
            send_reply(fd, rep);
            count_late(s, fd, q);
            log_req(s, q);
            free(rep);
            return;
        }
        if (rep->action == FS_100_CONTINUE) send_all_fd(fd, "HTTP/1.1 100 Continue\r\n\r\n", 25);
        read_body(s, fd, q);
        memset(rep, 0, sizeof *rep);
        s->h(s->ctx, q, 1, rep);
        log_req(s, q);
        send_reply(fd, rep);
        if (rep->close_after) {
            free(rep);
            return;
        }
        free(rep);
        set_busy(s, 0);
    }
}

static void *server_main(void *arg)
{
    struct fake_server *s = (struct fake_server *)arg;
    while (!s->stop) {
        int fd, conn;
        if (!wait_readable(s, s->lfd, 100)) continue;
        fd = accept(s->lfd, NULL, NULL);
        if (fd < 0) continue;
        pthread_mutex_lock(&s->mu);
        s->busy = 1;
        conn = ++s->conns;
        pthread_mutex_unlock(&s->mu);
        handle_conn(s, fd, conn);
        close(fd);
        set_busy(s, 0);
    }
    return NULL;
}

struct fake_server *fs_start(fs_handler h, void *ctx)
{
    struct fake_server *s = (struct fake_server *)calloc(1, sizeof *s);
    struct sockaddr_in a;
    socklen_t al = sizeof a;
    int one = 1;
    if (s == NULL) return NULL;
    s->h = h;
    s->ctx = ctx;
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    s->lfd = socket(AF_INET, SOCK_STREAM, 0);
    if (s->lfd < 0) goto fail;
    setsockopt(s->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
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

uint16_t fs_port(const struct fake_server *s)
{
    return s->port;
}

/* Wait (bounded) until the server is between requests, so the log is complete. */
static void sync_idle(struct fake_server *s)
{
    int i;
    pthread_mutex_lock(&s->mu);
    for (i = 0; i < 100 && s->busy; i++) {
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

int fs_count(struct fake_server *s)
{
    int n;
    sync_idle(s);
    pthread_mutex_lock(&s->mu);
    n = s->nlog;
    pthread_mutex_unlock(&s->mu);
    return n;
}

const struct fs_request *fs_get(struct fake_server *s, int i)
{
    const struct fs_request *q = NULL;
    sync_idle(s);
    pthread_mutex_lock(&s->mu);
    if (i >= 0 && i < s->nlog) q = s->log[i];
    pthread_mutex_unlock(&s->mu);
    return q;
}

int fs_connections(struct fake_server *s)
{
    int n;
    sync_idle(s);
    pthread_mutex_lock(&s->mu);
    n = s->conns;
    pthread_mutex_unlock(&s->mu);
    return n;
}

void fs_clear(struct fake_server *s)
{
    int i;
    sync_idle(s);
    pthread_mutex_lock(&s->mu);
    for (i = 0; i < s->nlog; i++) {
        free(s->log[i]->body);
        free(s->log[i]);
    }
    s->nlog = 0;
    pthread_mutex_unlock(&s->mu);
}

void fs_stop(struct fake_server *s)
{
    if (s == NULL) return;
    s->stop = 1;
    if (s->started) pthread_join(s->th, NULL);
    close(s->lfd);
    fs_clear(s);
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->cv);
    free(s);
}
