/* SPDX-License-Identifier: MIT */
/*
 * Tests of the POSIX port: platform hooks and the plain TCP transport, against listening
 * sockets this program makes on 127.0.0.1 and ::1 (nothing else is contacted).
 * Every wait is bounded (short timeouts, SO_RCVTIMEO on the test side, an alarm()).
 */
#include <errno.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "harness.h"
#include "s3lite/common.h"
#include "s3lite/port_posix.h"

#define IO_MS 2000u /* generous: only reached when something is broken */

/* ---- test-side sockets ---------------------------------------------------------------- */

static void set_rcvtimeo(int fd)
{
    struct timeval tv;
    tv.tv_sec = 5;
    tv.tv_usec = 0;
    (void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, (socklen_t)sizeof tv);
    (void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, (socklen_t)sizeof tv);
}

/* A socket bound to addr (127.0.0.1 or ::1) on a free port, listening with backlog when
 * backlog >= 0. Returns the fd (port in *port) or -1 when that family is unavailable. */
static int bound_socket(int family, int backlog, uint16_t *port)
{
    struct sockaddr_storage ss;
    socklen_t len;
    int fd = socket(family, SOCK_STREAM, 0);
    if (fd < 0) {
        return -1;
    }
    memset(&ss, 0, sizeof ss);
    if (family == AF_INET) {
        struct sockaddr_in *a = (struct sockaddr_in *)&ss;
        a->sin_family = AF_INET;
        a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        len = (socklen_t)sizeof *a;
    } else {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
        a->sin6_family = AF_INET6;
        a->sin6_addr = in6addr_loopback;
        len = (socklen_t)sizeof *a;
    }
    if (bind(fd, (struct sockaddr *)&ss, len) != 0 ||
        (backlog >= 0 && listen(fd, backlog) != 0) ||
        getsockname(fd, (struct sockaddr *)&ss, &len) != 0) {
        close(fd);
        return -1;
    }
    *port = ntohs(family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port
                                    : ((struct sockaddr_in6 *)&ss)->sin6_port);
    return fd;
}

static int accept_one(int lfd)
{
    int fd = accept(lfd, NULL, NULL);
    if (fd >= 0) {
        set_rcvtimeo(fd);
    }
    return fd;
}

/* Read exactly len bytes on the test side (bounded by SO_RCVTIMEO). */
static int read_full(int fd, uint8_t *buf, size_t len)
{
    size_t got = 0;
    while (got < len) {
        ssize_t n = recv(fd, buf + got, len - got, 0);
        if (n <= 0) {
            return -1;
        }
        got += (size_t)n;
    }
    return 0;
}

static int write_full(int fd, const uint8_t *buf, size_t len)
{
    size_t put = 0;
    while (put < len) {
        ssize_t n = send(fd, buf + put, len - put, MSG_NOSIGNAL);
        if (n <= 0) {
            return -1;
        }
        put += (size_t)n;
    }
    return 0;
}

/* Through the transport: send all of buf (bounded number of calls). */
static int t_send_all(const struct s3l_transport *t, const uint8_t *buf, size_t len)
{
    size_t put = 0;
    unsigned i;
    for (i = 0; i < 100000 && put < len; i++) {
        long n = t->send(t->net, buf + put, len - put, IO_MS);
        if (n < 0) {
            return (int)n;
        }
        put += (size_t)n;
    }
    return put == len ? 0 : S3L_ERR_TIMEOUT;
}

static int t_recv_all(const struct s3l_transport *t, uint8_t *buf, size_t len)
{
    size_t got = 0;
    unsigned i;
    for (i = 0; i < 100000 && got < len; i++) {
        long n = t->recv(t->net, buf + got, len - got, IO_MS);
        if (n < 0) {
            return (int)n;
        }
        got += (size_t)n;
    }
    return got == len ? 0 : S3L_ERR_TIMEOUT;
}

/* ---- platform hooks -------------------------------------------------------------------- */

