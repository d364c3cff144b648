/* SPDX-License-Identifier: MIT */
/*
 * Tests of port/tls (whichever backend this build chose: mbedTLS or OpenSSL; make test also
 * runs this program built against the other one) through the POSIX transport, against `openssl s_server -rev`
 * (echoes each line reversed) on 127.0.0.1, with a CA and server certificate generated at
 * run time by tests/certs/gen.sh under $BUILD/tests/tls-certs (default build/).
 *
 * The server is started here and always stopped: at exit, on SIGALRM (the watchdog),
 * SIGINT and SIGTERM, and by PR_SET_PDEATHSIG on Linux should this program crash.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/prctl.h>
#endif

#include "harness.h"
#include "s3lite/common.h"
#include "s3lite/port_posix.h"
#include "s3lite/port_tls.h"

#define IO_MS 5000u /* generous: only reached when something is broken */

static char cert_dir[1024];
static char path_ca[1200], path_other_ca[1200], path_crt[1200], path_key[1200], path_log[1200];
static char path_client_crt[1200], path_client_key[1200], path_client_der[1200];
static char path_ca_der[1200], path_client_crt_der[1200];
static char path_other_client_crt[1200], path_other_client_key[1200];
static volatile pid_t server_pid = -1;
static uint16_t server_port;

static void nap_ms(long ms)
{
    struct timespec ts;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    (void)nanosleep(&ts, NULL);
}

/* ---- processes --------------------------------------------------------------------------- */

static void kill_server_now(void)
{
    if (server_pid > 0) {
        (void)kill(server_pid, SIGKILL);
    }
}

static void stop_server(void)
{
    int i, status;
    pid_t pid = server_pid;
    if (pid <= 0) {
        return;
    }
    (void)kill(pid, SIGTERM);
    for (i = 0; i < 200; i++) { /* up to 2 s, then SIGKILL */
        if (waitpid(pid, &status, WNOHANG) == pid) {
            server_pid = -1;
            return;
        }
        nap_ms(10);
    }
    (void)kill(pid, SIGKILL);
    (void)waitpid(pid, &status, 0);
    server_pid = -1;
}

static void on_signal(int sig)
{
    static const char m[] = "test_tls: stopped by a signal (watchdog or interrupt)\n";
    (void)sig;
    kill_server_now();
    (void)write(2, m, sizeof m - 1);
    _exit(1);
}

/* Run the command a b c with stdout/stderr appended to path_log; its exit status. */
static int run3(const char *a, const char *b, const char *c)
{
    int status = -1;
    pid_t pid = fork();
    if (pid < 0) {
        return -1;
    }
    if (pid == 0) {
        int fd = open(path_log, O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        execlp(a, a, b, c, (char *)NULL);
        _exit(127);
    }
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) {
        return -1;
    }
    return WEXITSTATUS(status);
}

static uint16_t free_port(void)
{
    struct sockaddr_in a;
    socklen_t len = (socklen_t)sizeof a;
    uint16_t port = 0;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        return 0;
    }
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *)&a, len) == 0 &&
        getsockname(fd, (struct sockaddr *)&a, &len) == 0) {
        port = ntohs(a.sin_port);
    }
    close(fd);
    return port;
}

/* Start `openssl s_server -rev` on 127.0.0.1 and wait until it accepts. With client_ca, the
 * server requires a client certificate issued by that CA (mutual TLS). 0 or -1. */
static int start_server(const char *client_ca)
{
    struct s3l_net probe;
    struct s3l_transport t;
    char accept_arg[32];
    int attempt, i, status;
    for (attempt = 0; attempt < 3; attempt++) {
        pid_t parent = getpid(), pid;
        server_port = free_port();
        if (server_port == 0) {
            return -1;
        }
        snprintf(accept_arg, sizeof accept_arg, "127.0.0.1:%u", (unsigned)server_port);
        pid = fork();
        if (pid < 0) {
            return -1;
        }
        if (pid == 0) {
            int fd = open(path_log, O_WRONLY | O_CREAT | O_APPEND, 0644);
            int in = open("/dev/null", O_RDONLY);
#if defined(__linux__)
            (void)prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (getppid() != parent) {
                _exit(1); /* the test died before we got here */
            }
#endif
            (void)parent;
            if (fd >= 0) {
                dup2(fd, 1);
                dup2(fd, 2);
            }
            if (in >= 0) {
                dup2(in, 0);
            }
            if (client_ca != NULL) {
                execlp("openssl", "openssl", "s_server", "-accept", accept_arg, "-cert", path_crt,
                       "-key", path_key, "-rev", "-quiet", "-Verify", "1",
                       "-verify_return_error", "-CAfile", client_ca, (char *)NULL);
            } else {
                execlp("openssl", "openssl", "s_server", "-accept", accept_arg, "-cert", path_crt,
                       "-key", path_key, "-rev", "-quiet", (char *)NULL);
            }
            _exit(127);
        }
        server_pid = pid;
        s3l_posix_net_init(&probe, &t, NULL);
        for (i = 0; i < 100; i++) { /* up to ~5 s */
            if (waitpid(pid, &status, WNOHANG) == pid) {
                server_pid = -1; /* exited: port taken meanwhile? try another */
                break;
            }
            if (t.connect(t.net, "127.0.0.1", server_port, 200) == S3L_OK) {
                t.close(t.net);
                return 0;
            }
            nap_ms(50);
        }
        stop_server();
    }
    return -1;
}

