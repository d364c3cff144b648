/* SPDX-License-Identifier: MIT */
/*
 * A tiny in-process HTTP/1.1 server on 127.0.0.1 for client tests (a thread; bounded; the
 * test starts and stops it). It reads each request head, asks the test's handler what to do
 * before the body (100 Continue, ignore Expect, answer at once, drop the connection), reads
 * the body (Content-Length bytes, kept up to a cap, SHA-256 of all of it), asks the handler
 * for the answer, and logs every request for the test to inspect afterwards.
 */
#ifndef S3L_TEST_FAKE_SERVER_H
#define S3L_TEST_FAKE_SERVER_H

#include <stddef.h>
#include <stdint.h>

#define FS_HEAD_MAX 16384
#define FS_BODY_KEEP (1u << 20) /* body bytes kept per request (more are counted, hashed) */
#define FS_LOG_MAX 32

struct fs_request {
    int conn;                       /* 1-based connection number */
    int index_on_conn;              /* 0 for the first request on its connection */
    char head[FS_HEAD_MAX];         /* the raw head, NUL-terminated */
    size_t head_len;
    char method[16];
    char target[2048];
    uint64_t content_length;        /* from the header; 0 when absent */
    int expect_continue;            /* Expect: 100-continue present */
    uint8_t *body;                  /* first FS_BODY_KEEP bytes (malloc'd by the server) */
    uint64_t body_len;              /* body bytes received */
    uint8_t body_sha256[32];
    uint64_t late_bytes;            /* bytes that arrived after an early answer (should be 0) */
    int body_read;                  /* the server read the body */
};

enum fs_action {
    FS_100_CONTINUE = 0, /* before the body: send 100 Continue, then read it */
    FS_READ_BODY,        /* before the body: say nothing, read it (a server ignoring Expect) */
    FS_ANSWER_NOW,       /* before the body: answer with reply (do not read the body) */
    FS_DROP              /* close the connection without an answer */
};

struct fs_reply {
    enum fs_action action;   /* before-body decision (phase 0) */
    char raw[8192];          /* the whole response (head and body), sent as is */
    size_t raw_len;          /* 0: strlen(raw) */
    int close_after;         /* close the connection after answering (with or without a
                                Connection: close in raw: the test chooses) */
};

/* phase 0: head read (set reply->action; for FS_ANSWER_NOW also raw/close_after);
 * phase 1: body read (set raw and close_after). */
typedef void (*fs_handler)(void *ctx, const struct fs_request *req, int phase,
                           struct fs_reply *reply);

struct fake_server;

/* Start listening on 127.0.0.1 (an ephemeral port). NULL on failure. */
struct fake_server *fs_start(fs_handler h, void *ctx);
uint16_t fs_port(const struct fake_server *s);
/* Stop the thread (bounded wait) and free everything, including logged bodies. */
void fs_stop(struct fake_server *s);

/* Log of handled requests (stable after the client call that made them returned). */
int fs_count(struct fake_server *s);
const struct fs_request *fs_get(struct fake_server *s, int i);
int fs_connections(struct fake_server *s);
/* Forget the log (frees bodies). */
void fs_clear(struct fake_server *s);

/* Header value of name in a raw head (case-insensitive), copied NUL-terminated into out;
 * -1 when absent. */
int fs_header(const char *head, const char *name, char *out, size_t cap);

/* Format a response: "HTTP/1.1 <status> <reason>", Content-Length of body, extra header
 * lines (each ending CRLF, may be ""), then body. */
void fs_format(struct fs_reply *r, int status, const char *reason, const char *extra,
               const char *body);

#endif
