/* SPDX-License-Identifier: MIT */
/*
 * LAN9118 netif driver: see lan9118_netif.h. Register offsets and bits from SMSC's LAN9118
 * datasheet, as QEMU's model implements them (32-bit bus mode, little-endian FIFOs).
 */
#include "lan9118_netif.h"

#include <string.h>

#include "lwip/etharp.h"
#include "lwip/pbuf.h"
#include "netif/ethernet.h"

/* System control and status registers (byte offsets from the base). */
#define RX_DATA_FIFO   0x00u
#define TX_DATA_FIFO   0x20u
#define RX_STATUS_FIFO 0x40u
#define TX_STATUS_FIFO 0x48u
#define BYTE_TEST      0x64u
#define INT_EN         0x5Cu
#define INT_STS        0x58u
#define RX_CFG         0x6Cu
#define TX_CFG         0x70u
#define HW_CFG         0x74u
#define RX_FIFO_INF    0x7Cu
#define TX_FIFO_INF    0x80u
#define PMT_CTRL       0x84u
#define MAC_CSR_CMD    0xA4u
#define MAC_CSR_DATA   0xA8u

#define BYTE_TEST_VALUE 0x87654321u /* reads so only on a working 32-bit bus */
#define HW_CFG_SRST     (1u << 0)
#define PMT_CTRL_READY  (1u << 0)
#define TX_CFG_TX_ON    (1u << 1)
#define CSR_BUSY        (1u << 31)
#define CSR_READ        (1u << 30)

/* MAC registers, reached indirectly through MAC_CSR_CMD / MAC_CSR_DATA. */
#define MAC_CR    1u
#define MAC_ADDRH 2u
#define MAC_ADDRL 3u
#define MAC_CR_FDPX (1u << 20) /* full duplex: no collisions to handle on a switched link */
#define MAC_CR_TXEN (1u << 3)
#define MAC_CR_RXEN (1u << 2)

/* TX command words written ahead of each frame's data. */
#define TX_CMD_A_FIRST (1u << 13)
#define TX_CMD_A_LAST  (1u << 12)

#define RX_STS_ERROR   (1u << 15)      /* error summary: CRC, length, collision... */
#define RX_STS_LEN(s)  (((s) >> 16) & 0x3FFFu)
#define TX_STS_ERROR   (1u << 15)
#define FIFO_INF_STATUS_USED(v) (((v) >> 16) & 0xFFu)
#define TX_FIFO_INF_TDFREE(v)   ((v) & 0xFFFFu)

#define FCS_LEN 4u
/* Bounds on register waits: the model answers at once, real silicon within microseconds. */
#define SPIN_MAX 100000u
/* Frames handed to lwIP per poll: the RX status FIFO never holds more. */
#define RX_BURST_MAX 64

static uint32_t rd(const struct lan9118_netif *d, uint32_t off)
{
    return *(volatile uint32_t *)(d->base + off);
}

static void wr(const struct lan9118_netif *d, uint32_t off, uint32_t v)
{
    *(volatile uint32_t *)(d->base + off) = v;
}

/* The MAC's registers sit behind a command port: wait for it, then read or write one. */
static int mac_wait(const struct lan9118_netif *d)
{
    unsigned i;
    for (i = 0; i < SPIN_MAX; i++) {
        if ((rd(d, MAC_CSR_CMD) & CSR_BUSY) == 0) return 0;
    }
    return -1;
}

static int mac_read(const struct lan9118_netif *d, uint32_t reg, uint32_t *out)
{
    if (mac_wait(d) != 0) return -1;
    wr(d, MAC_CSR_CMD, CSR_BUSY | CSR_READ | reg);
    if (mac_wait(d) != 0) return -1;
    *out = rd(d, MAC_CSR_DATA);
    return 0;
}

static int mac_write(const struct lan9118_netif *d, uint32_t reg, uint32_t v)
{
    if (mac_wait(d) != 0) return -1;
    wr(d, MAC_CSR_DATA, v);
    wr(d, MAC_CSR_CMD, CSR_BUSY | reg);
    return mac_wait(d);
}

/* Pop the TX status FIFO: the datasheet's controller stops sending when it fills up. */
static void tx_reap(struct lan9118_netif *d)
{
    unsigned n = FIFO_INF_STATUS_USED(rd(d, TX_FIFO_INF));
    while (n-- > 0) {
        if (rd(d, TX_STATUS_FIFO) & TX_STS_ERROR) d->tx_errors++;
    }
}

