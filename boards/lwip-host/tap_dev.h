/* SPDX-License-Identifier: MIT */
/*
 * A Linux TAP device as a source and sink of Ethernet frames (/dev/net/tun, IFF_TAP |
 * IFF_NO_PI): the host's stand-in for an Ethernet MAC. No lwIP here (tap_netif.c is the glue):
 * the OS's network headers and lwIP's do not mix in one file.
 */
#ifndef S3L_TAP_DEV_H
#define S3L_TAP_DEV_H

#include <stddef.h>
#include <stdint.h>

#define TAP_FRAME_MAX 1518 /* Ethernet frame without FCS, with a VLAN tag to spare */

/* Attach to the existing TAP device name (it is never created here). Returns the descriptor,
 * or -1 with a message in err: -2 when no such interface exists. */
int tap_dev_open(const char *name, char *err, size_t err_cap);

/* Wait up to wait_ms for a frame; read it into buf (cap bytes). Returns its length, 0 when
 * none came, -1 on error. */
long tap_dev_read(int fd, uint8_t *buf, size_t cap, uint32_t wait_ms);

/* Send one frame. 0 or -1. */
int tap_dev_write(int fd, const uint8_t *frame, size_t len);

void tap_dev_close(int fd);

/* Random bytes from the OS (for the MAC address and lwIP's random seed). 0 or -1. */
int tap_dev_random(uint8_t *buf, size_t len);

#endif /* S3L_TAP_DEV_H */
