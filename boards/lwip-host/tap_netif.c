/* SPDX-License-Identifier: MIT */
/*
 * lwIP netif glue for a TAP device (see tap_netif.h).
 */
#include "tap_netif.h"

#include <stdlib.h>
#include <string.h>

#include "lwip/etharp.h"
#include "lwip/pbuf.h"
#include "netif/ethernet.h"

/* Frames taken per tap_netif_poll call before lwIP's timers get a turn. */
#define TAP_FRAMES_PER_POLL 32

static err_t tap_linkoutput(struct netif *netif, struct pbuf *p)
{
    struct tap_netif *tap = netif->state;
    u16_t n;
    if (p->tot_len > sizeof tap->tx) {
        return ERR_BUF;
    }
    n = pbuf_copy_partial(p, tap->tx, p->tot_len, 0);
    return tap_dev_write(tap->fd, tap->tx, n) == 0 ? ERR_OK : ERR_IF;
}

err_t tap_netif_init(struct netif *netif)
{
    struct tap_netif *tap = netif->state;
    netif->name[0] = 't';
    netif->name[1] = 'p';
    netif->output = etharp_output;
    netif->linkoutput = tap_linkoutput;
    netif->mtu = 1500;
    netif->hwaddr_len = ETH_HWADDR_LEN;
    memcpy(netif->hwaddr, tap->mac, ETH_HWADDR_LEN);
    netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET |
                   NETIF_FLAG_LINK_UP;
    return ERR_OK;
}

int tap_netif_poll(struct netif *netif, uint32_t wait_ms)
{
    struct tap_netif *tap = netif->state;
    int frames = 0;
    while (frames < TAP_FRAMES_PER_POLL) {
        struct pbuf *p;
        long n = tap_dev_read(tap->fd, tap->rx, sizeof tap->rx, frames == 0 ? wait_ms : 0);
        if (n < 0) {
            return -1;
        }
        if (n == 0) {
            break;
        }
        frames++;
        /* Pool pbufs, chained when a frame is larger than one: never written past its end. */
        p = pbuf_alloc(PBUF_RAW, (u16_t)n, PBUF_POOL);
        if (p == NULL) {
            continue; /* out of receive buffers: drop, TCP sends it again */
        }
        if (pbuf_take(p, tap->rx, (u16_t)n) != ERR_OK || netif->input(p, netif) != ERR_OK) {
            pbuf_free(p);
        }
    }
    return frames;
}

/* "10.1.2.3/24" -> address and netmask. 0 or -1. */
int tap_netif_parse_cidr(const char *s, ip4_addr_t *addr, ip4_addr_t *mask)
{
    char buf[32];
    const char *slash = strchr(s, '/');
    char *end;
    long prefix;
    size_t n = slash != NULL ? (size_t)(slash - s) : strlen(s);
    if (slash == NULL || n == 0 || n >= sizeof buf) return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    if (!ip4addr_aton(buf, addr)) return -1;
    prefix = strtol(slash + 1, &end, 10);
    if (*end != '\0' || end == slash + 1 || prefix < 1 || prefix > 32) return -1;
    ip4_addr_set_u32(mask, lwip_htonl(prefix == 32 ? 0xffffffffu
                                                   : ~(0xffffffffu >> (unsigned)prefix)));
    return 0;
}
