/* SPDX-License-Identifier: MIT */
/*
 * The lwIP transport's shared part (both NO_SYS flavours): plain TCP or TLS over it, and the
 * messages. The TCP layer itself is net_lwip_sockets.c (NO_SYS=0) or net_lwip_raw.c (NO_SYS=1).
 */
#include "s3lite/port_lwip.h"

#include <stdio.h>
#include <string.h>

#include "lwip/err.h"

static int net_connect(struct s3l_net *net, const char *host, uint16_t port, uint32_t timeout_ms)
{
    if (net == NULL) {
        return S3L_ERR_ARG;
    }
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

int s3l_lwip_net_init_abi(struct s3l_net *net, struct s3l_transport *t,
                          const struct s3l_lwip_config *cfg,
                          size_t app_size, uint32_t app_config)
{
    int rc;
    if (s3l_abi_check(app_size, app_config, sizeof *net) != S3L_OK) {
        return S3L_ERR_ABI;
    }
    if (net == NULL || t == NULL || cfg == NULL) {
        return S3L_ERR_ARG;
    }
    memset(net, 0, sizeof *net);
#if !NO_SYS
    net->fd = -1;
#endif
    net->cfg = *cfg;
    net->tcp.connect = s3l_lwip_tcp_connect;
    net->tcp.send = s3l_lwip_tcp_send;
    net->tcp.recv = s3l_lwip_tcp_recv;
    net->tcp.close = s3l_lwip_tcp_close;
    net->tcp.net = net;
    if (cfg->tls == NULL) {
        *t = net->tcp;
        return S3L_OK;
    }
    /* net holds pointers into itself from here on: it must not be moved or copied. */
    rc = s3l_tls_init(&net->tls_ctx, cfg->tls, &net->tcp, cfg->platform);
    if (rc != S3L_OK) {
        return rc;
    }
    net->tls = &net->tls_ctx;
    t->connect = net_connect;
    t->send = net_send;
    t->recv = net_recv;
    t->close = net_close;
    t->net = net;
    return S3L_OK;
}

void s3l_lwip_net_free(struct s3l_net *net)
{
    if (net == NULL) {
        return;
    }
    if (net->tls != NULL) {
        s3l_tls_free(net->tls);
        net->tls = NULL;
    }
    s3l_lwip_tcp_close(net);
}

struct s3l_tls *s3l_lwip_net_tls(struct s3l_net *net)
{
    return net != NULL ? net->tls : NULL;
}

/* lwIP's lwip_strerr() exists only in debug builds: the few codes a client meets. */
static const char *lwip_err_text(int e)
{
    switch (e) {
    case ERR_MEM: return "lwIP out of memory";
    case ERR_BUF: return "lwIP buffer error";
    case ERR_TIMEOUT: return "lwIP timeout";
    case ERR_RTE: return "no route to host";
    case ERR_VAL: return "invalid value";
    case ERR_USE: return "address in use";
    case ERR_ISCONN: return "already connected";
    case ERR_CONN: return "not connected";
    case ERR_ABRT: return "connection aborted";
    case ERR_RST: return "connection reset";
    case ERR_CLSD: return "connection closed";
    case ERR_ARG: return "illegal argument";
    default: return "lwIP error";
    }
}

/* Append s to buf (used bytes *n, cap in all), always NUL-terminated; 0, or -1 when cut. */
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

int s3l_lwip_net_describe(struct s3l_net *net, int err, char *buf, size_t cap)
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
    } else if (err == S3L_ERR_TLS_VERIFY && net->tls != NULL) {
        (void)s3l_tls_verify_info(net->tls, tmp, sizeof tmp);
        for (i = 0; tmp[i] != '\0'; i++) {
            if (tmp[i] == '\n') {
                tmp[i] = ';'; /* one line */
            }
        }
    } else if (err == S3L_ERR_TLS && net->tls != NULL && s3l_tls_last_error(net->tls) != 0) {
        (void)s3l_tls_error_text(net->tls, tmp, sizeof tmp);
#if !NO_SYS
    } else if (net->sock_err != 0) {
        (void)snprintf(tmp, sizeof tmp, "%s (lwIP socket)", strerror(net->sock_err));
#endif
    } else if (net->lwip_err != 0) {
        (void)snprintf(tmp, sizeof tmp, "%s (err_t %d)", lwip_err_text(net->lwip_err),
                       net->lwip_err);
    }
    if (tmp[0] != '\0') {
        cut |= put(buf, cap, &n, ": ");
        cut |= put(buf, cap, &n, tmp);
    }
    return cut != 0 ? S3L_ERR_BUF_TOO_SMALL : (int)n;
}
