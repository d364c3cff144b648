/* SPDX-License-Identifier: MIT */
/*
 * POSIX transport: TCP over BSD sockets (getaddrinfo, IPv4 and IPv6, non-blocking connect
 * with a timeout, poll()-bounded I/O), optionally wrapped in TLS by port/tls.
 */
#include "s3lite/port_posix.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0 /* BSD/macOS: SO_NOSIGPIPE is set on the socket instead */
#endif

/* Largest single send/recv: keeps the ssize_t -> long result exact everywhere. */
#define NET_IO_MAX ((size_t)1 << 30)

/* Bound on retries after EINTR or a spurious wake-up; the deadline ends the loops first. */
#define NET_RETRIES_MAX 10000u

static uint64_t mono_ms(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
        return 0;
    }
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Wait until fd is ready for events (or has an error or hang-up pending, which the next
 * call then reports) or the deadline passes. 1 ready, 0 timed out, -1 poll failed. */
static int wait_fd(int fd, short events, uint64_t deadline)
{
    unsigned i;
    for (i = 0; i < NET_RETRIES_MAX; i++) {
        struct pollfd pfd;
        uint64_t now = mono_ms();
        uint64_t left = now >= deadline ? 0 : deadline - now;
        int rc;
        pfd.fd = fd;
        pfd.events = events;
        pfd.revents = 0;
        rc = poll(&pfd, 1, left > (uint64_t)INT_MAX ? INT_MAX : (int)left);
        if (rc > 0) {
            return 1;
        }
        if (rc == 0) {
            if (left == 0 || mono_ms() >= deadline) {
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

static void close_fd(int fd)
{
    /* Retrying close() after EINTR is wrong on Linux (the fd is already gone). */
    (void)close(fd);
}

static int connect_errno_to_err(int e)
{
    return e == ETIMEDOUT ? S3L_ERR_TIMEOUT : S3L_ERR_CONNECT;
}

/* One address: socket, non-blocking connect, wait until the deadline. */
static int try_address(struct s3l_net *net, const struct addrinfo *ai, uint64_t deadline)
{
    int fd, flags, one = 1, soerr = 0, w;
    socklen_t len = (socklen_t)sizeof soerr;

    fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
    if (fd < 0) {
        net->sys_err = errno;
        /* No IPv6 (or IPv4) on this host: not this address's fault, try the next. */
        return errno == EAFNOSUPPORT ? S3L_ERR_CONNECT : S3L_ERR_NET;
    }
    flags = fcntl(fd, F_GETFL, 0);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0 ||
        fcntl(fd, F_SETFD, FD_CLOEXEC) < 0) {
        net->sys_err = errno;
        close_fd(fd);
        return S3L_ERR_NET;
    }
#ifdef SO_NOSIGPIPE
    (void)setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, (socklen_t)sizeof one);
#endif
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
        if (errno != EINPROGRESS && errno != EINTR) {
            net->sys_err = errno;
            close_fd(fd);
            return connect_errno_to_err(net->sys_err);
        }
        w = wait_fd(fd, POLLOUT, deadline);
        if (w <= 0) {
            net->sys_err = w == 0 ? ETIMEDOUT : errno;
            close_fd(fd);
            return w == 0 ? S3L_ERR_TIMEOUT : S3L_ERR_NET;
        }
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) != 0) {
            soerr = errno;
        }
        if (soerr != 0) {
            net->sys_err = soerr;
            close_fd(fd);
            return connect_errno_to_err(soerr);
        }
    }
    /* Requests are written in a few pieces (head, body): don't let Nagle hold them back. */
    (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, (socklen_t)sizeof one);
    net->fd = fd;
    return S3L_OK;
}

