/* SPDX-License-Identifier: MIT */
/* A TCP forwarder that cuts connections at byte offsets: see util_cut_proxy.h. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "util_cut_proxy.h"

#define CP_PAIRS 4

struct cut_proxy {
    int lfd;
    uint16_t port, target;
    pthread_t th;
    int started;
    volatile int stop;
    pthread_mutex_t mu;
    int fd[CP_PAIRS][2];  /* [i][0] the client side, [i][1] the server side; -1 unused */
    uint64_t bytes[2];    /* relayed per direction since cp_arm */
    uint64_t cut_at;      /* 0: never */
    enum cp_dir cut_dir;
    int cut_done;
};

static void close_pair(struct cut_proxy *p, int i)
{
    int k;
    for (k = 0; k < 2; k++) {
        if (p->fd[i][k] >= 0) close(p->fd[i][k]);
        p->fd[i][k] = -1;
    }
}

static int dial(uint16_t port)
{
    struct sockaddr_in a;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(port);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static void accept_one(struct cut_proxy *p)
{
    int i, cfd = accept(p->lfd, NULL, NULL), sfd;
    if (cfd < 0) return;
    sfd = dial(p->target);
    for (i = 0; i < CP_PAIRS && sfd >= 0; i++) {
        if (p->fd[i][0] < 0) {
            p->fd[i][0] = cfd;
            p->fd[i][1] = sfd;
            return;
        }
    }
    close(cfd);
    if (sfd >= 0) close(sfd);
}

/* Relay what is readable on pair i, side `from` (0 client: up; 1 server: down). */
static void relay(struct cut_proxy *p, int i, int from)
{
    uint8_t buf[16384];
    enum cp_dir dir = from == 0 ? CP_UP : CP_DOWN;
    ssize_t r = recv(p->fd[i][from], buf, sizeof buf, 0);
    size_t n, off = 0;
    int cut = 0;
    if (r <= 0) {
        close_pair(p, i); /* one side ended: end the other */
        return;
    }
    n = (size_t)r;
    pthread_mutex_lock(&p->mu);
    if (!p->cut_done && p->cut_at != 0 && p->cut_dir == dir && p->bytes[dir] + n >= p->cut_at) {
        n = (size_t)(p->cut_at - p->bytes[dir]);
        cut = 1;
        p->cut_done = 1;
    }
    p->bytes[dir] += n;
    pthread_mutex_unlock(&p->mu);
    while (off < n) { /* bounded: each send moves bytes or ends */
        ssize_t w = send(p->fd[i][1 - from], buf + off, n - off, MSG_NOSIGNAL);
        if (w <= 0) break;
        off += (size_t)w;
    }
    if (cut) close_pair(p, i);
}

static void *proxy_main(void *arg)
{
    struct cut_proxy *p = (struct cut_proxy *)arg;
    while (!p->stop) {
        struct pollfd pfd[1 + 2 * CP_PAIRS];
        int who[1 + 2 * CP_PAIRS][2];
        int n = 1, k, r;
        pfd[0].fd = p->lfd;
        pfd[0].events = POLLIN;
        for (k = 0; k < CP_PAIRS; k++) {
            int s;
            for (s = 0; s < 2 && p->fd[k][0] >= 0; s++) {
                pfd[n].fd = p->fd[k][s];
                pfd[n].events = POLLIN;
                who[n][0] = k;
                who[n][1] = s;
                n++;
            }
        }
        for (k = 0; k < n; k++) pfd[k].revents = 0;
        r = poll(pfd, (nfds_t)n, 100);
        if (r < 0 && errno != EINTR) break;
        if (r <= 0) continue;
        if (pfd[0].revents & POLLIN) accept_one(p);
        for (k = 1; k < n; k++) {
            int pi = who[k][0], side = who[k][1];
            if (pfd[k].revents != 0 && p->fd[pi][side] == pfd[k].fd) relay(p, pi, side);
        }
    }
    return NULL;
}

struct cut_proxy *cp_start(uint16_t target_port)
{
    struct cut_proxy *p = (struct cut_proxy *)calloc(1, sizeof *p);
    struct sockaddr_in a;
    socklen_t al = sizeof a;
    int one = 1, i;
    if (p == NULL) return NULL;
    for (i = 0; i < CP_PAIRS; i++) p->fd[i][0] = p->fd[i][1] = -1;
    p->target = target_port;
    pthread_mutex_init(&p->mu, NULL);
    p->lfd = socket(AF_INET, SOCK_STREAM, 0);
    if (p->lfd < 0) goto fail;
    setsockopt(p->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(p->lfd, (struct sockaddr *)&a, sizeof a) != 0 || listen(p->lfd, 8) != 0 ||
        getsockname(p->lfd, (struct sockaddr *)&a, &al) != 0)
        goto fail;
    p->port = ntohs(a.sin_port);
    if (pthread_create(&p->th, NULL, proxy_main, p) != 0) goto fail;
    p->started = 1;
    return p;
fail:
    if (p->lfd >= 0) close(p->lfd);
    free(p);
    return NULL;
}

uint16_t cp_port(const struct cut_proxy *p)
{
    return p->port;
}

void cp_arm(struct cut_proxy *p, enum cp_dir dir, uint64_t offset)
{
    pthread_mutex_lock(&p->mu);
    p->bytes[0] = p->bytes[1] = 0;
    p->cut_at = offset;
    p->cut_dir = dir;
    p->cut_done = 0;
    pthread_mutex_unlock(&p->mu);
}

uint64_t cp_bytes(struct cut_proxy *p, enum cp_dir dir)
{
    uint64_t n;
    pthread_mutex_lock(&p->mu);
    n = p->bytes[dir];
    pthread_mutex_unlock(&p->mu);
    return n;
}

int cp_cut_done(struct cut_proxy *p)
{
    int d;
    pthread_mutex_lock(&p->mu);
    d = p->cut_done;
    pthread_mutex_unlock(&p->mu);
    return d;
}

void cp_stop(struct cut_proxy *p)
{
    int i;
    if (p == NULL) return;
    p->stop = 1;
    if (p->started) pthread_join(p->th, NULL);
    for (i = 0; i < CP_PAIRS; i++) close_pair(p, i);
    close(p->lfd);
    pthread_mutex_destroy(&p->mu);
    free(p);
}
