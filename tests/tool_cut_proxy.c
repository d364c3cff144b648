/* SPDX-License-Identifier: MIT */
/*
 * The byte-offset cutting forwarder of tests/util_cut_proxy.c as a program, for runs against
 * a server outside the test programs (a local RGW, moto):
 *
 *   build/tests/cut_proxy TARGET_PORT up|down OFFSET [SECONDS]
 *
 * listens on an ephemeral 127.0.0.1 port, prints "port N" on one line, forwards every
 * connection to 127.0.0.1:TARGET_PORT and cuts once when OFFSET bytes (over all connections)
 * went in that direction (OFFSET 0: never). Ends after SECONDS (default 60) or when its
 * standard input closes, and prints the bytes relayed each way and whether it cut.
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util_cut_proxy.h"

int main(int argc, char **argv)
{
    struct cut_proxy *p;
    long secs = argc > 4 ? atol(argv[4]) : 60, i;
    if (argc < 4 || (strcmp(argv[2], "up") != 0 && strcmp(argv[2], "down") != 0)) {
        fprintf(stderr, "usage: cut_proxy TARGET_PORT up|down OFFSET [SECONDS]\n");
        return 2;
    }
    p = cp_start((uint16_t)atoi(argv[1]));
    if (p == NULL) {
        fprintf(stderr, "cut_proxy: cannot listen\n");
        return 1;
    }
    cp_arm(p, strcmp(argv[2], "up") == 0 ? CP_UP : CP_DOWN, strtoull(argv[3], NULL, 10));
    printf("port %u\n", (unsigned)cp_port(p));
    fflush(stdout);
    for (i = 0; i < secs * 10; i++) { /* bounded: SECONDS */
        struct pollfd in;
        in.fd = 0;
        in.events = POLLIN;
        in.revents = 0;
        if (poll(&in, 1, 100) > 0) {
            char b[256];
            if (read(0, b, sizeof b) <= 0) break;
        }
    }
    printf("up %lu down %lu cut %d\n", (unsigned long)cp_bytes(p, CP_UP),
           (unsigned long)cp_bytes(p, CP_DOWN), cp_cut_done(p));
    cp_stop(p);
    return 0;
}
