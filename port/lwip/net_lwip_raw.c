/* SPDX-License-Identifier: MIT */
/*
 * lwIP transport, NO_SYS=1: TCP over the raw API, polled. lwIP's callbacks only record what
 * happened (connected, data queued, peer closed, error); the transport calls the firmware's
 * poll hook (netif input + timers) until what it waits for happened or the timeout passed,
 * timed with lwIP's sys_now(). Received pbufs stay queued until read, and the window is
 * reopened (tcp_recved) only for what was read: lwIP's flow control does the buffering.
 */
#include "s3lite/port_lwip.h"

#if NO_SYS

#include <string.h>

#include "lwip/dns.h"
#include "lwip/sys.h"
#include "lwip/tcp.h"

/* Longest single wait handed to the poll hook: timeouts are re-checked at least this often. */
#define POLL_SLICE_MS 50u

/* Bound on poll rounds per wait, for a hook that returns at once; the deadline ends the
 * loops first with any hook that waits for input. */
#define POLL_ROUNDS_MAX 10000000ul

/* ---- lwIP callbacks (run inside the poll hook) ---------------------------------------- */

static err_t on_connected(void *arg, struct tcp_pcb *pcb, err_t err)
{
    struct s3l_net *net = arg;
    (void)pcb;
    if (net != NULL && err == ERR_OK) {
        net->connected = 1;
    }
    return ERR_OK;
}

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
    struct s3l_net *net = arg;
    (void)pcb;
    if (net == NULL) {
        if (p != NULL) {
            pbuf_free(p);
        }
        return ERR_OK;
    }
    if (p == NULL) {
        net->peer_closed = 1; /* FIN */
        return ERR_OK;
    }
    if (err != ERR_OK) {
        pbuf_free(p);
        return ERR_OK;
    }
    if (net->rx == NULL) {
        net->rx = p;
    } else {
        pbuf_cat(net->rx, p); /* bounded by the receive window: we reopen it as we read */
    }
    return ERR_OK;
}

/* lwIP has freed the PCB already (reset, abort, retransmission timeout). */
static void on_err(void *arg, err_t err)
{
    struct s3l_net *net = arg;
    if (net != NULL) {
        net->pcb = NULL;
        net->failed = 1;
        net->lwip_err = err;
    }
}

#if LWIP_DNS
static void on_dns(const char *name, const ip_addr_t *addr, void *arg)
{
    struct s3l_net *net = arg;
    (void)name;
    if (net == NULL || net->dns_state != 1) {
        return; /* a lookup given up on */
    }
    if (addr != NULL) {
        net->addr = *addr;
        net->dns_state = 2;
    } else {
        net->dns_state = 3;
    }
}
#endif

/* ---- waiting ------------------------------------------------------------------------- */

enum wait_for { W_CONNECT, W_SEND_ROOM, W_DATA, W_DNS };

static int ready(const struct s3l_net *net, enum wait_for what)
{
    if (net->failed && what != W_DNS) {
        return 1;
    }
    switch (what) {
    case W_CONNECT: return net->connected != 0;
    case W_SEND_ROOM:
        return net->pcb != NULL && tcp_sndbuf(net->pcb) > 0 &&
               tcp_sndqueuelen(net->pcb) < TCP_SND_QUEUELEN;
    case W_DATA: return net->rx != NULL || net->peer_closed != 0;
    case W_DNS: return net->dns_state != 1;
    }
    return 1;
}

/* Run lwIP until what is ready: 1, or 0 when timeout_ms passed (after one poll at least). */
static int wait_for(struct s3l_net *net, enum wait_for what, uint32_t timeout_ms)
{
    uint32_t start = sys_now();
    unsigned long i;
    for (i = 0; i < POLL_ROUNDS_MAX; i++) {
        uint32_t spent = sys_now() - start;
        uint32_t left = spent >= timeout_ms ? 0u : timeout_ms - spent;
        if (ready(net, what)) {
            return 1;
        }
        if (i > 0 && left == 0) {
            return 0;
        }
        net->cfg.poll(net->cfg.poll_ctx, left < POLL_SLICE_MS ? left : POLL_SLICE_MS);
    }
    return ready(net, what);
}

/* ---- the transport ------------------------------------------------------------------- */

static void drop_rx(struct s3l_net *net)
{
    if (net->rx != NULL) {
        pbuf_free(net->rx);
        net->rx = NULL;
    }
}

static int resolve(struct s3l_net *net, const char *host, uint32_t timeout_ms)
{
    if (ipaddr_aton(host, &net->addr)) {
        return S3L_OK;
    }
#if LWIP_DNS
    {
        err_t e;
        net->dns_state = 1;
        e = dns_gethostbyname(host, &net->addr, on_dns, net);
        if (e == ERR_OK) {
            net->dns_state = 0;
            return S3L_OK;
        }
        if (e == ERR_INPROGRESS && wait_for(net, W_DNS, timeout_ms) && net->dns_state == 2) {
            net->dns_state = 0;
            return S3L_OK;
        }
        net->dns_state = 0; /* a late answer is ignored */
        net->lwip_err = e == ERR_INPROGRESS ? ERR_TIMEOUT : e;
    }
#else
    (void)timeout_ms;
#endif
    return S3L_ERR_DNS;
}

