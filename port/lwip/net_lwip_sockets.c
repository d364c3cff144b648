/* SPDX-License-Identifier: MIT */
/*
 * lwIP transport, NO_SYS=0: TCP over lwIP's sockets API. The socket is non-blocking; every
 * wait is an lwip_poll() bounded by what is left of the call's timeout (lwIP's SO_RCVTIMEO
 * would not bound connect, and needs its own option). Only lwip_* names are used: lwIP's
 * descriptors are not the OS's (LWIP_COMPAT_SOCKETS 0).
 */
#include "s3lite/port_lwip.h"

#if !NO_SYS

#include <errno.h>
#include <string.h>

#include "lwip/api.h"
#include "lwip/inet.h"
#include "lwip/netdb.h"
#include "lwip/sockets.h"
#include "lwip/sys.h"

/* Largest single send/recv, so that the int results stay exact. */
#define NET_IO_MAX ((size_t)1 << 30)

/* Bound on retries after a spurious wake-up or EINTR; the deadline ends the loops first. */
#define NET_RETRIES_MAX 10000u

/* Milliseconds left until deadline (sys_now() wraps every 49 days: compare differences). */
static uint32_t left_ms(uint32_t start, uint32_t timeout_ms)
{
    uint32_t spent = sys_now() - start;
    return spent >= timeout_ms ? 0u : timeout_ms - spent;
}

/* Wait until fd is ready for events (or has an error, which the next call then reports).
 * 1 ready, 0 timed out, -1 lwip_poll failed (errno set). */
static int wait_fd(int fd, short events, uint32_t start, uint32_t timeout_ms)
{
    unsigned i;
    for (i = 0; i < NET_RETRIES_MAX; i++) {
        struct pollfd pfd;
        uint32_t left = left_ms(start, timeout_ms);
        int rc;
        pfd.fd = fd;
        pfd.events = events;
        pfd.revents = 0;
        rc = lwip_poll(&pfd, 1, left > 0x7fffffffu ? 0x7fffffff : (int)left);
        if (rc > 0) {
            return 1;
        }
        if (rc == 0) {
            if (left == 0 || left_ms(start, timeout_ms) == 0) {
                return 0;
            }
            continue; /* woke up early: wait for the rest */
        }
        if (errno != EINTR) {
            return -1;
        }
    }
    return 0;
}

/* host as an IPv4 literal, else through lwIP's DNS when it has one. */
static int resolve(struct s3l_net *net, const char *host, ip_addr_t *addr)
{
    if (ipaddr_aton(host, addr)) {
        return S3L_OK;
    }
#if LWIP_DNS
    {
        err_t e = netconn_gethostbyname(host, addr);
        if (e == ERR_OK) {
            return S3L_OK;
        }
        net->lwip_err = e;
    }
#else
    (void)net;
#endif
    return S3L_ERR_DNS;
}

static void close_fd(struct s3l_net *net)
{
    (void)lwip_close(net->fd);
    net->fd = -1;
}

int s3l_lwip_tcp_connect(struct s3l_net *net, const char *host, uint16_t port,
                         uint32_t timeout_ms)
{
    struct sockaddr_in sa;
    ip_addr_t addr;
    int one = 1, soerr = 0, w, rc;
    socklen_t len = (socklen_t)sizeof soerr;
    uint32_t start = sys_now();

    if (net == NULL || host == NULL || host[0] == '\0' || port == 0) {
        return S3L_ERR_ARG;
    }
    if (net->fd >= 0) {
        return S3L_ERR_STATE;
    }
    net->sock_err = 0;
    net->lwip_err = 0;
    rc = resolve(net, host, &addr);
    if (rc != S3L_OK) {
        return rc;
    }
    memset(&sa, 0, sizeof sa);
    sa.sin_len = (u8_t)sizeof sa;
    sa.sin_family = AF_INET;
    sa.sin_port = lwip_htons(port);
    inet_addr_from_ip4addr(&sa.sin_addr, ip_2_ip4(&addr));

    net->fd = lwip_socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (net->fd < 0) {
        net->sock_err = errno;
        net->fd = -1;
        return S3L_ERR_NET; /* out of netconns or memory */
    }
    if (lwip_fcntl(net->fd, F_SETFL, O_NONBLOCK) != 0) {
        net->sock_err = errno;
        close_fd(net);
        return S3L_ERR_NET;
    }
    if (lwip_connect(net->fd, (struct sockaddr *)(void *)&sa, (socklen_t)sizeof sa) != 0) {
        if (errno != EINPROGRESS) {
            net->sock_err = errno;
            close_fd(net);
            return net->sock_err == ETIMEDOUT ? S3L_ERR_TIMEOUT : S3L_ERR_CONNECT;
        }
        w = wait_fd(net->fd, POLLOUT, start, timeout_ms);
        if (w <= 0) {
            net->sock_err = w == 0 ? ETIMEDOUT : errno;
            close_fd(net);
            return w == 0 ? S3L_ERR_TIMEOUT : S3L_ERR_NET;
        }
        if (lwip_getsockopt(net->fd, SOL_SOCKET, SO_ERROR, &soerr, &len) != 0) {
            soerr = errno;
        }
        if (soerr != 0) {
            /* lwIP reports a RST answering the SYN as a reset: to the user it is a refusal. */
            net->sock_err = soerr == ECONNRESET ? ECONNREFUSED : soerr;
            close_fd(net);
            return soerr == ETIMEDOUT ? S3L_ERR_TIMEOUT : S3L_ERR_CONNECT;
        }
    }
    /* Requests go out in a few pieces (head, body): don't let Nagle hold them back. */
    (void)lwip_setsockopt(net->fd, IPPROTO_TCP, TCP_NODELAY, &one, (socklen_t)sizeof one);
    return S3L_OK;
}