/* ---- helpers ----------------------------------------------------------------------------- */

static int send_all(const struct s3l_transport *t, const char *s, size_t len)
{
    size_t put = 0;
    unsigned i;
    for (i = 0; i < 10000 && put < len; i++) {
        long n = t->send(t->net, (const uint8_t *)s + put, len - put, IO_MS);
        if (n < 0) {
            return (int)n;
        }
        put += (size_t)n;
    }
    return put == len ? 0 : S3L_ERR_TIMEOUT;
}

/* Read one line (with its '\n') into buf (NUL-terminated). Length, or a negative s3l_err. */
static long read_line(const struct s3l_transport *t, char *buf, size_t cap)
{
    size_t got = 0;
    unsigned i;
    for (i = 0; i < 10000 && got + 1 < cap; i++) {
        long n = t->recv(t->net, (uint8_t *)buf + got, 1, IO_MS);
        if (n < 0) {
            buf[got] = '\0';
            return n;
        }
        got += (size_t)n;
        if (got > 0 && buf[got - 1] == '\n') {
            break;
        }
    }
    buf[got] = '\0';
    return (long)got;
}

/* Send a line and check that the server sends it back reversed. 1 when it did. */
static int round_trip(const struct s3l_transport *t, const char *text)
{
    char line[512], want[512];
    size_t n = strlen(text), i;
    if (n + 2 > sizeof line) {
        return 0;
    }
    memcpy(line, text, n);
    line[n] = '\n';
    if (send_all(t, line, n + 1) != 0) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        want[i] = text[n - 1 - i];
    }
    want[n] = '\n';
    want[n + 1] = '\0';
    if (read_line(t, line, sizeof line) != (long)(n + 1)) {
        return 0;
    }
    return strcmp(line, want) == 0;
}

static void cfg_init(struct s3l_tls_config *cfg, const char *ca_file)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->ca_file = ca_file;
}

/* Connect with cfg to host; returns the connect result and leaves net connected on success. */
static int tls_connect(struct s3l_net *net, struct s3l_transport *t,
                       const struct s3l_tls_config *cfg, const char *host)
{
    s3l_posix_net_init(net, t, cfg);
    return t->connect(t->net, host, server_port, IO_MS);
}

/* ---- cases -------------------------------------------------------------------------------- */

static void test_verified(void)
{
    struct s3l_tls_config cfg;
    struct s3l_net net;
    struct s3l_transport t;
    int rc;

    cfg_init(&cfg, path_ca);
    rc = tls_connect(&net, &t, &cfg, "localhost");
    CHECKF(rc == S3L_OK, "localhost with the right CA -> %d", rc);
    CHECK(round_trip(&t, "hello s3lite"));
    CHECK_EQ_INT(s3l_tls_verify_flags(s3l_posix_net_tls(&net)), 0);
    /* Reconnect on the same state (session reset path), then a longer exchange. */
    t.close(t.net);
    CHECK_EQ_INT(t.connect(t.net, "localhost", server_port, IO_MS), S3L_OK);
    {
        char text[301];
        int i, ok = 1;
        for (i = 0; i < 300; i++) {
            text[i] = (char)('a' + (i * 7) % 26);
        }
        text[300] = '\0';
        for (i = 0; i < 50 && ok; i++) {
            text[i] = (char)('A' + i % 26);
            ok = round_trip(&t, text);
        }
        CHECK(ok);
    }
    s3l_posix_net_free(&net);

    /* An IP literal is checked against the certificate's iPAddress names. */
    rc = tls_connect(&net, &t, &cfg, "127.0.0.1");
    CHECKF(rc == S3L_OK, "127.0.0.1 with the right CA -> %d", rc);
    CHECK(round_trip(&t, "by address"));
    s3l_posix_net_free(&net);

    /* IPv6 literals in the name to verify (the certificate also names ::1), in two
     * spellings; the connection itself goes to 127.0.0.1 where the server listens. */
    cfg.server_name = "::1";
    rc = tls_connect(&net, &t, &cfg, "127.0.0.1");
    CHECKF(rc == S3L_OK, "server_name ::1 -> %d", rc);
    s3l_posix_net_free(&net);
    cfg.server_name = "0:0:0:0:0:0:0:1";
    rc = tls_connect(&net, &t, &cfg, "127.0.0.1");
    CHECKF(rc == S3L_OK, "server_name 0:0:0:0:0:0:0:1 -> %d", rc);
    s3l_posix_net_free(&net);
}

