/* SPDX-License-Identifier: MIT */
/*
 * The CLI's network for s3lite-lwip: lwIP's sockets API (port/lwip, NO_SYS=0), see
 * boards/posix/cli_net.h. The lwIP stack and its netif are brought up by main.c first.
 */
#include <stdlib.h>

#include "cli_net.h"
#include "s3lite/port_lwip.h"
#include "tap_dev.h"

/* TLS seeds its DRBG from here: the host's getrandom() stands in for a board's RNG. */
static int host_entropy(void *ctx, uint8_t *buf, size_t len)
{
    (void)ctx;
    return tap_dev_random(buf, len) == 0 ? S3L_OK : S3L_ERR_NET;
}

struct cli_lwip_net {
    struct s3l_net net; /* first: the struct s3l_net * handed out points here */
    struct s3l_platform platform;
};

struct s3l_net *s3l_cli_net_new(struct s3l_transport *t, const struct s3l_tls_config *tls)
{
    struct s3l_lwip_config cfg;
    struct cli_lwip_net *w = calloc(1, sizeof *w);
    if (w == NULL) return NULL;
    w->platform.entropy = host_entropy;
    cfg.tls = tls;
    cfg.platform = &w->platform;
    if (s3l_lwip_net_init(&w->net, t, &cfg) != S3L_OK) {
        free(w);
        return NULL;
    }
    return &w->net;
}

void s3l_cli_net_free(struct s3l_net *net)
{
    if (net == NULL) return;
    s3l_lwip_net_free(net);
    free((struct cli_lwip_net *)(void *)net);
}

int s3l_cli_net_describe(struct s3l_net *net, int err, char *buf, size_t cap)
{
    return s3l_lwip_net_describe(net, err, buf, cap);
}

unsigned s3l_cli_net_connections_max(void)
{
    return 1; /* lwipopts.h sizes the heap (MEM_SIZE) for one connection's send buffer */
}
