/* SPDX-License-Identifier: MIT */
/*
 * The transport seam (coreHTTP manners): a struct of function pointers plus an opaque
 * context that each port defines. The core never includes a socket header.
 *
 * send returns bytes sent (> 0) or a negative s3l_err. recv returns bytes received (> 0),
 * 0 when the peer closed the connection in order (as BSD recv() and a reader's end of data),
 * or a negative s3l_err. Either returns S3L_ERR_AGAIN for "nothing could be done yet" (a
 * non-blocking or polled transport): the client then calls the platform's sleep_ms for
 * S3L_CLIENT_POLL_MS and tries again, until the I/O timeout; without sleep_ms, S3L_ERR_AGAIN
 * fails the call at once with S3L_ERR_TIMEOUT. Other errors: S3L_ERR_NET, S3L_ERR_TIMEOUT,
 * S3L_ERR_CLOSED (also accepted from recv as an orderly close), S3L_ERR_TLS...
 */
#ifndef S3LITE_TRANSPORT_H
#define S3LITE_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct s3l_net; /* defined by each port (port/posix, port/lwip) */

struct s3l_transport {
    /* Open a connection (TCP, then TLS when the port's context says so). 0 or s3l_err. */
    int (*connect)(struct s3l_net *net, const char *host, uint16_t port, uint32_t timeout_ms);
    long (*send)(struct s3l_net *net, const uint8_t *buf, size_t len, uint32_t timeout_ms);
    long (*recv)(struct s3l_net *net, uint8_t *buf, size_t len, uint32_t timeout_ms);
    void (*close)(struct s3l_net *net);
    struct s3l_net *net;
};

/* Hooks the client and the TLS port need from the platform. */
struct s3l_platform {
    /* Required. Wall-clock time, Unix seconds (may be wrong on a device without RTC: the
     * client corrects it from the server's Date header). */
    int64_t (*now)(void *ctx);
    /* Fill buf with len random bytes; 0 or s3l_err. The client draws the jitter of its retry
     * backoff from it (without it: no jitter); port/tls seeds its DRBG with it (TLS needs it). */
    int (*entropy)(void *ctx, uint8_t *buf, size_t len);
    /* Wait about ms milliseconds. The client calls it for the backoff before a retry, and
     * when the transport answers S3L_ERR_AGAIN, S3L_CLIENT_POLL_MS at a time up to the I/O
     * timeout: a polled transport
     * (lwIP's raw API, NO_SYS=1) can run its stack's timers and input here. Optional only
     * with a transport that waits by itself (never answers S3L_ERR_AGAIN): without it,
     * S3L_ERR_AGAIN fails the request with S3L_ERR_TIMEOUT at once. */
    void (*sleep_ms)(void *ctx, uint32_t ms);
    /* Optional: milliseconds of a clock that only goes forward (since boot is fine), for the
     * client's deadlines. Without it they are measured with now(), in whole seconds. */
    uint64_t (*monotonic_ms)(void *ctx);
    void *ctx;
};

/* Body source for uploads. read returns bytes (> 0), 0 at end of data, or a negative
 * s3l_err. rewind (may be NULL: then signed payloads must be hashed by the caller) goes
 * back to the start of this body. */
struct s3l_reader {
    long (*read)(void *ctx, uint8_t *buf, size_t cap);
    int (*rewind)(void *ctx);
    void *ctx;
};

/* Body sink for downloads. write returns 0 or a negative s3l_err. */
struct s3l_writer {
    int (*write)(void *ctx, const uint8_t *data, size_t len);
    void *ctx;
};

#ifdef __cplusplus
}
#endif
#endif /* S3LITE_TRANSPORT_H */