static void test_platform(void)
{
    struct s3l_platform p;
    uint8_t a[64 + 1], b[64];
    size_t i, zeros = 0;
    memset(&p, 0, sizeof p);
    s3l_posix_platform_init(&p);
    CHECK(p.now != NULL && p.entropy != NULL && p.sleep_ms != NULL);
    if (p.now == NULL || p.entropy == NULL || p.sleep_ms == NULL) return;
    /* After 2020-01-01 and before 2200: the clock is Unix seconds, not ms or garbage. */
    CHECK(p.now(p.ctx) > 1577836800 && p.now(p.ctx) < 7258118400);
    a[64] = 0xA5;
    memset(a, 0, 64);
    memset(b, 0, sizeof b);
    CHECK_EQ_INT(p.entropy(p.ctx, a, 64), S3L_OK);
    CHECK_EQ_INT(p.entropy(p.ctx, b, sizeof b), S3L_OK);
    CHECK_EQ_INT(a[64], 0xA5); /* guard byte */
    for (i = 0; i < 64; i++) {
        zeros += a[i] == 0;
    }
    CHECK(zeros < 16);                 /* 64 random bytes are not mostly zero */
    CHECK(memcmp(a, b, 64) != 0);      /* two draws differ */
    CHECK_EQ_INT(p.entropy(p.ctx, a, 0), S3L_OK);
    CHECK_EQ_INT(p.entropy(p.ctx, NULL, 4), S3L_ERR_ARG);
    p.sleep_ms(p.ctx, 1); /* returns */
    CHECK(1);
    s3l_posix_platform_init(NULL); /* no crash */
}

/* ---- TCP -------------------------------------------------------------------------------- */

static void echo_case(int family, const char *host, const char *what)
{
    struct s3l_net net;
    struct s3l_transport t;
    uint8_t out[4096], in[4096 + 1], srv[4096];
    uint16_t port = 0;
    int lfd, sfd, rc;
    size_t i;

    lfd = bound_socket(family, 8, &port);
    if (lfd < 0) {
        SKIP(9, what);
        return;
    }
    s3l_posix_net_init(&net, &t, NULL);
    CHECK(t.net == &net && t.connect != NULL && t.send != NULL && t.recv != NULL);
    rc = t.connect(t.net, host, port, IO_MS);
    CHECKF(rc == S3L_OK, "%s: connect %s -> %d", what, host, rc);
    sfd = accept_one(lfd);
    CHECK(sfd >= 0);
    if (rc != S3L_OK || sfd < 0) {
        if (sfd >= 0) {
            close(sfd);
        }
        close(lfd);
        s3l_posix_net_free(&net);
        return;
    }
    CHECK_EQ_INT(t.connect(t.net, host, port, IO_MS), S3L_ERR_STATE); /* already connected */

    /* client -> server */
    for (i = 0; i < sizeof out; i++) {
        out[i] = (uint8_t)(i * 7u + 3u);
    }
    CHECK_EQ_INT(t_send_all(&t, out, sizeof out), 0);
    CHECK_EQ_INT(read_full(sfd, srv, sizeof out), 0);
    CHECK_EQ_MEM(srv, out, sizeof out);

    /* server -> client, into a buffer with a guard byte */
    for (i = 0; i < sizeof srv; i++) {
        srv[i] = (uint8_t)(255u - i);
    }
    in[sizeof in - 1] = 0x5A;
    CHECK_EQ_INT(write_full(sfd, srv, sizeof srv), 0);
    CHECK_EQ_INT(t_recv_all(&t, in, sizeof srv), 0);
    CHECK_EQ_MEM(in, srv, sizeof srv);
    CHECK_EQ_INT(in[sizeof in - 1], 0x5A);

    t.close(t.net);
    t.close(t.net); /* twice is harmless */
    CHECK_EQ_INT(read_full(sfd, srv, 1), -1); /* the server sees the close */
    close(sfd);
    close(lfd);
    s3l_posix_net_free(&net);
}

