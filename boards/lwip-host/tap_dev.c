/* SPDX-License-Identifier: MIT */
/*
 * Linux TAP device access for the lwIP host programs (see tap_dev.h).
 */
#define _DEFAULT_SOURCE /* struct ifreq */
#include "tap_dev.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <unistd.h>

int tap_dev_open(const char *name, char *err, size_t err_cap)
{
    struct ifreq ifr;
    int fd;
    if (name == NULL || name[0] == '\0' || strlen(name) >= IFNAMSIZ) {
        snprintf(err, err_cap, "bad TAP device name");
        return -1;
    }
    /* TUNSETIFF would create a missing device: the caller names one that exists. */
    if (if_nametoindex(name) == 0) {
        snprintf(err, err_cap, "no network interface named '%s'", name);
        return -2;
    }
    fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, err_cap, "/dev/net/tun: %s", strerror(errno));
        return -1;
    }
    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    memcpy(ifr.ifr_name, name, strlen(name) + 1);
    if (ioctl(fd, TUNSETIFF, &ifr) != 0) {
        snprintf(err, err_cap, "attach to TAP device '%s': %s", name, strerror(errno));
        (void)close(fd);
        return -1;
    }
    return fd;
}

long tap_dev_read(int fd, uint8_t *buf, size_t cap, uint32_t wait_ms)
{
    struct pollfd pfd;
    ssize_t n;
    int rc;
    pfd.fd = fd;
    pfd.events = POLLIN;
    pfd.revents = 0;
    rc = poll(&pfd, 1, (int)(wait_ms > 60000u ? 60000u : wait_ms));
    if (rc < 0) {
        return errno == EINTR ? 0 : -1;
    }
    if (rc == 0) {
        return 0;
    }
    n = read(fd, buf, cap);
    if (n < 0) {
        return (errno == EINTR || errno == EAGAIN) ? 0 : -1;
    }
    return (long)n;
}

int tap_dev_write(int fd, const uint8_t *frame, size_t len)
{
    ssize_t n = write(fd, frame, len);
    return n == (ssize_t)len ? 0 : -1;
}

void tap_dev_close(int fd)
{
    if (fd >= 0) (void)close(fd);
}

int tap_dev_random(uint8_t *buf, size_t len)
{
    return getrandom(buf, len, 0) == (ssize_t)len ? 0 : -1;
}
