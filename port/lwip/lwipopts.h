/* SPDX-License-Identifier: MIT */
/*
 * lwIP options for s3lite: the file a firmware starts from. One HTTPS connection at a time,
 * IPv4, TCP, DHCP and DNS, fixed pools (no malloc), no statistics and no debug output.
 *
 * NO_SYS picks the API: 1 (the default) is bare metal, the raw TCP API driven by a poll hook
 * (port/lwip/net_lwip_raw.c); 0 is an RTOS with lwIP's tcpip thread and its sockets API
 * (port/lwip/net_lwip_sockets.c). Every size below is "#ifndef" so a board can override it
 * with -D. RAM figures are for a 32-bit MCU (4-byte alignment) and count the static pools
 * only; lwIP's own code adds about 25-40 KB of flash depending on the options.
 *
 * Biggest RAM costs, in order: the receive pool (PBUF_POOL_SIZE x about 1.55 KB), the heap
 * (MEM_SIZE: outgoing TCP segments wait there until acknowledged, so about TCP_SND_BUF), then
 * the PCBs and segment descriptors (tens of bytes each).
 */
#ifndef S3LITE_LWIPOPTS_H
#define S3LITE_LWIPOPTS_H

#ifndef NO_SYS
#define NO_SYS 1
#endif

/* ---- memory ---------------------------------------------------------------------------- */
#define MEM_ALIGNMENT 4          /* the MCU's word: pools and heap entries are padded to it */
#define MEM_LIBC_MALLOC 0        /* lwIP's own heap in a static array: no libc malloc */
#define MEMP_MEM_MALLOC 0        /* fixed pools, sized below */

/* Heap, MEM_SIZE bytes, static: holds the copies tcp_write makes of outgoing data until the
 * peer acknowledges them (up to TCP_SND_BUF) plus a few small allocations (ARP queue, DHCP
 * and DNS messages). RAM: MEM_SIZE. */
#ifndef MEM_SIZE
#define MEM_SIZE (TCP_SND_BUF + 4096)
#endif

/* ---- TCP ------------------------------------------------------------------------------- */
#define LWIP_TCP 1
#ifndef TCP_MSS
#define TCP_MSS 1460             /* full Ethernet segments: fewer headers per byte uploaded */
#endif
/* Send buffer: how much the transport may hand lwIP before the peer acknowledges; uploads
 * run at about TCP_SND_BUF per round trip. RAM: taken from the heap (MEM_SIZE). */
#ifndef TCP_SND_BUF
#define TCP_SND_BUF (4 * TCP_MSS)
#endif
/* Receive window: the server sends at most this much unread. s3lite only receives response
 * heads and small XML bodies (and downloads), so a small window costs little speed. RAM:
 * received segments sit in the receive pool (PBUF_POOL_SIZE) until read. */
#ifndef TCP_WND
#define TCP_WND (4 * TCP_MSS)
#endif
/* Segment descriptors for data not yet acknowledged: about 24 B each. */
#ifndef TCP_SND_QUEUELEN
#define TCP_SND_QUEUELEN ((4 * TCP_SND_BUF + (TCP_MSS - 1)) / TCP_MSS)
#endif
#ifndef MEMP_NUM_TCP_SEG
#define MEMP_NUM_TCP_SEG TCP_SND_QUEUELEN
#endif
/* Connections: s3lite keeps one open; one more holds a closed connection in TIME_WAIT while
 * the client reconnects (lwIP reuses the oldest TIME_WAIT PCB when out). About 160 B each. */
#ifndef MEMP_NUM_TCP_PCB
#define MEMP_NUM_TCP_PCB 3
#endif
#define MEMP_NUM_TCP_PCB_LISTEN 1 /* s3lite never listens; lwIP wants at least one */
#define TCP_QUEUE_OOSEQ 1         /* keep out-of-order segments: fewer retransmits */
#define LWIP_TCP_KEEPALIVE 0      /* s3lite's own timeouts detect a dead peer */
#define LWIP_ALTCP 0              /* s3lite does TLS itself (port/tls) over plain TCP */

/* ---- receive buffers ------------------------------------------------------------------- */
/* The netif driver copies each received frame into pool pbufs: PBUF_POOL_SIZE buffers of
 * PBUF_POOL_BUFSIZE (a full frame: TCP_MSS + headers, about 1.52 KB, plus a 16 B header).
 * It should hold a receive window. RAM: about 1.55 KB each. */
#ifndef PBUF_POOL_SIZE
#define PBUF_POOL_SIZE 6
#endif
#ifndef MEMP_NUM_PBUF
#define MEMP_NUM_PBUF 8           /* pbufs that point at ROM data (rarely used): 16 B each */
#endif

