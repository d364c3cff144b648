/* SPDX-License-Identifier: MIT */
/*
 * make size-lwip: a stand-in bare-metal firmware, linked for Cortex-M4 with --gc-sections to
 * measure what each component really costs: lwIP (raw API, NO_SYS=1, DHCP and DNS), s3lite's
 * core and port/lwip + port/tls, and mbedTLS 3.6 (port/tls/mbedtls_fw_config.h). It brings
 * up a netif, gets an address by DHCP, and uploads a buffer with multipart over HTTPS (Create,
 * UploadPart, Complete; Abort on failure). Never run: the Ethernet driver is a stub (a real
 * MAC driver adds a few KB), the clock and the RNG are two registers.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lwip/dhcp.h"
#include "lwip/etharp.h"
#include "lwip/init.h"
#include "lwip/netif.h"
#include "lwip/sys.h"
#include "lwip/timeouts.h"
#include "netif/ethernet.h"
#include "s3lite/client.h"
#include "s3lite/port_lwip.h"

#define REG32(addr) (*(volatile uint32_t *)(addr))
#define SYSTICK_MS REG32(0x20000000u)  /* incremented by the SysTick handler */
#define RNG_DATA REG32(0x50060808u)    /* a hardware RNG's data register */

#define CHUNK 4096

/* Everything lives in static RAM, counted by the size report. */
static struct netif g_netif;
static struct s3l_platform g_platform;
static struct s3l_tls_config g_tls;
static struct s3l_net g_net;
static struct s3l_transport g_transport;
static struct s3l_credentials g_creds;
static struct s3l_client g_client;
static struct s3l_s3_error g_err;
static struct s3l_create_mpu_result g_created;
static struct s3l_upload_part_result g_part;
static struct s3l_complete_mpu_result g_done;
static uint8_t g_io[CHUNK + S3L_CLIENT_IO_OVERHEAD];
static char g_line[S3L_CLIENT_LINE_MIN * 2];
static char g_scratch[S3L_CLIENT_SCRATCH_MIN];
static char g_work[2048];
static uint8_t g_log[1024]; /* the data to upload (a device's log in RAM; small here) */

static const char k_ca_pem[] = "-----BEGIN CERTIFICATE-----\n(the root CA)\n-----END CERTIFICATE-----\n";

uint32_t sys_now(void)
{
    return SYSTICK_MS;
}

static err_t eth_linkoutput(struct netif *netif, struct pbuf *p)
{
    (void)netif;
    (void)p;
    return ERR_OK; /* a MAC driver would copy p into a DMA descriptor here */
}

static err_t eth_init(struct netif *netif)
{
    static const uint8_t mac[6] = {0x02, 0x53, 0x33, 0x4c, 0x00, 0x01};
    netif->output = etharp_output;
    netif->linkoutput = eth_linkoutput;
    netif->mtu = 1500;
    netif->hwaddr_len = 6;
    memcpy(netif->hwaddr, mac, 6);
    netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;
    return ERR_OK;
}

static void poll(void *ctx, uint32_t max_wait_ms)
{
    (void)ctx;
    (void)max_wait_ms; /* a driver would pass received frames to netif->input here */
    sys_check_timeouts();
}

static int64_t now(void *ctx)
{
    (void)ctx;
    return 1767225600 + (int64_t)(sys_now() / 1000u);
}

static int entropy(void *ctx, uint8_t *buf, size_t len)
{
    size_t i;
    (void)ctx;
    for (i = 0; i < len; i++) buf[i] = (uint8_t)RNG_DATA;
    return S3L_OK;
}

static void sleep_ms(void *ctx, uint32_t ms)
{
    uint32_t start = sys_now();
    unsigned i;
    for (i = 0; i < 100000u && sys_now() - start < ms; i++) poll(ctx, ms);
}

static int upload(void)
{
    struct s3l_create_mpu_params cp;
    struct s3l_upload_part_params up;
    struct s3l_complete_mpu_params fin;
    struct s3l_abort_mpu_params ab;
    struct s3l_complete_part part;
    struct s3l_mem_reader mr;
    struct s3l_body body;
    int rc;

    memset(&cp, 0, sizeof cp);
    cp.bucket = "logs";
    cp.key = "dev1/log.bin";
    rc = s3l_client_create_mpu(&g_client, &cp, &g_created, &g_err);
    if (rc != S3L_OK) return rc;
    memset(&up, 0, sizeof up);
    memset(&body, 0, sizeof body);
    s3l_mem_reader_init(&mr, g_log, sizeof g_log, &body.reader);
    up.bucket = cp.bucket;
    up.key = cp.key;
    up.upload_id = g_created.upload_id;
    up.part_number = 1;
    up.content_length = sizeof g_log;
    rc = s3l_client_upload_part(&g_client, &up, &body, &g_part, &g_err);
    if (rc == S3L_OK) {
        memset(&fin, 0, sizeof fin);
        part.part_number = 1;
        part.etag = g_part.etag;
        part.checksum = NULL;
        fin.bucket = cp.bucket;
        fin.key = cp.key;
        fin.upload_id = g_created.upload_id;
        fin.parts = &part;
        fin.part_count = 1;
        rc = s3l_client_complete_mpu(&g_client, &fin, &g_done, &g_err);
    }
    if (rc != S3L_OK) {
        memset(&ab, 0, sizeof ab);
        ab.bucket = cp.bucket;
        ab.key = cp.key;
        ab.upload_id = g_created.upload_id;
        (void)s3l_client_abort_mpu(&g_client, &ab, &g_err);
    }
    return rc;
}

int main(void)
{
    struct s3l_lwip_config lc;
    struct s3l_client_config cfg;
    unsigned i;

    srand(RNG_DATA);
    lwip_init();
    (void)netif_add(&g_netif, IP4_ADDR_ANY4, IP4_ADDR_ANY4, IP4_ADDR_ANY4, NULL, eth_init,
                    ethernet_input);
    netif_set_default(&g_netif);
    netif_set_link_up(&g_netif);
    netif_set_up(&g_netif);
    (void)dhcp_start(&g_netif);
    for (i = 0; i < 100000u && !dhcp_supplied_address(&g_netif); i++) poll(NULL, 10);

    g_platform.now = now;
    g_platform.entropy = entropy;
    g_platform.sleep_ms = sleep_ms;
    g_tls.ca_pem = k_ca_pem;
    memset(&lc, 0, sizeof lc);
    lc.tls = &g_tls;
    lc.platform = &g_platform;
    lc.poll = poll;
    if (s3l_lwip_net_init(&g_net, &g_transport, &lc) != S3L_OK) return 1;

    g_creds.access_key_id = "AKIDEXAMPLE";
    g_creds.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    memset(&cfg, 0, sizeof cfg);
    cfg.transport = &g_transport;
    cfg.platform = &g_platform;
    cfg.endpoint.host = "s3.eu-west-1.amazonaws.com";
    cfg.creds = &g_creds;
    cfg.region = "eu-west-1";
    cfg.chunk_size = CHUNK;
    cfg.io_buf = g_io;
    cfg.io_cap = sizeof g_io;
    cfg.line_buf = g_line;
    cfg.line_cap = sizeof g_line;
    cfg.scratch = g_scratch;
    cfg.scratch_cap = sizeof g_scratch;
    cfg.work = g_work;
    cfg.work_cap = sizeof g_work;
    if (s3l_client_init(&g_client, &cfg) != S3L_OK) return 1;
    return upload() == S3L_OK ? 0 : 1;
}