int s3l_posix_tcp_connect(struct s3l_net *net, const char *host, uint16_t port,
                          uint32_t timeout_ms)
{
    struct addrinfo hints, *res = NULL;
    const struct addrinfo *ai;
    char service[8];
    uint64_t deadline;
    int rc = S3L_ERR_CONNECT, gai;

    if (net == NULL || host == NULL || host[0] == '\0' || port == 0) {
        return S3L_ERR_ARG;
    }
    if (net->fd >= 0) {
        return S3L_ERR_STATE;
    }
    net->sys_err = 0;
    net->gai_err = 0;
    deadline = mono_ms() + timeout_ms;
    (void)snprintf(service, sizeof service, "%u", (unsigned)port);
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;     /* IPv6 and IPv4, in the resolver's order */
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    hints.ai_flags = AI_NUMERICSERV; /* no AI_ADDRCONFIG: it hides ::1 on IPv4-only hosts */
    gai = getaddrinfo(host, service, &hints, &res);
    if (gai != 0) {
        net->gai_err = gai;
#ifdef EAI_SYSTEM
        if (gai == EAI_SYSTEM) {
            net->sys_err = errno;
            return S3L_ERR_NET;
        }
#endif
        return gai == EAI_MEMORY ? S3L_ERR_NET : S3L_ERR_DNS;
    }
    for (ai = res; ai != NULL; ai = ai->ai_next) {
        rc = try_address(net, ai, deadline);
        if (rc == S3L_OK || rc == S3L_ERR_TIMEOUT) {
            break; /* connected, or the time for all addresses is spent */
        }
    }
    freeaddrinfo(res);
    return rc;
}

/* Wait until the socket is ready for events. 1: ready, try the call again; S3L_ERR_AGAIN: not
 * ready and timeout_ms is 0 ("try again" to the caller); else S3L_ERR_TIMEOUT or S3L_ERR_NET,
 * with net->sys_err set. Shared by send and recv. */
static int wait_ready(struct s3l_net *net, short events, uint64_t deadline, uint32_t timeout_ms)
{
    int w = wait_fd(net->fd, events, deadline);
    if (w > 0) {
        return 1;
    }
    if (w == 0) {
        if (timeout_ms == 0) {
            return S3L_ERR_AGAIN;
        }
        net->sys_err = ETIMEDOUT;
        return S3L_ERR_TIMEOUT;
    }
    net->sys_err = errno;
    return S3L_ERR_NET;
}

long s3l_posix_tcp_send(struct s3l_net *net, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    uint64_t deadline;
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
    deadline = mono_ms() + timeout_ms;
    for (i = 0; i < NET_RETRIES_MAX; i++) {
        ssize_t n = send(net->fd, buf, len, MSG_NOSIGNAL);
        int w;
        if (n >= 0) {
            return (long)n;
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            net->sys_err = errno;
            return errno == EPIPE ? S3L_ERR_CLOSED : S3L_ERR_NET;
        }
        w = wait_ready(net, POLLOUT, deadline, timeout_ms);
        if (w < 0) {
            return w;
        }
    }
    return timeout_ms == 0 ? S3L_ERR_AGAIN : S3L_ERR_TIMEOUT;
}

long s3l_posix_tcp_recv(struct s3l_net *net, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    uint64_t deadline;
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
    deadline = mono_ms() + timeout_ms;
    for (i = 0; i < NET_RETRIES_MAX; i++) {
        ssize_t n = recv(net->fd, buf, len, 0);
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
            net->sys_err = errno;
            return S3L_ERR_NET;
        }
        w = wait_ready(net, POLLIN, deadline, timeout_ms);
        if (w < 0) {
            return w;
        }
    }
    return timeout_ms == 0 ? S3L_ERR_AGAIN : S3L_ERR_TIMEOUT;
}

void s3l_posix_tcp_close(struct s3l_net *net)
{
    if (net != NULL && net->fd >= 0) {
        close_fd(net->fd);
        net->fd = -1;
    }
}

/* ---- the transport: plain TCP or TLS over it --------------------------------------- */

static int net_connect(struct s3l_net *net, const char *host, uint16_t port, uint32_t timeout_ms)
{
    if (net == NULL) {
        return S3L_ERR_ARG;
    }
    net->sys_err = 0;
    net->gai_err = 0;
    return s3l_tls_connect(net->tls, host, port, timeout_ms);
}

static long net_send(struct s3l_net *net, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    return net != NULL ? s3l_tls_send(net->tls, buf, len, timeout_ms) : S3L_ERR_ARG;
}

static long net_recv(struct s3l_net *net, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    return net != NULL ? s3l_tls_recv(net->tls, buf, len, timeout_ms) : S3L_ERR_ARG;
}

