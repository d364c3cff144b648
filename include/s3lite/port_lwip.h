/* SPDX-License-Identifier: MIT */
/*
 * The lwIP port: a struct s3l_transport over lwIP TCP, optionally wrapped in TLS by the shared
 * port/tls module (mbedTLS; not lwIP's altcp_tls). lwIP's NO_SYS option picks the flavour:
 *
 *   NO_SYS=0 (an RTOS, lwIP's tcpip thread): net_lwip_sockets.c, over lwIP's sockets API
 *     (lwip_socket, lwip_poll; non-blocking, every wait bounded by the call's timeout). Call
 *     from any thread but lwIP's own, after tcpip_init() and once a netif is up.
 *
 *   NO_SYS=1 (bare metal): net_lwip_raw.c, over the raw TCP API. lwIP runs only when the
 *     firmware's poll hook runs it: the hook reads the netif's received frames into lwIP and
 *     calls sys_check_timeouts(). The transport calls it while it waits (connect, a full send
 *     buffer, no data yet), up to the call's timeout measured with sys_now(); with a timeout
 *     of 0 it polls once and answers S3L_ERR_AGAIN when nothing could be done, and the
 *     client then waits in the platform's sleep_ms, which should call the same hook.
 *     Everything (hook, transport, client) runs on one thread, never from an interrupt.
 *
 *     struct s3l_net net;
 *     struct s3l_transport t;
 *     struct s3l_lwip_config lc = {0};
 *     lc.tls = &tls_cfg;              // or NULL for plain TCP
 *     lc.platform = &platform;        // entropy seeds TLS
 *     lc.poll = my_poll; lc.poll_ctx = &my_netif;   // NO_SYS=1 only
 *     s3l_lwip_net_init(&net, &t, &lc);
 *     ... give t to the client (struct s3l_client_config.transport) ...
 *     s3l_lwip_net_free(&net);
 *
 * Host names: IPv4 literals always; names through lwIP's DNS when LWIP_DNS is on.
 * Which API is better for s3lite: the raw API. s3lite needs one connection driven by one
 * caller, which is what the raw API gives without a thread, mailboxes or per-socket
 * semaphores; its received pbufs are copied once, straight into the client's buffer. The
 * sockets API is the right choice under an RTOS where other tasks share the stack.
 */
#ifndef S3LITE_PORT_LWIP_H
#define S3LITE_PORT_LWIP_H

#include <stddef.h>
#include <stdint.h>

#include "lwip/opt.h"
#include "s3lite/abi.h"
#include "s3lite/common.h"
#include "s3lite/port_tls.h"
#include "s3lite/transport.h"

#if NO_SYS
#include "lwip/ip_addr.h"
#include "lwip/pbuf.h"
#include "lwip/tcp.h"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* What the transport needs from the firmware. Borrowed: must outlive the net. */
struct s3l_lwip_config {
    const struct s3l_tls_config *tls;     /* NULL: plain TCP; else TLS with this config */
    const struct s3l_platform *platform;  /* entropy (required with TLS) */
#if NO_SYS
    /* Required: run lwIP for at most about max_wait_ms (the netif's input, then
     * sys_check_timeouts()); return early when a frame came in. */
    void (*poll)(void *ctx, uint32_t max_wait_ms);
    void *poll_ctx;
#endif
};

/* The lwIP connection context. Caller-owned; treat the members as private. After
 * s3l_lwip_net_init it points into itself (TLS -> tcp -> net): do not move or copy it. */
struct s3l_net {
#if NO_SYS
    struct tcp_pcb *pcb;     /* NULL when closed (or when lwIP freed it after an error) */
    struct pbuf *rx;         /* received, not read yet */
    ip_addr_t addr;          /* the peer, once resolved */
    unsigned connected;      /* the connect callback came */
    unsigned peer_closed;    /* the peer sent FIN */
    unsigned failed;         /* lwIP reported an error (lwip_err) and freed the PCB */
    unsigned dns_state;      /* 0 idle, 1 waiting, 2 found, 3 failed */
#else
    int fd;                  /* lwIP socket descriptor (not the OS's), -1 when closed */
    int sock_err;            /* errno of the last failure, 0 if none */
#endif
    int lwip_err;            /* lwIP err_t of the last failure, 0 if none */
    struct s3l_lwip_config cfg;
    struct s3l_transport tcp; /* the plain TCP layer on this net (TLS's lower layer) */
    struct s3l_tls *tls;      /* NULL: plain TCP; else &tls_ctx */
    struct s3l_tls tls_ctx;
};

/* Make net an lwIP connection and point t at it (nothing allocated). cfg is copied; what it
 * points to is borrowed. Call s3l_lwip_net_free when done. Returns S3L_OK, S3L_ERR_ARG (a NULL
 * argument) or S3L_ERR_ABI (see s3lite/abi.h: struct s3l_net holds mbedTLS contexts, sized by
 * mbedTLS's config, and lwIP types, sized by lwipopts.h). */
int s3l_lwip_net_init_abi(struct s3l_net *net, struct s3l_transport *t,
                          const struct s3l_lwip_config *cfg,
                          size_t app_size, uint32_t app_config);
#define s3l_lwip_net_init(net, t, cfg) \
    s3l_lwip_net_init_abi((net), (t), (cfg), sizeof(struct s3l_net), S3L_ABI_CONFIG)

/* Close the connection if open and release what TLS allocated. */
void s3l_lwip_net_free(struct s3l_net *net);

/* The TLS state of net (for s3l_tls_verify_info and friends); NULL for plain TCP. */
struct s3l_tls *s3l_lwip_net_tls(struct s3l_net *net);

/* One line saying why the last operation failed with err (an s3l_err), into buf (cap bytes,
 * NUL-terminated). Returns its length, S3L_ERR_ARG or S3L_ERR_BUF_TOO_SMALL (cut). */
int s3l_lwip_net_describe(struct s3l_net *net, int err, char *buf, size_t cap);

/*
 * The plain TCP layer (what TLS runs over). Same contracts as the POSIX port's:
 * connect: 0, S3L_ERR_ARG, S3L_ERR_STATE (already connected), S3L_ERR_DNS, S3L_ERR_CONNECT
 *   (refused, unreachable), S3L_ERR_TIMEOUT, S3L_ERR_NET (out of lwIP memory).
 * send: bytes taken (> 0), S3L_ERR_AGAIN (only with timeout_ms 0), S3L_ERR_TIMEOUT,
 *   S3L_ERR_CLOSED, S3L_ERR_NET, S3L_ERR_STATE.
 * recv: bytes (> 0), 0 (orderly close), S3L_ERR_AGAIN (only with timeout_ms 0),
 *   S3L_ERR_TIMEOUT, S3L_ERR_NET, S3L_ERR_STATE.
 */
int s3l_lwip_tcp_connect(struct s3l_net *net, const char *host, uint16_t port,
                         uint32_t timeout_ms);
long s3l_lwip_tcp_send(struct s3l_net *net, const uint8_t *buf, size_t len, uint32_t timeout_ms);
long s3l_lwip_tcp_recv(struct s3l_net *net, uint8_t *buf, size_t len, uint32_t timeout_ms);
void s3l_lwip_tcp_close(struct s3l_net *net);

#ifdef __cplusplus
}
#endif
#endif /* S3LITE_PORT_LWIP_H */
