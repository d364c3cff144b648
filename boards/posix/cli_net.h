/* SPDX-License-Identifier: MIT */
/*
 * The network under the CLI's client, chosen at link time: POSIX sockets for s3lite
 * (cli_net_posix.c), lwIP's sockets API for s3lite-lwip (boards/lwip-host/cli_net_lwip.c).
 * The commands never see which.
 */
#ifndef S3L_CLI_NET_H
#define S3L_CLI_NET_H

#include <stddef.h>

#include "s3lite/port_tls.h"
#include "s3lite/transport.h"

/* A new connection context with t pointed at it: plain TCP when tls is NULL, else TLS with
 * that configuration (borrowed: it must outlive the net). NULL when out of memory. */
struct s3l_net *s3l_cli_net_new(struct s3l_transport *t, const struct s3l_tls_config *tls);

/* Close the connection if open and free the context. NULL is fine. */
void s3l_cli_net_free(struct s3l_net *net);

/* One line on why the last operation failed with err (an s3l_err), into buf. */
int s3l_cli_net_describe(struct s3l_net *net, int err, char *buf, size_t cap);

/* Connections the network takes at once from one process (cp --concurrency is capped to
 * it): many for POSIX sockets, 1 for lwIP (its heap and TCP buffers are sized for one). */
unsigned s3l_cli_net_connections_max(void);

#endif /* S3L_CLI_NET_H */
