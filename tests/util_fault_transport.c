/* SPDX-License-Identifier: MIT */
/* A transport that fails once at a chosen call: see util_fault_transport.h. */
#include <time.h>

#include "s3lite/common.h"
#include "util_fault_transport.h"

/* The transports hand back the net pointer they were given; this one is the wrapper. */
static struct fault_transport *self(struct s3l_net *net)
{
    return (struct fault_transport *)(void *)net;
}

static void wait_ms(uint32_t ms)
{
    struct timespec ts;
    ts.tv_sec = (time_t)(ms / 1000u);
    ts.tv_nsec = (long)(ms % 1000u) * 1000000L;
    nanosleep(&ts, NULL);
}

/* Count a call; 1 when it is the one to fail (or an AGAIN burst is still running). */
static int due(struct fault_transport *f, int is_send)
{
    f->calls++;
    if (f->again_left > 0) {
        f->again_left--;
        return 1;
    }
    if (f->at == 0 || f->calls < f->at || (f->calls > f->at && !f->persistent)) return 0;
    f->fired = 1;
    f->fired_in_send = is_send;
    if (f->kind == FT_AGAIN) f->again_left = FT_AGAIN_BURST - 1;
    return 1;
}

static int ft_connect(struct s3l_net *net, const char *host, uint16_t port, uint32_t timeout_ms)
{
    struct fault_transport *f = self(net);
    return f->lower->connect(f->lower->net, host, port, timeout_ms);
}

static void ft_close(struct s3l_net *net)
{
    struct fault_transport *f = self(net);
    f->lower->close(f->lower->net);
}

static long ft_send(struct s3l_net *net, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    struct fault_transport *f = self(net);
    if (!due(f, 1)) return f->lower->send(f->lower->net, buf, len, timeout_ms);
    switch (f->kind) {
    case FT_SHORT:
        return f->lower->send(f->lower->net, buf, len > 1 ? len / 2 : len, timeout_ms);
    case FT_RESET:
        f->lower->close(f->lower->net);
        return S3L_ERR_NET;
    case FT_CLOSE:
        f->lower->close(f->lower->net);
        return S3L_ERR_CLOSED;
    case FT_AGAIN:
        return S3L_ERR_AGAIN;
    case FT_STALL:
        wait_ms(timeout_ms);
        return S3L_ERR_TIMEOUT;
    default:
        return S3L_ERR_NET;
    }
}

static long ft_recv(struct s3l_net *net, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    struct fault_transport *f = self(net);
    if (!due(f, 0)) return f->lower->recv(f->lower->net, buf, len, timeout_ms);
    switch (f->kind) {
    case FT_SHORT:
        return f->lower->recv(f->lower->net, buf, len > 3 ? 3 : len, timeout_ms);
    case FT_RESET:
        f->lower->close(f->lower->net);
        return S3L_ERR_NET;
    case FT_CLOSE:
        f->lower->close(f->lower->net);
        return 0;
    case FT_AGAIN:
        return S3L_ERR_AGAIN;
    case FT_STALL:
        wait_ms(timeout_ms);
        return S3L_ERR_TIMEOUT;
    default:
        return S3L_ERR_NET;
    }
}

void ft_init(struct fault_transport *f, const struct s3l_transport *lower, enum ft_kind kind,
             unsigned long at)
{
    f->lower = lower;
    f->kind = kind;
    f->at = at;
    f->calls = 0;
    f->again_left = 0;
    f->persistent = 0;
    f->fired = 0;
    f->fired_in_send = 0;
    f->t.connect = ft_connect;
    f->t.send = ft_send;
    f->t.recv = ft_recv;
    f->t.close = ft_close;
    f->t.net = (struct s3l_net *)(void *)f;
}

const char *ft_kind_name(enum ft_kind kind)
{
    static const char *const names[FT_KINDS] = {"error", "short", "reset", "close", "again",
                                                "stall"};
    return (unsigned)kind < FT_KINDS ? names[kind] : "?";
}