/* ---- IPv4, ARP, ICMP, UDP, DHCP, DNS --------------------------------------------------- */
#define LWIP_IPV4 1
#define LWIP_IPV6 0               /* IPv6 adds about 10 KB of flash and its own tables */
#define LWIP_ARP 1
#define LWIP_ETHERNET 1
#define ARP_TABLE_SIZE 4          /* gateway, DNS server, a spare: about 20 B each */
#define ARP_QUEUEING 1            /* keep the first SYN while ARP resolves (no 1 s stall) */
#define MEMP_NUM_ARP_QUEUE 4
#define IP_REASSEMBLY 0           /* TCP never needs fragments: saves the reassembly buffers */
#define IP_FRAG 0
#define LWIP_ICMP 1               /* answers ping; about 1 KB of flash */
#define LWIP_RAW 0
#ifndef LWIP_UDP
#define LWIP_UDP 1                /* needed by DHCP and DNS only */
#endif
#ifndef LWIP_DHCP
#define LWIP_DHCP LWIP_UDP        /* about 5 KB of flash and 60 B of RAM per netif */
#endif
#ifndef LWIP_DNS
#define LWIP_DNS LWIP_UDP         /* about 3.5 KB of flash; DNS_TABLE_SIZE entries of ~280 B */
#endif
#define DNS_TABLE_SIZE 2
#define MEMP_NUM_UDP_PCB 2        /* DHCP and DNS */
#define LWIP_NETIF_HOSTNAME 0
#define LWIP_NETIF_STATUS_CALLBACK 0
#define LWIP_NETIF_LINK_CALLBACK 0
#define LWIP_IGMP 0
#define LWIP_AUTOIP 0

/* ---- timers ---------------------------------------------------------------------------- */
/* TCP, ARP, DHCP and DNS timeouts (plus the API's own in NO_SYS=0). About 20 B each. */
#define MEMP_NUM_SYS_TIMEOUT (LWIP_NUM_SYS_TIMEOUT_INTERNAL + 2)

/* ---- the sequential APIs (NO_SYS=0 only) ----------------------------------------------- */
#if NO_SYS
#define LWIP_NETCONN 0
#define LWIP_SOCKET 0
/* One thread runs lwIP (the poll hook, the transport, the client); no interrupt handler
 * touches it, so no critical sections are needed. Set 1 (and give sys_arch_protect) if a
 * driver allocates pbufs from an interrupt. */
#ifndef SYS_LIGHTWEIGHT_PROT
#define SYS_LIGHTWEIGHT_PROT 0
#endif
#else
#define LWIP_NETCONN 1
#define LWIP_SOCKET 1
#define LWIP_TCPIP_CORE_LOCKING 1   /* API calls lock the core instead of messaging the thread */
#define LWIP_COMPAT_SOCKETS 0       /* only lwip_* names: no clash with the OS's socket() */
#define LWIP_POSIX_SOCKETS_IO_NAMES 0
#define LWIP_SOCKET_SELECT 0        /* the transport waits with lwip_poll */
#define LWIP_SOCKET_POLL 1
#define LWIP_SO_RCVTIMEO 0
#define LWIP_SO_SNDTIMEO 0
#define LWIP_NETIF_API 1            /* netifapi_* from threads other than tcpip's */
#define MEMP_NUM_NETCONN 4          /* sockets: one per connection plus spares; ~40 B each */
#define MEMP_NUM_NETBUF 2           /* UDP only (DNS through netconn): 16 B each */
#define MEMP_NUM_TCPIP_MSG_INPKT 16 /* frames queued from the driver to the tcpip thread */
#define TCPIP_MBOX_SIZE 16
#define DEFAULT_TCP_RECVMBOX_SIZE 16 /* received segments queued for the socket reader */
#define DEFAULT_UDP_RECVMBOX_SIZE 4
#define DEFAULT_ACCEPTMBOX_SIZE 1
#define TCPIP_THREAD_STACKSIZE 4096
#define TCPIP_THREAD_PRIO 1
#define DEFAULT_THREAD_STACKSIZE 2048
/* Debian's lwIP source package makes sockets.c take these from its POSIX port headers; with
 * lwIP's own socket types (ours) they fill sin_len/sa_len as upstream lwIP does. */
#ifndef IP4ADDR_SOCKADDR_SET_LEN
#define IP4ADDR_SOCKADDR_SET_LEN(sin) ((sin)->sin_len = (u8_t)sizeof(struct sockaddr_in))
#define IPADDR_SOCKADDR_GET_LEN(addr) ((addr)->sa.sa_len)
#endif
#endif

/* ---- checksums, statistics, debug ------------------------------------------------------ */
#define LWIP_STATS 0
#define LWIP_DEBUG_TIMERNAMES 0
#ifndef LWIP_NOASSERT
/* Assertions stay on by default (lwIP's own consistency checks); -DLWIP_NOASSERT saves
 * about 4 KB of flash in a release image. */
#endif

#endif /* S3LITE_LWIPOPTS_H */
