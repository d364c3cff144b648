/* SPDX-License-Identifier: MIT */
/*
 * The POSIX port: a struct s3l_transport over BSD sockets (TCP, IPv4 and IPv6), optionally
 * wrapped in TLS (port_tls.h), and the platform hooks (clock, entropy, sleep).
 *
 *     struct s3l_net net;
 *     struct s3l_transport t;
 *     struct s3l_tls_config tls = {0};          // system CA bundle, verified
 *     s3l_posix_net_init(&net, &t, &tls);       // or NULL for plain TCP
 *     rc = t.connect(t.net, "s3.example.com", 443, 5000);
 *     ... t.send / t.recv ...
 *     t.close(t.net);                            // may connect again
 *     s3l_posix_net_free(&net);                  // releases TLS memory
 *
 * Timeouts: connect waits at most timeout_ms in all (name lookup excepted: getaddrinfo has
 * no timeout); send and recv each wait at most timeout_ms for the socket to become ready;
 * timeout_ms 0 means one attempt without waiting (then S3L_ERR_AGAIN is possible).
 * SIGPIPE is never raised (MSG_NOSIGNAL, or SO_NOSIGPIPE where that exists).
 */
#ifndef S3LITE_PORT_POSIX_H
#define S3LITE_PORT_POSIX_H

#include <stddef.h>
#include <stdint.h>

#include "s3lite/common.h"
#include "s3lite/port_tls.h"
#include "s3lite/transport.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The POSIX connection context. Caller-owned; treat the members as private. After
 * s3l_posix_net_init it points into itself (TLS -> tcp -> net): do not move or copy it. */
struct s3l_net {
    int fd;                           /* the socket, -1 when closed */
    int sys_err;                      /* errno of the last failure, 0 if none */
    int gai_err;                      /* getaddrinfo() code of the last DNS failure, 0 if none */
    struct s3l_transport tcp;         /* the plain TCP layer on this net (TLS's lower layer) */
    struct s3l_platform platform;     /* POSIX hooks (entropy seeds TLS) */
    struct s3l_tls *tls;              /* NULL: plain TCP; else &tls_ctx */
    struct s3l_tls tls_ctx;
};

/*
 * Make net a POSIX connection and point t at it: t->connect/send/recv/close and t->net are
 * filled in. tls NULL means plain TCP; else TLS with that configuration (borrowed: it must
 * outlive net). Nothing is allocated here; CA files are read at the first connect. Call
 * s3l_posix_net_free when done. Returns S3L_OK, S3L_ERR_ARG (net or t NULL) or S3L_ERR_ABI
 * (see s3lite/abi.h: struct s3l_net holds the TLS backend's state: mbedTLS contexts, sized
 * by mbedTLS's config, or OpenSSL handles).
 */
int s3l_posix_net_init_abi(struct s3l_net *net, struct s3l_transport *t,
                           const struct s3l_tls_config *tls,
                           size_t app_size, uint32_t app_config);
#define s3l_posix_net_init(net, t, tls) \
    s3l_posix_net_init_abi((net), (t), (tls), \
                           sizeof(struct s3l_net), S3L_ABI_CONFIG)

/* Close the connection if open and release what TLS allocated. */
void s3l_posix_net_free(struct s3l_net *net);

/* The TLS state of net (for s3l_tls_verify_info and friends); NULL for plain TCP. */
struct s3l_tls *s3l_posix_net_tls(struct s3l_net *net);

/*
 * One line saying why the last operation failed with err (an s3l_err), for messages:
 * the resolver's or the system's text, TLS verification reasons, or the TLS error (what
 * failed to load, mbedTLS's or OpenSSL's reason).
 * Writes a NUL-terminated text into buf (cap bytes). Returns its length, S3L_ERR_ARG, or
 * S3L_ERR_BUF_TOO_SMALL (buf holds a cut text).
 */
int s3l_posix_net_describe(struct s3l_net *net, int err, char *buf, size_t cap);

/*
 * The plain TCP layer (what s3l_posix_net_init installs when tls is NULL, and what TLS runs
 * over). Same contracts as struct s3l_transport:
 * connect: resolve host (name, IPv4 or IPv6 literal) and try each address in turn within
 *   timeout_ms in all. 0, or S3L_ERR_ARG (NULL/empty host, port 0), S3L_ERR_STATE (already
 *   connected), S3L_ERR_DNS (no such name), S3L_ERR_CONNECT (refused, unreachable),
 *   S3L_ERR_TIMEOUT, S3L_ERR_NET (no socket could be made).
 * send: bytes sent (> 0), S3L_ERR_AGAIN (only with timeout_ms 0), S3L_ERR_TIMEOUT, S3L_ERR_CLOSED (the
 *   peer is gone: EPIPE), S3L_ERR_NET (reset or other error), S3L_ERR_STATE (not connected).
 * recv: bytes (> 0), 0 (orderly close by the peer), S3L_ERR_AGAIN (only with timeout_ms 0),
 *   S3L_ERR_TIMEOUT, S3L_ERR_NET, S3L_ERR_STATE.
 * close: closes the socket; safe when not connected.
 */
int s3l_posix_tcp_connect(struct s3l_net *net, const char *host, uint16_t port,
                          uint32_t timeout_ms);
long s3l_posix_tcp_send(struct s3l_net *net, const uint8_t *buf, size_t len, uint32_t timeout_ms);
long s3l_posix_tcp_recv(struct s3l_net *net, uint8_t *buf, size_t len, uint32_t timeout_ms);
void s3l_posix_tcp_close(struct s3l_net *net);

/*
 * Fill p with the POSIX hooks: now() = clock_gettime(CLOCK_REALTIME) in Unix seconds,
 * entropy() = getrandom() (Linux) or /dev/urandom, sleep_ms() = nanosleep. p->ctx is NULL.
 * Returns S3L_OK, S3L_ERR_ARG (p NULL) or S3L_ERR_ABI (see s3lite/abi.h).
 */
int s3l_posix_platform_init_abi(struct s3l_platform *p,
                                size_t app_size, uint32_t app_config);
#define s3l_posix_platform_init(p) \
    s3l_posix_platform_init_abi((p), \
                                sizeof(struct s3l_platform), S3L_ABI_CONFIG)

#ifdef __cplusplus
}
#endif
#endif /* S3LITE_PORT_POSIX_H */