/* A bulk transfer, interleaved so that neither side's buffers fill up. */
static void test_bulk(void)
{
    static uint8_t out[1 << 20], back[1 << 20];
    struct s3l_net net;
    struct s3l_transport t;
    uint8_t chunk[65536];
    uint16_t port = 0;
    size_t off, i;
    int lfd = bound_socket(AF_INET, 8, &port), sfd, ok = 1;
    if (lfd < 0) {
        SKIP(3, "no IPv4 loopback");
        return;
    }
    for (i = 0; i < sizeof out; i++) {
        out[i] = (uint8_t)((i >> 8) ^ (i * 31u));
    }
    s3l_posix_net_init(&net, &t, NULL);
    CHECK_EQ_INT(t.connect(t.net, "127.0.0.1", port, IO_MS), S3L_OK);
    sfd = accept_one(lfd);
    CHECK(sfd >= 0);
    for (off = 0; ok && sfd >= 0 && off < sizeof out; off += sizeof chunk) {
        ok = t_send_all(&t, out + off, sizeof chunk) == 0 &&
             read_full(sfd, chunk, sizeof chunk) == 0 &&
             write_full(sfd, chunk, sizeof chunk) == 0 &&
             t_recv_all(&t, back + off, sizeof chunk) == 0;
    }
    CHECK(ok);
    CHECK_EQ_MEM(back, out, sizeof out);
    if (sfd >= 0) {
        close(sfd);
    }
    close(lfd);
    s3l_posix_net_free(&net);
}

static void test_refused(void)
{
    struct s3l_net net;
    struct s3l_transport t;
    char msg[128];
    uint16_t port = 0;
    /* Bound but not listening: nobody accepts on that port while we hold it. */
    int fd = bound_socket(AF_INET, -1, &port);
    CHECK(fd >= 0);
    s3l_posix_net_init(&net, &t, NULL);
    CHECK_EQ_INT(t.connect(t.net, "127.0.0.1", port, IO_MS), S3L_ERR_CONNECT);
    CHECK(net.fd == -1);
    CHECK(s3l_posix_net_describe(&net, S3L_ERR_CONNECT, msg, sizeof msg) > 0);
    CHECKF(strstr(msg, "refused") != NULL, "describe: %s", msg);
    if (fd >= 0) {
        close(fd);
    }
    fd = bound_socket(AF_INET6, -1, &port);
    if (fd < 0) {
        SKIP(1, "no IPv6 loopback (::1)");
    } else {
        CHECK_EQ_INT(t.connect(t.net, "::1", port, IO_MS), S3L_ERR_CONNECT);
        close(fd);
    }
    s3l_posix_net_free(&net);
}

static void test_dns(void)
{
    struct s3l_net net;
    struct s3l_transport t;
    char msg[256];
    int rc;
    s3l_posix_net_init(&net, &t, NULL);
    /* .invalid never resolves (RFC 6761); the resolver may still ask, so this is the only
     * test that can wait on something outside the host (bounded by resolv.conf). */
    rc = t.connect(t.net, "no-such-host.s3lite.invalid", 80, IO_MS);
    CHECK_EQ_INT(rc, S3L_ERR_DNS);
    CHECK(net.gai_err != 0);
    CHECK(s3l_posix_net_describe(&net, rc, msg, sizeof msg) > (int)strlen(s3l_strerror(rc)));
    rc = t.connect(t.net, "not a host name!", 80, IO_MS);
    CHECK(rc == S3L_ERR_DNS);
    s3l_posix_net_free(&net);
}

static void test_timeouts_and_close(void)
{
    struct s3l_net net;
    struct s3l_transport t;
    uint8_t buf[64];
    uint16_t port = 0;
    long n = 0;
    unsigned i;
    int lfd = bound_socket(AF_INET, 8, &port), sfd;
    if (lfd < 0) {
        SKIP(8, "no IPv4 loopback");
        return;
    }
    s3l_posix_net_init(&net, &t, NULL);
    CHECK_EQ_INT(t.connect(t.net, "127.0.0.1", port, IO_MS), S3L_OK);
    sfd = accept_one(lfd);
    CHECK(sfd >= 0);
    /* Nothing sent by the server: a short wait times out, a zero wait says "try again". */
    CHECK_EQ_INT(t.recv(t.net, buf, sizeof buf, 50), S3L_ERR_TIMEOUT);
    CHECK_EQ_INT(t.recv(t.net, buf, sizeof buf, 0), S3L_ERR_AGAIN);
    /* Still usable after a timeout. */
    CHECK_EQ_INT(write_full(sfd, (const uint8_t *)"x", 1), 0);
    CHECK_EQ_INT(t.recv(t.net, buf, sizeof buf, IO_MS), 1);
    /* Orderly close by the peer: 0, as BSD recv() says it. */
    close(sfd);
    CHECK_EQ_INT(t.recv(t.net, buf, sizeof buf, IO_MS), 0);
    /* Writing to a closed peer ends in an error, never in SIGPIPE (which would kill us). */
    for (i = 0; i < 1000; i++) {
        n = t.send(t.net, buf, sizeof buf, IO_MS);
        if (n < 0) {
            break;
        }
    }
    CHECKF(n == S3L_ERR_CLOSED || n == S3L_ERR_NET, "send after close -> %ld", n);
    t.close(t.net);
    close(lfd);
    s3l_posix_net_free(&net);
}