static void test_ca_pem(void)
{
    static char pem[16384];
    struct s3l_tls_config cfg;
    struct s3l_net net;
    struct s3l_transport t;
    size_t n = 0;
    FILE *f = fopen(path_ca, "rb");
    int rc;
    CHECK(f != NULL);
    if (f == NULL) {
        return;
    }
    n = fread(pem, 1, sizeof pem - 1, f);
    fclose(f);
    pem[n] = '\0';
    cfg_init(&cfg, NULL);
    cfg.ca_pem = pem; /* length 0: strlen + 1 */
    cfg.ca_file = path_other_ca; /* ignored: ca_pem wins */
    rc = tls_connect(&net, &t, &cfg, "localhost");
    CHECKF(rc == S3L_OK, "CA from memory -> %d", rc);
    CHECK(round_trip(&t, "pem"));
    s3l_posix_net_free(&net);
    cfg.ca_pem_len = n + 1;
    rc = tls_connect(&net, &t, &cfg, "localhost");
    CHECKF(rc == S3L_OK, "CA from memory, explicit length -> %d", rc);
    s3l_posix_net_free(&net);

    /* DER: a file, and the same bytes in memory (length given: DER has no terminator) */
    cfg_init(&cfg, path_ca_der);
    rc = tls_connect(&net, &t, &cfg, "localhost");
    CHECKF(rc == S3L_OK, "CA file in DER -> %d", rc);
    CHECK(rc == S3L_OK && round_trip(&t, "der"));
    s3l_posix_net_free(&net);
    f = fopen(path_ca_der, "rb");
    CHECK(f != NULL);
    if (f == NULL) {
        return;
    }
    n = fread(pem, 1, sizeof pem, f);
    fclose(f);
    cfg_init(&cfg, NULL);
    cfg.ca_pem = pem;
    cfg.ca_pem_len = n;
    rc = tls_connect(&net, &t, &cfg, "localhost");
    CHECKF(rc == S3L_OK, "CA in DER from memory -> %d", rc);
    s3l_posix_net_free(&net);
}

static void expect_verify_fail(const struct s3l_tls_config *cfg, const char *host,
                               uint32_t want_flag, const char *want_text, const char *what)
{
    struct s3l_net net;
    struct s3l_transport t;
    char info[512], msg[600];
    int rc = tls_connect(&net, &t, cfg, host);
    struct s3l_tls *tls = s3l_posix_net_tls(&net);
    CHECKF(rc == S3L_ERR_TLS_VERIFY, "%s -> %d", what, rc);
    CHECKF((s3l_tls_verify_flags(tls) & want_flag) != 0, "%s: flags 0x%x", what,
           (unsigned)s3l_tls_verify_flags(tls));
    CHECK(s3l_tls_verify_info(tls, info, sizeof info) > 0);
    CHECKF(strstr(info, want_text) != NULL, "%s: reason \"%s\"", what, info);
    CHECK(s3l_tls_last_error(tls) < 0);
    CHECK(s3l_posix_net_describe(&net, rc, msg, sizeof msg) > 0);
    CHECKF(strstr(msg, want_text) != NULL && strchr(msg, '\n') == NULL, "describe: %s", msg);
    CHECK(net.fd == -1); /* the failed connection was closed */
    CHECK_EQ_INT(t.send(t.net, (const uint8_t *)"x", 1, 10), S3L_ERR_STATE);
    s3l_posix_net_free(&net);
}

