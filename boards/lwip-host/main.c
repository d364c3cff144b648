/* SPDX-License-Identifier: MIT */
/*
 * s3lite-lwip: the CLI's `cp` with its network through lwIP's sockets API (NO_SYS=0) on an
 * existing Linux TAP device, the host's stand-in for a board running lwIP under an RTOS.
 *
 *   s3lite-lwip --tap IFNAME --ip ADDR/PREFIX --gw ADDR cp [cp options] SRC DST
 *
 * lwIP gets ADDR/PREFIX on the TAP; the Linux side of the TAP has the address --gw and is
 * lwIP's default gateway. Everything after `cp` is the CLI's cp (same options, environment,
 * output and exit codes); files are read and written through the host as usual. The endpoint
 * must be an IP literal (--endpoint-url or AWS_ENDPOINT_URL) unless lwIP has DNS.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "lwip/etharp.h"
#include "lwip/ip4_addr.h"
#include "lwip/netif.h"
#include "lwip/tcpip.h"
#include "tap_netif.h"

/* The Linux side answers ARP within microseconds; this bounds the wait before giving up and
 * letting TCP's own ARP resolution (and retransmission) take over. */
#define GW_ARP_WAIT_MS 2000u

struct lwip_host {
    struct netif netif;
    struct tap_netif tap;
    pthread_t reader;
    volatile int stop;   /* set by main, read by the reader thread */
    int reader_running;
};

static void usage(FILE *f)
{
    fprintf(f, "usage: s3lite-lwip --tap IFNAME --ip ADDR/PREFIX --gw ADDR cp [OPTIONS] SRC DST\n"
               "  the CLI's cp (see s3lite cp --help) through lwIP's sockets API on the\n"
               "  existing TAP device IFNAME, whose Linux side has the address --gw\n"
               "exit codes: 0 ok, 1 S3 error, 2 usage, 3 network or TLS (also: no TAP device)\n");
}

static void sleep_ms(unsigned ms)
{
    struct timespec ts;
    ts.tv_sec = (time_t)(ms / 1000u);
    ts.tv_nsec = (long)(ms % 1000u) * 1000000L;
    (void)nanosleep(&ts, NULL);
}

/* The driver's receive loop: frames go to tcpip_input (netif->input), which queues them for
 * lwIP's thread. Ends when main sets stop (it waits at most 100 ms per round) or the device
 * fails. */
static void *reader_main(void *arg)
{
    struct lwip_host *h = arg;
    while (!h->stop) {
        if (tap_netif_poll(&h->netif, 100u) < 0) {
            fprintf(stderr, "s3lite-lwip: TAP device read failed\n");
            break;
        }
    }
    return NULL;
}

/* lwIP up on the TAP: seeded random, tcpip thread, the netif (under the core lock), an ARP
 * request for the gateway, the reader thread; then wait for the gateway's ARP reply. */
static int lwip_up(struct lwip_host *h, const ip4_addr_t *ip, const ip4_addr_t *mask,
                   const ip4_addr_t *gw)
{
    unsigned seed = 0, waited;
    /* lwIP draws its first local port and initial sequence numbers from LWIP_RAND (rand() in
     * the unix port): seed it first, or every run reuses the same ports. */
    if (tap_dev_random((uint8_t *)&seed, sizeof seed) != 0) seed = (unsigned)time(NULL);
    srand(seed);
    tcpip_init(NULL, NULL); /* lwip_init() runs here; the thread starts */

    LOCK_TCPIP_CORE();
    if (netif_add(&h->netif, ip, mask, gw, &h->tap, tap_netif_init, tcpip_input) == NULL) {
        UNLOCK_TCPIP_CORE();
        fprintf(stderr, "s3lite-lwip: netif_add failed\n");
        return -1;
    }
    netif_set_default(&h->netif);
    netif_set_link_up(&h->netif);
    netif_set_up(&h->netif);
    UNLOCK_TCPIP_CORE();

    if (pthread_create(&h->reader, NULL, reader_main, h) != 0) {
        fprintf(stderr, "s3lite-lwip: cannot start the TAP reader thread\n");
        return -1;
    }
    h->reader_running = 1;

    /* Without this the first SYN waits for ARP inside TCP (a 1 s stall or more). */
    for (waited = 0; waited < GW_ARP_WAIT_MS; waited += 10u) {
        struct eth_addr *eth = NULL;
        const ip4_addr_t *found = NULL;
        ssize_t idx;
        LOCK_TCPIP_CORE();
        if (waited % 500u == 0) (void)etharp_request(&h->netif, gw);
        idx = etharp_find_addr(&h->netif, gw, &eth, &found);
        UNLOCK_TCPIP_CORE();
        if (idx >= 0) break;
        sleep_ms(10u);
    }
    return 0;
}