static void net_close(struct s3l_net *net)
{
    if (net != NULL) {
        s3l_tls_close(net->tls);
    }
}

int s3l_posix_net_init_abi(struct s3l_net *net, struct s3l_transport *t,
                           const struct s3l_tls_config *tls,
                           size_t app_size, uint32_t app_config)
{
    if (s3l_abi_check(app_size, app_config, sizeof *net) != S3L_OK) return S3L_ERR_ABI;
    if (net == NULL || t == NULL) {
        return S3L_ERR_ARG;
    }
    memset(net, 0, sizeof *net);
    net->fd = -1;
    s3l_posix_platform_init(&net->platform);
    net->tcp.connect = s3l_posix_tcp_connect;
    net->tcp.send = s3l_posix_tcp_send;
    net->tcp.recv = s3l_posix_tcp_recv;
    net->tcp.close = s3l_posix_tcp_close;
    net->tcp.net = net;
    if (tls == NULL) {
        *t = net->tcp;
        return S3L_OK;
    }
    /* net holds pointers into itself from here on: it must not be moved or copied. */
    s3l_tls_init(&net->tls_ctx, tls, &net->tcp, &net->platform);
    net->tls = &net->tls_ctx;
    t->connect = net_connect;
    t->send = net_send;
    t->recv = net_recv;
    t->close = net_close;
    t->net = net;
    return S3L_OK;
}

void s3l_posix_net_free(struct s3l_net *net)
{
    if (net == NULL) {
        return;
    }
    if (net->tls != NULL) {
        s3l_tls_free(net->tls);
        net->tls = NULL;
    }
    s3l_posix_tcp_close(net);
}

struct s3l_tls *s3l_posix_net_tls(struct s3l_net *net)
{
    return net != NULL ? net->tls : NULL;
}

/* ---- messages ------------------------------------------------------------------------ */

/* Append s to buf (used bytes *n, cap in all), always NUL-terminated; 0 or -1 when cut. */
static int put(char *buf, size_t cap, size_t *n, const char *s)
{
    size_t len = strlen(s);
    size_t room = cap - *n - 1;
    if (len > room) {
        memcpy(buf + *n, s, room);
        *n += room;
        buf[*n] = '\0';
        return -1;
    }
    memcpy(buf + *n, s, len);
    *n += len;
    buf[*n] = '\0';
    return 0;
}

int s3l_posix_net_describe(struct s3l_net *net, int err, char *buf, size_t cap)
{
    char tmp[512];
    size_t n = 0, i;
    int cut;
    if (buf == NULL || cap == 0) {
        return S3L_ERR_ARG;
    }
    buf[0] = '\0';
    cut = put(buf, cap, &n, s3l_strerror(err));
    tmp[0] = '\0';
    if (net == NULL) {
        /* nothing more to say */
    } else if (err == S3L_ERR_DNS && net->gai_err != 0) {
        (void)snprintf(tmp, sizeof tmp, "%s", gai_strerror(net->gai_err));
    } else if (err == S3L_ERR_TLS_VERIFY && net->tls != NULL) {
        (void)s3l_tls_verify_info(net->tls, tmp, sizeof tmp);
        for (i = 0; tmp[i] != '\0'; i++) {
            if (tmp[i] == '\n') {
                tmp[i] = ';'; /* one line */
            }
        }
    } else if ((err == S3L_ERR_TLS || err == S3L_ERR_ARG) && net->tls != NULL) {
        (void)s3l_tls_error_text(net->tls, tmp, sizeof tmp); /* "" when TLS has nothing */
    } else if (net->sys_err != 0 && (err == S3L_ERR_NET || err == S3L_ERR_CONNECT ||
                                     err == S3L_ERR_TIMEOUT || err == S3L_ERR_CLOSED)) {
        if (strerror_r(net->sys_err, tmp, sizeof tmp) != 0) {
            (void)snprintf(tmp, sizeof tmp, "errno %d", net->sys_err);
        }
    }
    if (tmp[0] != '\0') {
        cut |= put(buf, cap, &n, ": ");
        cut |= put(buf, cap, &n, tmp);
    }
    return cut != 0 ? S3L_ERR_BUF_TOO_SMALL : (int)n;
}