static void test_refused_certificates(void)
{
    struct s3l_tls_config cfg;
    struct stat st;

    cfg_init(&cfg, path_ca);
    cfg.server_name = "wrong.example";
    expect_verify_fail(&cfg, "127.0.0.1", S3L_TLS_BADCERT_CN_MISMATCH, "CN",
                       "wrong host name");
    cfg.server_name = "127.0.0.2";
    expect_verify_fail(&cfg, "127.0.0.1", S3L_TLS_BADCERT_CN_MISMATCH, "CN",
                       "wrong IP address");
    cfg.server_name = "::2";
    expect_verify_fail(&cfg, "127.0.0.1", S3L_TLS_BADCERT_CN_MISMATCH, "CN",
                       "wrong IPv6 address");
    cfg.server_name = "::ffff:127.0.0.1"; /* same IPv4, but not the 4-byte name */
    expect_verify_fail(&cfg, "127.0.0.1", S3L_TLS_BADCERT_CN_MISMATCH, "CN",
                       "IPv4-mapped IPv6 address");

    cfg_init(&cfg, path_other_ca);
    expect_verify_fail(&cfg, "localhost", S3L_TLS_BADCERT_NOT_TRUSTED, "trusted",
                       "unknown CA");

    cfg_init(&cfg, NULL); /* the system bundle does not know our test CA */
    if (stat(S3L_TLS_CA_FILE_DEFAULT, &st) != 0) {
        SKIP(8, "no system CA bundle at " S3L_TLS_CA_FILE_DEFAULT);
    } else {
        expect_verify_fail(&cfg, "localhost", S3L_TLS_BADCERT_NOT_TRUSTED, "trusted",
                           "system bundle");
    }
}

static void test_insecure(void)
{
    struct s3l_tls_config cfg;
    struct s3l_net net;
    struct s3l_transport t;
    int rc;
    cfg_init(&cfg, path_other_ca);
    cfg.insecure_no_verify = 1;
    cfg.server_name = "wrong.example";
    rc = tls_connect(&net, &t, &cfg, "127.0.0.1");
    CHECKF(rc == S3L_OK, "insecure -> %d", rc);
    CHECK(round_trip(&t, "no verification"));
    s3l_posix_net_free(&net);
}

static void test_bad_ca_file(void)
{
    struct s3l_tls_config cfg;
    struct s3l_net net;
    struct s3l_transport t;
    char missing[1300], text[256];
    int rc;
    snprintf(missing, sizeof missing, "%s/no-such-ca.crt", cert_dir);
    cfg_init(&cfg, missing);
    rc = tls_connect(&net, &t, &cfg, "localhost");
    CHECK_EQ_INT(rc, S3L_ERR_TLS);
    CHECK(s3l_tls_last_error(s3l_posix_net_tls(&net)) < 0);
    CHECK(s3l_tls_error_text(s3l_posix_net_tls(&net), text, sizeof text) > 0);
    CHECK(net.fd == -1); /* nothing was connected */
    /* A second try fails the same way (setup is redone, not half-kept). */
    CHECK_EQ_INT(t.connect(t.net, "localhost", server_port, IO_MS), S3L_ERR_TLS);
    s3l_posix_net_free(&net);

    cfg_init(&cfg, NULL);
    cfg.ca_pem = "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n";
    rc = tls_connect(&net, &t, &cfg, "localhost");
    CHECK_EQ_INT(rc, S3L_ERR_TLS);
    s3l_posix_net_free(&net);
}

static void test_timeout_and_close(void)
{
    struct s3l_tls_config cfg;
    struct s3l_net net;
    struct s3l_transport t;
    uint8_t buf[64];
    int rc;
    cfg_init(&cfg, path_ca);
    rc = tls_connect(&net, &t, &cfg, "localhost");
    CHECK_EQ_INT(rc, S3L_OK);
    /* The server says nothing until it gets a line. */
    CHECK_EQ_INT(t.recv(t.net, buf, sizeof buf, 100), S3L_ERR_TIMEOUT);
    CHECK(round_trip(&t, "still fine after a timeout"));
    /* s_server -rev closes the connection on a line "CLOSE". */
    CHECK_EQ_INT(send_all(&t, "CLOSE\n", 6), 0);
    {
        long n = 0;
        int i;
        for (i = 0; i < 100; i++) { /* skip whatever it says before closing */
            n = t.recv(t.net, buf, sizeof buf, IO_MS);
            if (n <= 0) {
                break;
            }
        }
        CHECKF(n == 0, "recv after the peer closed -> %ld (want 0, an orderly close)", n);
    }
    t.close(t.net);
    s3l_posix_net_free(&net);
}