static err_t linkoutput(struct netif *netif, struct pbuf *p)
{
    struct lan9118_netif *d = netif->state;
    uint32_t words, i;
    unsigned spin;
    u16_t len = p->tot_len;

    if (len > sizeof d->frame - FCS_LEN) return ERR_BUF;
    /* The chain into one word-aligned buffer: the FIFO takes whole 32-bit words. */
    if (pbuf_copy_partial(p, d->frame, len, 0) != len) return ERR_BUF;
    words = ((uint32_t)len + 3u) / 4u;
    /* Room for the two command words and the data, else wait for the wire (bounded). */
    for (spin = 0; TX_FIFO_INF_TDFREE(rd(d, TX_FIFO_INF)) < words * 4u + 8u; spin++) {
        if (spin >= SPIN_MAX) {
            d->tx_errors++;
            return ERR_IF;
        }
    }
    /* Command A: this buffer is the whole frame (first and last segment), len bytes.
     * Command B: the frame's length again, and a tag (the length) for the status word. */
    wr(d, TX_DATA_FIFO, TX_CMD_A_FIRST | TX_CMD_A_LAST | len);
    wr(d, TX_DATA_FIFO, ((uint32_t)len << 16) | len);
    for (i = 0; i < words; i++) wr(d, TX_DATA_FIFO, d->frame[i]);
    d->tx_frames++;
    tx_reap(d);
    return ERR_OK;
}

err_t lan9118_netif_init(struct netif *netif)
{
    struct lan9118_netif *d = netif->state;
    uint32_t lo, hi;
    unsigned i;

    /* A wrong base address or bus width shows here before anything is written. */
    if (d == NULL || rd(d, BYTE_TEST) != BYTE_TEST_VALUE) return ERR_IF;
    /* Soft reset: FIFOs empty, MAC stopped, whatever a bootloader left is gone. */
    wr(d, HW_CFG, HW_CFG_SRST);
    for (i = 0; i < SPIN_MAX && (rd(d, HW_CFG) & HW_CFG_SRST) != 0; i++) continue;
    /* READY: the controller may be touched again after a reset only once it says so. */
    for (i = 0; i < SPIN_MAX && (rd(d, PMT_CTRL) & PMT_CTRL_READY) == 0; i++) continue;
    if (i == SPIN_MAX) return ERR_IF;
    /* Polled: no interrupt line wanted, and no stale status. */
    wr(d, INT_EN, 0);
    wr(d, INT_STS, 0xFFFFFFFFu);
    /* The address the controller loaded from its EEPROM: the board's identity. */
    if (mac_read(d, MAC_ADDRL, &lo) != 0 || mac_read(d, MAC_ADDRH, &hi) != 0) return ERR_IF;
    netif->hwaddr[0] = (u8_t)lo;
    netif->hwaddr[1] = (u8_t)(lo >> 8);
    netif->hwaddr[2] = (u8_t)(lo >> 16);
    netif->hwaddr[3] = (u8_t)(lo >> 24);
    netif->hwaddr[4] = (u8_t)hi;
    netif->hwaddr[5] = (u8_t)(hi >> 8);
    netif->hwaddr_len = ETH_HWADDR_LEN;
    /* Receive with no offset or padding ahead of the data (RX_CFG 0); transmitter on. */
    wr(d, RX_CFG, 0);
    wr(d, TX_CFG, TX_CFG_TX_ON);
    /* MAC on, full duplex; promiscuous mode (the reset value) off: only frames for this
     * address and broadcasts (ARP) arrive. */
    if (mac_write(d, MAC_CR, MAC_CR_FDPX | MAC_CR_TXEN | MAC_CR_RXEN) != 0) return ERR_IF;

    netif->name[0] = 'e';
    netif->name[1] = 'n';
    netif->mtu = 1500;
    netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;
    netif->output = etharp_output;
    netif->linkoutput = linkoutput;
    return ERR_OK;
}

int lan9118_netif_poll(struct netif *netif)
{
    struct lan9118_netif *d = netif->state;
    int frames = 0;

    while (frames < RX_BURST_MAX && FIFO_INF_STATUS_USED(rd(d, RX_FIFO_INF)) > 0) {
        uint32_t status = rd(d, RX_STATUS_FIFO); /* popping it starts this frame's data */
        uint32_t len = RX_STS_LEN(status);
        uint32_t words = (len + 3u) / 4u, i;
        struct pbuf *p = NULL;
        /* The data must be read out whole even to drop it: the FIFO has no other way here. */
        if (words > LAN9118_FRAME_WORDS) {
            for (i = 0; i < words; i++) (void)rd(d, RX_DATA_FIFO);
            d->rx_dropped++;
            continue;
        }
        for (i = 0; i < words; i++) d->frame[i] = rd(d, RX_DATA_FIFO);
        if ((status & RX_STS_ERROR) == 0 && len > FCS_LEN + 14u) {
            p = pbuf_alloc(PBUF_RAW, (u16_t)(len - FCS_LEN), PBUF_POOL); /* FCS not kept */
        }
        if (p == NULL || pbuf_take(p, d->frame, (u16_t)(len - FCS_LEN)) != ERR_OK ||
            netif->input(p, netif) != ERR_OK) {
            if (p != NULL) pbuf_free(p);
            d->rx_dropped++;
            continue;
        }
        d->rx_frames++;
        frames++;
    }
    tx_reap(d);
    return frames;
}
