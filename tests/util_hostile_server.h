/* SPDX-License-Identifier: MIT */
/*
 * A scripted raw TCP server on 127.0.0.1 for tests that need a misbehaving peer: garbage
 * instead of HTTP, heads that never end, a byte at a time, resets. One thread accepts one
 * connection at a time and runs the test's script on it; the script reads request heads and
 * bodies and writes whatever bytes it likes with the helpers below. Every wait is bounded
 * (100 ms polls that watch the stop flag, a few seconds at most). The server logs each
 * request head it read (method and target) for the test to inspect afterwards.
 */
#ifndef S3L_TEST_HOSTILE_SERVER_H
#define S3L_TEST_HOSTILE_SERVER_H

#include <stddef.h>
#include <stdint.h>

#define HS_HEAD_MAX 16384
#define HS_LOG_MAX 64

struct hs_request {
    int conn;                 /* 1-based connection number */
    char method[16];
    char target[512];
    uint64_t content_length;  /* from the head; 0 when absent */
    int expect_continue;      /* Expect: 100-continue present */
    uint64_t body_len;        /* body bytes the script read (hs_read_body) */
    uint8_t body_sha256[32];  /* their SHA-256 */
    int aws_chunked;          /* Content-Encoding names aws-chunked */
    uint64_t decoded_length;  /* x-amz-decoded-content-length */
    uint8_t data_sha256[32];  /* SHA-256 of the payload: the body, or its aws-chunked decoding */
    int data_ok;              /* the body is whole (and, aws-chunked, well framed and as long as
                                 x-amz-decoded-content-length) */
    char body_text[2048];     /* their first bytes, NUL-terminated (an XML part list) */
    uint64_t late_bytes;      /* bytes that came after the script stopped reading (hs_drain) */
};

struct hs_conn;
struct hostile_server;

/* Runs once per accepted connection (conn: 1-based number); the connection is closed when it
 * returns (unless the script reset it). */
typedef void (*hs_script)(void *ctx, struct hs_conn *c, int conn);

struct hostile_server *hs_start(hs_script fn, void *ctx);
uint16_t hs_port(const struct hostile_server *s);
void hs_stop(struct hostile_server *s);

/* Counts and log; stable once the client call that caused them has returned and the
 * script has finished (hs_idle waits for that, bounded). */
void hs_idle(struct hostile_server *s);
int hs_connections(struct hostile_server *s);
/* Wait (at most 3 s) until n connections were accepted since hs_clear and their scripts
 * ended: a client may close a connection before the server got to it, and the next run must
 * not see its request. */
void hs_settle(struct hostile_server *s, int n);
int hs_count(struct hostile_server *s);
const struct hs_request *hs_get(struct hostile_server *s, int i);
int hs_count_method(struct hostile_server *s, const char *method, const char *target_part);
void hs_clear(struct hostile_server *s);

/* ---- for scripts ---- */

/* Read a request head (logged). Returns the logged request, NULL when the connection ended
 * or nothing came within 3 s. */
struct hs_request *hs_read_head(struct hs_conn *c);
/* Read and hash q's body (Content-Length bytes, or fewer if the connection ends) and its
 * payload (decoded when aws-chunked; at most HS_BODY_MAX bytes are decoded). */
#define HS_BODY_MAX (1u << 20)
void hs_read_body(struct hs_conn *c, struct hs_request *q);
/* Send bytes (n 0: strlen). 0, or -1 when the peer is gone. */
int hs_send(struct hs_conn *c, const char *p, size_t n);
/* Send an answer: status line with reason "X", Content-Length of body, extra lines, body. */
int hs_answer(struct hs_conn *c, int status, const char *extra, const char *body);
/* Wait ms (bounded by the stop flag). */
void hs_pause(struct hs_conn *c, int ms);
/* Close with a TCP reset (SO_LINGER 0) instead of a FIN. */
void hs_reset(struct hs_conn *c);
/* Count the bytes that still arrive (into q->late_bytes when q is given) until the peer
 * closes or ms pass without any. */
uint64_t hs_drain(struct hs_conn *c, struct hs_request *q, int ms);
/* A well-behaved S3 for the rest of a script: answers q and then every further request on
 * the connection until it ends. CreateMultipartUpload gives upload id "UPLOAD-1"; UploadPart
 * (100 Continue when asked) keeps the part's SHA-256 and answers an ETag made from it;
 * CompleteMultipartUpload succeeds only when every listed part was uploaded with that ETag
 * (else 400 InvalidPart), and records the object (hs_object); HEAD answers 200. */
void hs_serve_s3(struct hs_conn *c, struct hs_request *q);

#define HS_PARTS_MAX 16
struct hs_object {
    int completed;                          /* Completes accepted */
    int part_count;                         /* parts in the last accepted Complete */
    uint8_t part_sha256[HS_PARTS_MAX][32];  /* their bodies' SHA-256, in order */
};
/* The object as the last accepted Complete made it (stable like the log). */
const struct hs_object *hs_object(struct hostile_server *s);
/* Make hs_serve_s3 hold part n (1..HS_PARTS_MAX) as uploaded with a body of this SHA-256. */
void hs_seed_part(struct hostile_server *s, int n, const uint8_t sha256[32]);
/* The ETag hs_serve_s3 gives a body with this SHA-256 (with quotes; out >= 20 bytes). */
void hs_etag(const uint8_t sha256[32], char *out);

/* 1 once the server is stopping (scripts that loop must check it). */
int hs_stopping(const struct hs_conn *c);

#endif