/* A TCP peer that accepts but never answers: the handshake times out. */
static void test_handshake_timeout(void)
{
    struct s3l_tls_config cfg;
    struct s3l_net net;
    struct s3l_transport t;
    struct sockaddr_in a;
    socklen_t len = (socklen_t)sizeof a;
    int lfd = socket(AF_INET, SOCK_STREAM, 0), rc;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&a, len) != 0 || listen(lfd, 4) != 0 ||
        getsockname(lfd, (struct sockaddr *)&a, &len) != 0) {
        SKIP(2, "cannot listen on 127.0.0.1");
        if (lfd >= 0) {
            close(lfd);
        }
        return;
    }
    cfg_init(&cfg, path_ca);
    s3l_posix_net_init(&net, &t, &cfg);
    rc = t.connect(t.net, "127.0.0.1", ntohs(a.sin_port), 200);
    CHECK_EQ_INT(rc, S3L_ERR_TIMEOUT);
    CHECK(net.fd == -1);
    s3l_posix_net_free(&net);
    close(lfd);
}

/* A peer that answers the ClientHello with plain HTTP: a TLS error, not a hang. */
static void test_not_tls(void)
{
    struct s3l_tls_config cfg;
    struct s3l_net net;
    struct s3l_transport t;
    struct sockaddr_in a;
    socklen_t len = (socklen_t)sizeof a;
    int lfd = socket(AF_INET, SOCK_STREAM, 0), rc, status;
    pid_t pid;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&a, len) != 0 || listen(lfd, 4) != 0 ||
        getsockname(lfd, (struct sockaddr *)&a, &len) != 0) {
        SKIP(1, "cannot listen on 127.0.0.1");
        if (lfd >= 0) {
            close(lfd);
        }
        return;
    }
    pid = fork();
    if (pid == 0) {
        static const char resp[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
        char buf[2048];
        struct timeval tv;
        int fd;
        server_pid = -1; /* this child must never signal the real server */
        signal(SIGALRM, SIG_DFL);
        alarm(10);
        fd = accept(lfd, NULL, NULL);
        if (fd < 0) {
            _exit(1);
        }
        tv.tv_sec = 5;
        tv.tv_usec = 0;
        (void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, (socklen_t)sizeof tv);
        (void)recv(fd, buf, sizeof buf, 0); /* the ClientHello */
        (void)send(fd, resp, sizeof resp - 1, MSG_NOSIGNAL);
        shutdown(fd, SHUT_WR);
        while (recv(fd, buf, sizeof buf, 0) > 0) {
        }
        _exit(0);
    }
    cfg_init(&cfg, path_ca);
    s3l_posix_net_init(&net, &t, &cfg);
    rc = pid > 0 ? t.connect(t.net, "127.0.0.1", ntohs(a.sin_port), IO_MS) : S3L_ERR_ARG;
    CHECKF(rc == S3L_ERR_TLS, "plain HTTP peer -> %d", rc);
    s3l_posix_net_free(&net);
    close(lfd);
    if (pid > 0) {
        (void)waitpid(pid, &status, 0);
    }
}

/* A lower layer that says "try again" (0) on every other call: TLS must ride over it. */
static unsigned flaky_calls;
static long flaky_send(struct s3l_net *n, const uint8_t *b, size_t len, uint32_t ms)
{
    return (++flaky_calls & 1u) ? S3L_ERR_AGAIN : s3l_posix_tcp_send(n, b, len, ms);
}
static long flaky_recv(struct s3l_net *n, uint8_t *b, size_t len, uint32_t ms)
{
    return (++flaky_calls & 1u) ? S3L_ERR_AGAIN : s3l_posix_tcp_recv(n, b, len, ms);
}

