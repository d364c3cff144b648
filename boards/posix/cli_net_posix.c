/* SPDX-License-Identifier: MIT */
/*
 * The CLI's network: the POSIX port (see cli_net.h).
 */
#include <stdlib.h>

#include "cli_common.h"
#include "cli_net.h"
#include "s3lite/port_posix.h"

struct s3l_net *s3l_cli_net_new(struct s3l_transport *t, const struct s3l_tls_config *tls)
{
    struct s3l_net *net = malloc(sizeof *net);
    if (net != NULL) s3l_posix_net_init(net, t, tls);
    return net;
}

void s3l_cli_net_free(struct s3l_net *net)
{
    if (net == NULL) return;
    s3l_posix_net_free(net);
    free(net);
}

int s3l_cli_net_describe(struct s3l_net *net, int err, char *buf, size_t cap)
{
    return s3l_posix_net_describe(net, err, buf, cap);
}

unsigned s3l_cli_net_connections_max(void)
{
    return S3L_CLI_CONCURRENCY_MAX;
}
