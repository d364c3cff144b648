/* SPDX-License-Identifier: MIT */
/*
 * A TCP forwarder on 127.0.0.1 that cuts the connection at a chosen byte offset: it relays
 * each client connection to 127.0.0.1:target_port and counts the bytes going up (client to
 * server) and down (server to client) over all connections of a run; when the count in the
 * chosen direction reaches the offset, it relays exactly that many bytes and closes both
 * sides, once per run. A thread; every wait bounded; stopped and joined by the test.
 */
#ifndef S3L_TEST_CUT_PROXY_H
#define S3L_TEST_CUT_PROXY_H

#include <stdint.h>

enum cp_dir { CP_UP = 0, CP_DOWN = 1 };

struct cut_proxy;

struct cut_proxy *cp_start(uint16_t target_port);
uint16_t cp_port(const struct cut_proxy *p);
/* Arm a new run: cut at byte `offset` (1-based: after that many bytes) of direction dir;
 * offset 0: never. Clears the counts. Call between runs, with no connection in use. */
void cp_arm(struct cut_proxy *p, enum cp_dir dir, uint64_t offset);
/* Bytes relayed in a direction since cp_arm; whether the cut happened. */
uint64_t cp_bytes(struct cut_proxy *p, enum cp_dir dir);
int cp_cut_done(struct cut_proxy *p);
void cp_stop(struct cut_proxy *p);

#endif