static void test_direct_api_flaky_lower(void)
{
    struct s3l_tls_config cfg;
    struct s3l_net tcp;
    struct s3l_transport plain, flaky;
    struct s3l_platform plat;
    struct s3l_tls tls;
    char info[8 + 1];
    uint8_t buf[4];
    int rc, i;
    long n = 0;

    s3l_posix_net_init(&tcp, &plain, NULL);
    s3l_posix_platform_init(&plat);
    flaky = plain;
    flaky.send = flaky_send;
    flaky.recv = flaky_recv;
    cfg_init(&cfg, path_ca);
    s3l_tls_init(&tls, &cfg, &flaky, &plat);
    CHECK_EQ_INT(s3l_tls_send(&tls, buf, 1, 10), S3L_ERR_STATE);
    CHECK_EQ_INT(s3l_tls_recv(&tls, buf, 1, 10), S3L_ERR_STATE);
    CHECK_EQ_INT(s3l_tls_connect(&tls, "", server_port, IO_MS), S3L_ERR_ARG);
    rc = s3l_tls_connect(&tls, "localhost", server_port, IO_MS);
    CHECKF(rc == S3L_OK, "handshake over a lower layer that returns 0 -> %d", rc);
    CHECK(flaky_calls > 4);
    CHECK_EQ_INT(s3l_tls_connect(&tls, "localhost", server_port, IO_MS), S3L_ERR_STATE);
    /* the same round trip, through the direct API, retrying on 0 */
    {
        static const char line[] = "flaky\n";
        size_t put = 0;
        char got[16];
        size_t have = 0;
        for (i = 0; i < 1000 && put < sizeof line - 1; i++) {
            n = s3l_tls_send(&tls, (const uint8_t *)line + put, sizeof line - 1 - put, IO_MS);
            if (n == S3L_ERR_AGAIN) {
                continue;
            }
            if (n < 0) {
                break;
            }
            put += (size_t)n;
        }
        CHECK_EQ_INT(put, sizeof line - 1);
        for (i = 0; i < 1000 && have < 6; i++) {
            n = s3l_tls_recv(&tls, (uint8_t *)got + have, sizeof got - 1 - have, IO_MS);
            if (n == S3L_ERR_AGAIN) {
                continue;
            }
            if (n <= 0) {
                break;
            }
            have += (size_t)n;
        }
        got[have] = '\0';
        CHECK_EQ_STR(got, "ykalf\n");
    }
    /* diagnostics API edges: nothing failed, small and NULL buffers */
    info[8] = 'G';
    CHECK_EQ_INT(s3l_tls_verify_info(&tls, info, 8), 0);
    CHECK_EQ_STR(info, "");
    CHECK_EQ_INT(s3l_tls_verify_info(&tls, NULL, 8), S3L_ERR_ARG);
    CHECK_EQ_INT(s3l_tls_error_text(&tls, info, 0), S3L_ERR_ARG);
    CHECK_EQ_INT(s3l_tls_error_text(&tls, info, 8), 0);
    CHECK_EQ_INT(info[8], 'G');
    s3l_tls_close(&tls);
    s3l_tls_close(&tls); /* twice is harmless */
    CHECK(tcp.fd == -1);
    s3l_tls_free(&tls);

    /* verify_info into a buffer too small for the reason: reported, cut, guarded */
    cfg_init(&cfg, path_other_ca);
    s3l_tls_init(&tls, &cfg, &plain, &plat);
    CHECK_EQ_INT(s3l_tls_connect(&tls, "localhost", server_port, IO_MS), S3L_ERR_TLS_VERIFY);
    info[8] = 'G';
    CHECK_EQ_INT(s3l_tls_verify_info(&tls, info, 8), S3L_ERR_BUF_TOO_SMALL);
    CHECK_EQ_INT(strlen(info), 7);
    CHECK_EQ_INT(info[8], 'G');
    s3l_tls_free(&tls);

    /* no entropy hook: refused before anything is sent */
    plat.entropy = NULL;
    s3l_tls_init(&tls, &cfg, &plain, &plat);
    CHECK_EQ_INT(s3l_tls_connect(&tls, "localhost", server_port, IO_MS), S3L_ERR_ARG);
    s3l_tls_free(&tls);
    s3l_posix_net_free(&tcp);
}

/* ---- mutual TLS (the server started with a client CA) ----------------------------------- */

/* Read a whole small file into buf (NUL-terminated). Its length, or 0. */
static size_t slurp(const char *path, char *buf, size_t cap)
{
    size_t n;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return 0;
    }
    n = fread(buf, 1, cap - 1, f);
    fclose(f);
    buf[n] = '\0';
    return n;
}

static void cfg_client(struct s3l_tls_config *cfg, const char *crt, const char *key)
{
    cfg_init(cfg, path_ca);
    cfg->client_cert_file = crt;
    cfg->client_key_file = key;
}

