/* SPDX-License-Identifier: MIT */
/*
 * lwIP netif driver for the SMSC LAN9118 Ethernet controller of the mps2-an386 (at
 * BOARD_LAN9118_BASE, as QEMU's hw/net/lan9118.c models it), polled: no interrupt is used.
 * One thread owns lwIP (NO_SYS=1): the firmware's poll hook calls lan9118_netif_poll(), which
 * moves every received frame into lwIP; lwIP sends through the netif's linkoutput, which
 * writes the frame into the TX FIFO at once.
 *
 *   static struct lan9118_netif eth = {BOARD_LAN9118_BASE};
 *   netif_add(&netif, &ip, &mask, &gw, &eth, lan9118_netif_init, ethernet_input);
 *   ...  lan9118_netif_poll(&netif);   (in the poll hook, before sys_check_timeouts())
 *
 * The MAC address is the controller's (QEMU loads it from its EEPROM model: -nic ...,mac=).
 */
#ifndef S3L_BOARD_LAN9118_NETIF_H
#define S3L_BOARD_LAN9118_NETIF_H

#include <stdint.h>

#include "lwip/err.h"
#include "lwip/netif.h"

/* Longest frame moved: 1514 bytes of Ethernet (no VLAN tag) plus the 4-byte FCS the
 * controller appends to each received frame, in whole words. */
#define LAN9118_FRAME_WORDS ((1514u + 4u + 3u) / 4u)

struct lan9118_netif {
    uintptr_t base;                          /* set by the caller: the register block */
    uint32_t frame[LAN9118_FRAME_WORDS];     /* one frame in or out, word-aligned for the FIFOs */
    uint32_t rx_frames, rx_dropped, tx_frames, tx_errors; /* statistics */
};

/* netif_add()'s init function: resets and starts the controller. ERR_IF when it does not
 * answer like a LAN9118 (wrong board or no device). */
err_t lan9118_netif_init(struct netif *netif);

/* Hand every frame waiting in the RX FIFO to netif->input (at most a FIFO's worth per call).
 * Returns the number of frames handed over. */
int lan9118_netif_poll(struct netif *netif);

#endif