/* Wait until ready after EWOULDBLOCK: 1 (try again), or the s3l_err to return. */
static int wait_ready(struct s3l_net *net, short events, uint32_t start, uint32_t timeout_ms)
{
    int w = wait_fd(net->fd, events, start, timeout_ms);
    if (w > 0) {
        return 1;
    }
    if (w == 0) {
        if (timeout_ms == 0) {
            return S3L_ERR_AGAIN;
        }
        net->sock_err = ETIMEDOUT;
        return S3L_ERR_TIMEOUT;
    }
    net->sock_err = errno;
    return S3L_ERR_NET;
}

long s3l_lwip_tcp_send(struct s3l_net *net, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    uint32_t start = sys_now();
    unsigned i;
    if (net == NULL || (buf == NULL && len > 0)) {
        return S3L_ERR_ARG;
    }
    if (net->fd < 0) {
        return S3L_ERR_STATE;
    }
    if (len == 0) {
        return 0;
    }
    if (len > NET_IO_MAX) {
        len = NET_IO_MAX;
    }
    for (i = 0; i < NET_RETRIES_MAX; i++) {
        ssize_t n = lwip_send(net->fd, buf, len, 0);
        int w;
        if (n >= 0) {
            return (long)n;
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            net->sock_err = errno;
            return (errno == EPIPE || errno == ENOTCONN) ? S3L_ERR_CLOSED : S3L_ERR_NET;
        }
        w = wait_ready(net, POLLOUT, start, timeout_ms);
        if (w < 0) {
            return w;
        }
    }
    return timeout_ms == 0 ? S3L_ERR_AGAIN : S3L_ERR_TIMEOUT;
}

long s3l_lwip_tcp_recv(struct s3l_net *net, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    uint32_t start = sys_now();
    unsigned i;
    if (net == NULL || buf == NULL) {
        return S3L_ERR_ARG;
    }
    if (net->fd < 0) {
        return S3L_ERR_STATE;
    }
    if (len == 0) {
        return 0;
    }
    if (len > NET_IO_MAX) {
        len = NET_IO_MAX;
    }
    for (i = 0; i < NET_RETRIES_MAX; i++) {
        ssize_t n = lwip_recv(net->fd, buf, len, 0);
        int w;
        if (n > 0) {
            return (long)n;
        }
        if (n == 0) {
            return 0; /* orderly close */
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            net->sock_err = errno;
            return S3L_ERR_NET;
        }
        w = wait_ready(net, POLLIN, start, timeout_ms);
        if (w < 0) {
            return w;
        }
    }
    return timeout_ms == 0 ? S3L_ERR_AGAIN : S3L_ERR_TIMEOUT;
}

void s3l_lwip_tcp_close(struct s3l_net *net)
{
    if (net != NULL && net->fd >= 0) {
        close_fd(net);
    }
}

#else
/* NO_SYS=1 builds use net_lwip_raw.c; ISO C wants a declaration in every file. */
typedef int s3l_lwip_sockets_unused;
#endif /* !NO_SYS */
