/* SPDX-License-Identifier: MIT */
/*
 * A transport that plays S3 for the example: it reads each request the client sends (head,
 * then the body, decoding aws-chunked framing to count the payload) and answers with the
 * minimal valid HTTP response S3 would send, XML included. It records what it saw so the
 * host run can check the flow. A device plugs in a real transport (lwIP + TLS) instead.
 */
#ifndef S3L_FIRMWARE_EXAMPLE_STUB_H
#define S3L_FIRMWARE_EXAMPLE_STUB_H

#include <stdint.h>

#include "s3lite/transport.h"

enum stub_op { OP_OTHER, OP_CREATE, OP_PART, OP_COMPLETE, OP_ABORT };

#define STUB_MAX_REQUESTS 8

/* The stub's connection state: each port defines struct s3l_net, this is the stub's. */
struct s3l_net {
    /* scenario */
    int fail_part;                  /* 1: answer UploadPart with 403 AccessDenied */
    /* what was seen */
    unsigned requests;
    enum stub_op ops[STUB_MAX_REQUESTS];
    unsigned signed_requests;       /* requests carrying an AWS4-HMAC-SHA256 Authorization */
    uint64_t part_decoded_len;      /* x-amz-decoded-content-length of the UploadPart */
    uint64_t part_payload;          /* payload bytes decoded from its aws-chunked body */
    unsigned part_chunks;           /* its chunks, the final empty one included */
    int complete_body_ok;           /* the part list named part 1 and the part's ETag */
    unsigned connects;
    char connect_host[64];          /* where the last connect went */
    uint16_t connect_port;
    /* private: the request being read and the answer being sent */
    int connected;
    char head[1024];
    size_t head_len;
    int in_body, discard, chunked, chunk_state;
    uint64_t body_left, chunk_left;
    char line[128];
    size_t line_len;
    char small_body[512];           /* a short (non-part) body, kept to be checked */
    size_t small_len;
    enum stub_op op;
    char reply[768];
    size_t reply_len, reply_pos;
};

/* Clear the stub (scenario 0) and fill t with its functions. */
void s3_stub_init(struct s3l_net *s, struct s3l_transport *t);

#endif /* S3L_FIRMWARE_EXAMPLE_STUB_H */
