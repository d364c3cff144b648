/* SPDX-License-Identifier: MIT */
/*
 * A small in-memory S3 for multipart tests: CreateMultipartUpload, UploadPart (plain and
 * aws-chunked bodies, checksums in a header or a trailer, checked), ListParts (paginated,
 * with a page limit of its own), CompleteMultipartUpload (ETags checked, the object built,
 * its multipart ETag and COMPOSITE / FULL_OBJECT checksum computed), AbortMultipartUpload,
 * HeadObject and GetObject. Faults for tests: drop the answer to the Nth request of an
 * operation (before or after acting on it), or answer it with an error; corrupt a stored
 * part. Two ways in: ms_transport() (an in-process struct s3l_transport, synchronous) and
 * ms_fs_handler() (a handler for tests/util_fake_server, over real TCP, for the CLI).
 * Host test code: it uses the heap.
 */
#ifndef S3L_TEST_MINI_S3_H
#define S3L_TEST_MINI_S3_H

#include <stddef.h>
#include <stdint.h>

#include "s3lite/transport.h"
#include "util_fake_server.h"

enum ms_op {
    MS_CREATE, MS_PART, MS_LIST, MS_COMPLETE, MS_ABORT, MS_HEAD, MS_GET, MS_LIST_UPLOADS, MS_OTHER,
    MS_OPS
};

enum ms_fault {
    MS_FAULT_NONE = 0,
    MS_FAULT_DROP,        /* close the connection without acting or answering */
    MS_FAULT_LOSE_ANSWER, /* act on the request, then close without answering */
    MS_FAULT_ERROR,       /* answer with status / code (not acted on) */
    MS_FAULT_STALL        /* wait `status` milliseconds, then act and answer */
};

struct ms_rule {
    enum ms_op op;
    unsigned nth;         /* 1-based count of requests of op (from ms_new or the last clear) */
    enum ms_fault fault;
    int status;           /* MS_FAULT_ERROR */
    const char *code;
};

#define MS_RULES_MAX 8

struct mini_s3 {
    unsigned count[MS_OPS];             /* requests seen per operation */
    unsigned requests;
    unsigned list_page_max;             /* parts per ListParts page at most (0: 1000) */
    int list_no_checksums;              /* ListParts shows no part checksums (as RGW 16) */
    long long now;                      /* Unix time of Initiated (0: the real clock) */
    const char *complete_root;          /* root of Complete's answer (NULL: the S3 one;
                                           moto 5.2 says CompleteMultipartUploadResponse) */
    const char *gone_code;              /* code for an unknown upload id (NULL: NoSuchUpload;
                                           RGW says NoSuchKey) */
    struct ms_rule rules[MS_RULES_MAX];
    unsigned nrules;
    unsigned uploads_created, uploads_open, objects;
    void *priv;
};

struct mini_s3 *ms_new(void);
void ms_free(struct mini_s3 *s);
void ms_add_rule(struct mini_s3 *s, enum ms_op op, unsigned nth, enum ms_fault f, int status,
                 const char *code);

/* Handle one whole request (head with its CRLFs, body). *resp is a malloc'd answer (*len
 * bytes; NULL with *drop = 1 when the connection is to be closed without an answer). */
void ms_handle(struct mini_s3 *s, const char *head, size_t head_len, const uint8_t *body,
               size_t body_len, char **resp, size_t *len, int *drop);

/* The stored object at path ("/bucket/key" as sent), NULL when none. */
const uint8_t *ms_object(struct mini_s3 *s, const char *path, size_t *len, char *etag,
                         size_t etag_cap);
/* Open uploads' count, and one's id (the first). */
int ms_upload_id(struct mini_s3 *s, char *out, size_t cap);
/* Damage a stored part of the first open upload: what = 's' size (drop its last byte),
 * 'c' checksum (change the stored value), 'e' ETag (change it), 'x' remove it. 0, or -1
 * when absent. */
int ms_corrupt_part(struct mini_s3 *s, unsigned part, char what);
/* Number of parts the first open upload holds. */
unsigned ms_parts(struct mini_s3 *s);

/* An in-process transport over s: requests are answered as soon as they are whole. */
struct ms_conn;
struct ms_conn *ms_conn_new(struct mini_s3 *s, struct s3l_transport *t);
void ms_conn_free(struct ms_conn *c);

/* A util_fake_server handler (ctx: a struct mini_s3 *); the answers are up to 8 KiB. */
void ms_fs_handler(void *ctx, const struct fs_request *req, int phase, struct fs_reply *reply);

#endif
