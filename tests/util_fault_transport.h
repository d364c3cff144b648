/* SPDX-License-Identifier: MIT */
/*
 * A transport that wraps another (struct s3l_transport) and fails once, at the Nth send or
 * recv call (both counted together, from 1), in a chosen way: an error, a short write or
 * read, a reset, an orderly close, a burst of S3L_ERR_AGAIN, or a stall past the timeout.
 * Every other call goes to the wrapped transport unchanged. For fault-injection runs: one
 * run per (call index, kind); `fired` says whether the run reached its fault. With
 * `persistent` set, every call from the Nth on fails that way (the network is gone).
 *
 *   struct fault_transport ft;
 *   ft_init(&ft, &posix_transport, FT_RESET, 7);
 *   cfg.transport = &ft.t;
 */
#ifndef S3L_TEST_FAULT_TRANSPORT_H
#define S3L_TEST_FAULT_TRANSPORT_H

#include "s3lite/transport.h"

enum ft_kind {
    FT_ERROR = 0, /* S3L_ERR_NET, the connection left as it is */
    FT_SHORT,     /* send passes on half the bytes (at least 1), recv asks for at most 3 */
    FT_RESET,     /* the wrapped connection closed, then S3L_ERR_NET (a TCP reset) */
    FT_CLOSE,     /* the wrapped connection closed, then recv 0 / send S3L_ERR_CLOSED */
    FT_AGAIN,     /* S3L_ERR_AGAIN FT_AGAIN_BURST times in a row, then on as usual */
    FT_STALL,     /* waits the call's whole timeout, then S3L_ERR_TIMEOUT */
    FT_KINDS
};

#define FT_AGAIN_BURST 5

struct fault_transport {
    struct s3l_transport t;            /* give this one to the client */
    const struct s3l_transport *lower; /* the wrapped transport */
    enum ft_kind kind;
    unsigned long at;                  /* the call (1-based) to fail; 0: none */
    int persistent;                    /* fail every call from `at` on (set after ft_init) */
    unsigned long calls;               /* send and recv calls so far */
    unsigned again_left;               /* AGAIN answers still to give */
    int fired;                         /* the fault happened */
    int fired_in_send;                 /* ... in a send call (else recv) */
};

void ft_init(struct fault_transport *f, const struct s3l_transport *lower, enum ft_kind kind,
             unsigned long at);
const char *ft_kind_name(enum ft_kind kind);

#endif