/* The server accepted us: the handshake and a round trip work. */
static void expect_accepted(const struct s3l_tls_config *cfg, const char *what)
{
    struct s3l_net net;
    struct s3l_transport t;
    int rc = tls_connect(&net, &t, cfg, "localhost");
    CHECKF(rc == S3L_OK, "%s -> %d", what, rc);
    CHECKF(rc == S3L_OK && round_trip(&t, what), "%s: round trip", what);
    s3l_posix_net_free(&net);
}

/* The server refused us: under TLS 1.2 the handshake fails; under TLS 1.3 the client has
 * finished when the server checks, so its alert ends the first read instead. Either way a
 * TLS error (the alert) or a closed connection, never data. */
static void expect_refused(const struct s3l_tls_config *cfg, const char *what)
{
    struct s3l_net net;
    struct s3l_transport t;
    char line[64], text[256];
    long n;
    int rc = tls_connect(&net, &t, cfg, "localhost");
    if (rc == S3L_OK) {
        n = send_all(&t, "refuse me\n", 10);
        if (n == 0) {
            n = read_line(&t, line, sizeof line);
        }
        rc = (int)n;
    }
    CHECKF(rc == S3L_ERR_TLS || rc == S3L_ERR_CLOSED || rc == S3L_ERR_NET || rc == 0,
           "%s -> %d (want a refusal)", what, rc);
    if (rc == S3L_ERR_TLS) {
        CHECK(s3l_tls_error_text(s3l_posix_net_tls(&net), text, sizeof text) > 0);
    }
    s3l_posix_net_free(&net);
}

/* A configuration error found before any byte is sent: rc, and text naming the part. */
static void expect_setup_error(const struct s3l_tls_config *cfg, int want_rc,
                               const char *want_text, const char *what)
{
    struct s3l_net net;
    struct s3l_transport t;
    char text[256], msg[400];
    int rc = tls_connect(&net, &t, cfg, "localhost");
    CHECKF(rc == want_rc, "%s -> %d (want %d)", what, rc, want_rc);
    CHECK(s3l_tls_error_text(s3l_posix_net_tls(&net), text, sizeof text) > 0);
    CHECKF(strstr(text, want_text) != NULL, "%s: \"%s\"", what, text);
    CHECK(s3l_posix_net_describe(&net, rc, msg, sizeof msg) > 0);
    CHECKF(strstr(msg, want_text) != NULL, "%s: describe \"%s\"", what, msg);
    CHECK(net.fd == -1); /* nothing was connected */
    /* again: the same answer (setup is redone, not half-kept) */
    CHECK_EQ_INT(t.connect(t.net, "localhost", server_port, IO_MS), want_rc);
    s3l_posix_net_free(&net);
}

static void test_mutual_tls(void)
{
    static char crt_pem[8192], key_pem[8192];
    struct s3l_tls_config cfg;
    struct s3l_platform plat;
    struct s3l_net tcp;
    struct s3l_transport plain;
    struct s3l_tls tls;
    char missing[1300];
    size_t i, nonzero = 0;

    cfg_client(&cfg, path_client_crt, path_client_key);
    expect_accepted(&cfg, "client certificate from files");
    cfg_client(&cfg, path_client_crt, path_client_der);
    expect_accepted(&cfg, "client key in DER");
    cfg_client(&cfg, path_client_crt_der, path_client_der);
    expect_accepted(&cfg, "client certificate and key in DER");
    cfg_client(&cfg, path_other_client_crt, path_other_client_key); /* ignored: memory wins */
    CHECK(slurp(path_client_crt, crt_pem, sizeof crt_pem) > 0);
    CHECK(slurp(path_client_key, key_pem, sizeof key_pem) > 0);
    cfg.client_cert_pem = crt_pem;
    cfg.client_key_pem = key_pem;
    expect_accepted(&cfg, "client certificate from memory");
    cfg.client_key_pem_len = strlen(key_pem) + 1;
    cfg.client_cert_pem_len = strlen(crt_pem) + 1;
    expect_accepted(&cfg, "client certificate from memory, explicit lengths");

    cfg_init(&cfg, path_ca);
    expect_refused(&cfg, "no client certificate");
    cfg_client(&cfg, path_other_client_crt, path_other_client_key);
    expect_refused(&cfg, "client certificate from another CA");

    cfg_client(&cfg, path_client_crt, NULL);
    expect_setup_error(&cfg, S3L_ERR_ARG, "without its key", "certificate without a key");
    cfg_client(&cfg, NULL, path_client_key);
    expect_setup_error(&cfg, S3L_ERR_ARG, "without its certificate", "key without a certificate");
    snprintf(missing, sizeof missing, "%s/no-such-client.crt", cert_dir);
    cfg_client(&cfg, missing, path_client_key);
    expect_setup_error(&cfg, S3L_ERR_TLS, "client certificate", "unreadable certificate file");
    cfg_client(&cfg, path_client_crt, missing);
    expect_setup_error(&cfg, S3L_ERR_TLS, "client key", "unreadable key file");
    cfg_client(&cfg, path_client_crt, path_other_client_key);
    expect_setup_error(&cfg, S3L_ERR_TLS, "does not match", "key of another certificate");
    cfg_client(&cfg, path_client_crt, NULL);
    cfg.client_key_pem = "-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----\n";
    expect_setup_error(&cfg, S3L_ERR_TLS, "client key", "garbled key");
    cfg_client(&cfg, path_client_key, path_client_key); /* a key where the certificate goes */
    expect_setup_error(&cfg, S3L_ERR_TLS, "client certificate", "not a certificate");

    /* Through the direct API: s3l_tls_free leaves nothing of the struct (key included). */
    s3l_posix_net_init(&tcp, &plain, NULL);
    s3l_posix_platform_init(&plat);
    cfg_client(&cfg, path_client_crt, path_client_key);
    s3l_tls_init(&tls, &cfg, &plain, &plat);
    CHECK_EQ_INT(s3l_tls_connect(&tls, "localhost", server_port, IO_MS), S3L_OK);
    s3l_tls_free(&tls);
    for (i = 0; i < sizeof tls; i++) {
        nonzero += ((const unsigned char *)&tls)[i] != 0;
    }
    CHECK_EQ_INT(nonzero, 0);
    s3l_posix_net_free(&tcp);
}