int s3l_lwip_tcp_connect(struct s3l_net *net, const char *host, uint16_t port,
                         uint32_t timeout_ms)
{
    uint32_t start;
    err_t e;
    int rc;

    if (net == NULL || host == NULL || host[0] == '\0' || port == 0 || net->cfg.poll == NULL) {
        return S3L_ERR_ARG;
    }
    if (net->pcb != NULL) {
        return S3L_ERR_STATE;
    }
    net->connected = 0;
    net->peer_closed = 0;
    net->failed = 0;
    net->lwip_err = 0;
    drop_rx(net);
    start = sys_now();
    rc = resolve(net, host, timeout_ms);
    if (rc != S3L_OK) {
        return rc;
    }
    net->pcb = tcp_new_ip_type(IP_GET_TYPE(&net->addr));
    if (net->pcb == NULL) {
        net->lwip_err = ERR_MEM;
        return S3L_ERR_NET;
    }
    tcp_arg(net->pcb, net);
    tcp_recv(net->pcb, on_recv);
    tcp_err(net->pcb, on_err);
    tcp_nagle_disable(net->pcb); /* requests go out in a few pieces: no Nagle delay */
    e = tcp_connect(net->pcb, &net->addr, port, on_connected);
    if (e != ERR_OK) {
        net->lwip_err = e;
        s3l_lwip_tcp_close(net);
        return e == ERR_MEM ? S3L_ERR_NET : S3L_ERR_CONNECT;
    }
    {
        uint32_t spent = sys_now() - start;
        (void)wait_for(net, W_CONNECT, spent >= timeout_ms ? 0u : timeout_ms - spent);
    }
    if (net->connected && !net->failed) {
        return S3L_OK;
    }
    rc = net->failed ? S3L_ERR_CONNECT : S3L_ERR_TIMEOUT; /* RST: refused; else no answer */
    if (!net->failed) {
        net->lwip_err = ERR_TIMEOUT;
    }
    s3l_lwip_tcp_close(net);
    return rc;
}

/* The state after the peer or lwIP ended the connection, for send and recv. */
static long broken(const struct s3l_net *net)
{
    return net->lwip_err == ERR_CLSD ? S3L_ERR_CLOSED : S3L_ERR_NET;
}

long s3l_lwip_tcp_send(struct s3l_net *net, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    size_t n;
    err_t e;
    if (net == NULL || (buf == NULL && len > 0)) {
        return S3L_ERR_ARG;
    }
    if (net->failed) {
        return broken(net);
    }
    if (net->pcb == NULL) {
        return S3L_ERR_STATE;
    }
    if (len == 0) {
        return 0;
    }
    if (!wait_for(net, W_SEND_ROOM, timeout_ms)) {
        return timeout_ms == 0 ? S3L_ERR_AGAIN : S3L_ERR_TIMEOUT;
    }
    if (net->failed) {
        return broken(net);
    }
    n = tcp_sndbuf(net->pcb);
    if (n > len) {
        n = len;
    }
    /* Copied into lwIP's heap: the caller's buffer is free again at return. */
    e = tcp_write(net->pcb, buf, (u16_t)n, TCP_WRITE_FLAG_COPY);
    if (e == ERR_MEM) {
        (void)tcp_output(net->pcb); /* heap or queue full: push out what is queued */
        return S3L_ERR_AGAIN;
    }
    if (e != ERR_OK) {
        net->lwip_err = e;
        return e == ERR_CONN ? S3L_ERR_CLOSED : S3L_ERR_NET;
    }
    (void)tcp_output(net->pcb);
    return (long)n;
}

long s3l_lwip_tcp_recv(struct s3l_net *net, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    u16_t n;
    if (net == NULL || buf == NULL) {
        return S3L_ERR_ARG;
    }
    if (net->pcb == NULL && net->rx == NULL && !net->failed) {
        return S3L_ERR_STATE;
    }
    if (len == 0) {
        return 0;
    }
    if (!wait_for(net, W_DATA, timeout_ms)) {
        return timeout_ms == 0 ? S3L_ERR_AGAIN : S3L_ERR_TIMEOUT;
    }
    if (net->rx == NULL) {
        /* A reset after the response is still a close as far as the bytes go. */
        return net->peer_closed ? 0 : broken(net);
    }
    n = net->rx->tot_len;
    if ((size_t)n > len) {
        n = (u16_t)len;
    }
    n = pbuf_copy_partial(net->rx, buf, n, 0);
    net->rx = pbuf_free_header(net->rx, n);
    if (net->pcb != NULL) {
        tcp_recved(net->pcb, n); /* reopen the window by what was read */
    }
    return (long)n;
}

void s3l_lwip_tcp_close(struct s3l_net *net)
{
    if (net == NULL) {
        return;
    }
    if (net->pcb != NULL) {
        struct tcp_pcb *pcb = net->pcb;
        net->pcb = NULL;
        tcp_arg(pcb, NULL);
        tcp_recv(pcb, NULL);
        tcp_err(pcb, NULL);
        if (tcp_close(pcb) != ERR_OK) {
            tcp_abort(pcb); /* out of memory for the FIN: reset instead */
        }
    }
    drop_rx(net);
    net->connected = 0;
    net->peer_closed = 0;
    net->failed = 0;
}

#else
/* NO_SYS=0 builds use net_lwip_sockets.c; ISO C wants a declaration in every file. */
typedef int s3l_lwip_raw_unused;
#endif /* NO_SYS */
