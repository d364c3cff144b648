/* SPDX-License-Identifier: MIT */
/*
 * tcp_relay PORT: the host side of the uploader image's one network path. QEMU's user network
 * starts it for each connection the guest opens to the forwarded address
 * (-nic user,...,guestfwd=tcp:10.0.2.100:PORT-cmd:tcp_relay PORT) with that connection as its
 * stdin and stdout; it connects to 127.0.0.1:PORT and copies both ways until both sides have
 * closed, passing each side's close on (QEMU's -tcp: form connects once and never does).
 * Only 127.0.0.1: the guest reaches nothing else. Silent: stderr is the guest's connection
 * too. Exit 0 after a clean close, 1 on an error.
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#define BUF_SIZE 65536
/* A connection idle this long is given up (the client's own timeouts are far shorter);
 * once the guest has closed, the server's close is awaited for CLOSING_MS at most. */
#define IDLE_MS (10 * 60 * 1000)
#define CLOSING_MS (30 * 1000)

/* Copy what is readable from `from` to `to`: bytes copied, 0 at end of stream, -1 on error. */
static long pump(int from, int to, char *buf)
{
    long n = (long)read(from, buf, BUF_SIZE);
    long off = 0;
    if (n <= 0) return n < 0 && errno == EINTR ? 1 : n;
    while (off < n) {
        long w = (long)write(to, buf + off, (size_t)(n - off));
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        off += w;
    }
    return n;
}

int main(int argc, char **argv)
{
    static char buf[BUF_SIZE];
    struct sockaddr_in sa;
    long port = argc == 2 ? strtol(argv[1], NULL, 10) : 0;
    int s, guest_open = 1, server_open = 1;

    if (port <= 0 || port > 65535) return 1;
    s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0) return 1;
    sa.sin_family = AF_INET;
    sa.sin_port = htons((unsigned short)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(s, (struct sockaddr *)&sa, sizeof sa) != 0) return 1;
    while (guest_open || server_open) {
        struct pollfd p[2];
        int r;
        p[0].fd = guest_open ? 0 : -1;
        p[0].events = POLLIN;
        p[1].fd = server_open ? s : -1;
        p[1].events = POLLIN;
        r = poll(p, 2, guest_open ? IDLE_MS : CLOSING_MS);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return 1;
        if (p[0].revents != 0) {
            long n = pump(0, s, buf);
            if (n < 0) return 1;
            if (n == 0) { /* the guest closed: pass the FIN on */
                guest_open = 0;
                (void)shutdown(s, SHUT_WR);
            }
        }
        if (p[1].revents != 0) {
            long n = pump(s, 1, buf);
            if (n < 0) return 1;
            if (n == 0) { /* the server closed: pass it on to the guest */
                server_open = 0;
                (void)shutdown(1, SHUT_WR);
            }
        }
    }
    close(s);
    return 0;
}