int main(void)
{
    const char *build = getenv("BUILD");
    struct stat st;

    printf("test_tls: TLS backend %s\n", s3l_tls_version());
    signal(SIGALRM, on_signal);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    alarm(120);
    atexit(stop_server);

    snprintf(cert_dir, sizeof cert_dir, "%s/tests/tls-certs",
             build != NULL && build[0] != '\0' ? build : "build");
    snprintf(path_ca, sizeof path_ca, "%s/ca.crt", cert_dir);
    snprintf(path_other_ca, sizeof path_other_ca, "%s/other-ca.crt", cert_dir);
    snprintf(path_crt, sizeof path_crt, "%s/server.crt", cert_dir);
    snprintf(path_key, sizeof path_key, "%s/server.key", cert_dir);
    snprintf(path_log, sizeof path_log, "%s/test_tls.log", cert_dir);
    snprintf(path_client_crt, sizeof path_client_crt, "%s/client.crt", cert_dir);
    snprintf(path_client_key, sizeof path_client_key, "%s/client.key", cert_dir);
    snprintf(path_client_der, sizeof path_client_der, "%s/client.key.der", cert_dir);
    snprintf(path_client_crt_der, sizeof path_client_crt_der, "%s/client.crt.der", cert_dir);
    snprintf(path_ca_der, sizeof path_ca_der, "%s/ca.der", cert_dir);
    snprintf(path_other_client_crt, sizeof path_other_client_crt, "%s/other-client.crt", cert_dir);
    snprintf(path_other_client_key, sizeof path_other_client_key, "%s/other-client.key", cert_dir);

    if (stat("tests/certs/gen.sh", &st) != 0) {
        SKIP(1, "tests/certs/gen.sh not found: run from the project root");
        return th_summary();
    }
    if (run3("mkdir", "-p", cert_dir) != 0 || run3("sh", "tests/certs/gen.sh", cert_dir) != 0) {
        SKIP(1, "could not make test certificates (is the openssl command installed?)");
        return th_summary();
    }
    {
        FILE *log = fopen(path_log, "w"); /* a fresh log each run */
        if (log != NULL) {
            fclose(log);
        }
    }
    if (start_server(NULL) != 0) {
        SKIP(1, "could not start openssl s_server on 127.0.0.1");
        return th_summary();
    }
    test_verified();
    test_ca_pem();
    test_refused_certificates();
    test_insecure();
    test_bad_ca_file();
    test_timeout_and_close();
    test_handshake_timeout();
    test_not_tls();
    test_direct_api_flaky_lower();
    stop_server();
    if (start_server(path_ca) != 0) {
        SKIP(1, "could not start openssl s_server -Verify on 127.0.0.1");
        return th_summary();
    }
    test_mutual_tls();
    stop_server();
    return th_summary();
}