static void lwip_down(struct lwip_host *h)
{
    if (h->reader_running) {
        h->stop = 1;
        (void)pthread_join(h->reader, NULL);
        h->reader_running = 0;
    }
    /* The tcpip thread has no stop call in lwIP; the process ends next. */
}

int main(int argc, char **argv)
{
    static struct lwip_host host; /* one stack per process: lwIP's state is global anyway */
    const char *tap = NULL, *cidr = NULL, *gw_text = NULL;
    ip4_addr_t ip, mask, gw;
    char err[256];
    int i, rc, fd;

    for (i = 1; i < argc; i += 2) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return S3L_EXIT_OK;
        }
        if (argv[i][0] != '-' || strncmp(argv[i], "--", 2) != 0) break;
        if (i + 1 >= argc) {
            fprintf(stderr, "s3lite-lwip: %s needs a value\n", argv[i]);
            return S3L_EXIT_USAGE;
        }
        if (strcmp(argv[i], "--tap") == 0) tap = argv[i + 1];
        else if (strcmp(argv[i], "--ip") == 0) cidr = argv[i + 1];
        else if (strcmp(argv[i], "--gw") == 0) gw_text = argv[i + 1];
        else {
            fprintf(stderr, "s3lite-lwip: unknown option %s\n", argv[i]);
            usage(stderr);
            return S3L_EXIT_USAGE;
        }
    }
    if (tap == NULL || cidr == NULL || gw_text == NULL || i >= argc) {
        usage(stderr);
        return S3L_EXIT_USAGE;
    }
    if (strcmp(argv[i], "cp") != 0) {
        fprintf(stderr, "s3lite-lwip: only the cp command runs over lwIP, not '%s'\n", argv[i]);
        return S3L_EXIT_USAGE;
    }
    if (tap_netif_parse_cidr(cidr, &ip, &mask) != 0) {
        fprintf(stderr, "s3lite-lwip: --ip wants ADDR/PREFIX (IPv4), got '%s'\n", cidr);
        return S3L_EXIT_USAGE;
    }
    if (!ip4addr_aton(gw_text, &gw)) {
        fprintf(stderr, "s3lite-lwip: --gw wants an IPv4 address, got '%s'\n", gw_text);
        return S3L_EXIT_USAGE;
    }
    fd = tap_dev_open(tap, err, sizeof err);
    if (fd < 0) {
        fprintf(stderr, "s3lite-lwip: %s\n", err);
        return S3L_EXIT_NET;
    }
    host.tap.fd = fd;
    if (tap_dev_random(host.tap.mac, sizeof host.tap.mac) != 0) {
        memcpy(host.tap.mac, "\x02\x53\x33\x4c\x00\x01", 6);
    }
    host.tap.mac[0] = (uint8_t)((host.tap.mac[0] & 0xfeu) | 0x02u); /* unicast, local */

    if (lwip_up(&host, &ip, &mask, &gw) != 0) {
        lwip_down(&host);
        tap_dev_close(fd);
        return S3L_EXIT_NET;
    }
    rc = s3l_cmd_cp(argc - i, argv + i);
    lwip_down(&host);
    tap_dev_close(fd);
    return rc;
}