/* A listener whose accept queue is full drops SYNs on Linux: connect must time out. */
static void test_connect_timeout(void)
{
    struct s3l_net nets[8];
    struct s3l_transport ts[8];
    uint16_t port = 0;
    int lfd = bound_socket(AF_INET, 0, &port), rc = S3L_OK;
    unsigned i, used = 0;
    if (lfd < 0) {
        SKIP(1, "no IPv4 loopback");
        return;
    }
    for (i = 0; i < 8 && rc == S3L_OK; i++) {
        s3l_posix_net_init(&nets[i], &ts[i], NULL);
        used++;
        rc = ts[i].connect(ts[i].net, "127.0.0.1", port, 200);
    }
    if (rc == S3L_OK) {
        SKIP(1, "the kernel never dropped a SYN (full accept queue not reproducible here)");
    } else {
        CHECK_EQ_INT(rc, S3L_ERR_TIMEOUT);
    }
    for (i = 0; i < used; i++) {
        s3l_posix_net_free(&nets[i]);
    }
    close(lfd);
}

static void test_args_and_state(void)
{
    struct s3l_net net;
    struct s3l_transport t;
    uint8_t buf[8];
    char msg[16 + 1];
    s3l_posix_net_init(&net, &t, NULL);
    CHECK(s3l_posix_net_tls(&net) == NULL);
    CHECK_EQ_INT(t.connect(t.net, NULL, 80, 10), S3L_ERR_ARG);
    CHECK_EQ_INT(t.connect(t.net, "", 80, 10), S3L_ERR_ARG);
    CHECK_EQ_INT(t.connect(t.net, "127.0.0.1", 0, 10), S3L_ERR_ARG);
    CHECK_EQ_INT(t.send(t.net, buf, sizeof buf, 10), S3L_ERR_STATE);
    CHECK_EQ_INT(t.recv(t.net, buf, sizeof buf, 10), S3L_ERR_STATE);
    CHECK_EQ_INT(t.send(t.net, NULL, 1, 10), S3L_ERR_ARG);
    CHECK_EQ_INT(t.recv(t.net, NULL, 1, 10), S3L_ERR_ARG);
    t.close(t.net); /* not connected: harmless */
    /* describe: small buffer is reported, guard byte intact, text NUL-terminated */
    msg[16] = 'G';
    CHECK_EQ_INT(s3l_posix_net_describe(&net, S3L_ERR_TLS_VERIFY, msg, 16),
                 S3L_ERR_BUF_TOO_SMALL);
    CHECK_EQ_INT(msg[16], 'G');
    CHECK_EQ_INT(strlen(msg), 15);
    CHECK_EQ_INT(s3l_posix_net_describe(&net, S3L_ERR_TLS, msg, 0), S3L_ERR_ARG);
    CHECK_EQ_INT(s3l_posix_net_describe(NULL, S3L_ERR_TIMEOUT, msg, 16),
                 (int)strlen("timed out"));
    s3l_posix_net_free(&net);
    s3l_posix_net_free(NULL);
}

static void on_alarm(int sig)
{
    static const char m[] = "test_port_posix: watchdog expired\n";
    (void)sig;
    (void)write(2, m, sizeof m - 1);
    _exit(1);
}

int main(void)
{
    signal(SIGALRM, on_alarm);
    alarm(60);
    test_platform();
    echo_case(AF_INET, "127.0.0.1", "IPv4 127.0.0.1");
    echo_case(AF_INET6, "::1", "no IPv6 loopback (::1)");
    echo_case(AF_INET, "localhost", "localhost");
    test_bulk();
    test_refused();
    test_dns();
    test_timeouts_and_close();
    test_connect_timeout();
    test_args_and_state();
    return th_summary();
}
