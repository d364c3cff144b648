/* SPDX-License-Identifier: MIT */
/*
 * An lwIP netif over a Linux TAP device (tap_dev.c): the project's own driver for the host
 * tests, in both lwIP flavours. Frames are copied into pool pbufs of lwIP's configured size,
 * whatever that is (the overflow of Debian's tapif does not arise).
 *
 *   NO_SYS=0: netif_add(..., tap_netif_init, tcpip_input) under the core lock; a thread of
 *             the caller calls tap_netif_poll() in a loop.
 *   NO_SYS=1: netif_add(..., tap_netif_init, ethernet_input); the firmware poll hook calls
 *             tap_netif_poll() then sys_check_timeouts().
 */
#ifndef S3L_TAP_NETIF_H
#define S3L_TAP_NETIF_H

#include <stdint.h>

#include "lwip/netif.h"
#include "tap_dev.h"

struct tap_netif {
    int fd;                          /* from tap_dev_open */
    uint8_t mac[6];                  /* lwIP's side: a random locally administered address */
    uint8_t rx[TAP_FRAME_MAX];       /* frame being read */
    uint8_t tx[TAP_FRAME_MAX];       /* frame being written (a pbuf chain flattened) */
};

/* netif init callback; netif->state must be a struct tap_netif with fd and mac set. */
err_t tap_netif_init(struct netif *netif);

/* Hand lwIP the frames that arrive within wait_ms (at most a handful, then returns). Returns
 * the number of frames, or -1 when the device failed. */
int tap_netif_poll(struct netif *netif, uint32_t wait_ms);

/* "10.1.2.3/24" -> address and netmask. 0, or -1 when it is not IPv4 ADDR/PREFIX. */
int tap_netif_parse_cidr(const char *s, ip4_addr_t *addr, ip4_addr_t *mask);

#endif /* S3L_TAP_NETIF_H */
