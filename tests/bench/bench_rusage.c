/* SPDX-License-Identifier: MIT */
/*
 * bench_rusage OUT SECONDS CMD [ARGS...] - run CMD, wait for it, and write one line to the file
 * OUT:  "<exit status> <user s> <sys s> <wall s> <peak RSS KiB>"
 * (exit status: the child's, or 128+N when killed by signal N; 127 when it could not start).
 * After SECONDS (0: never) the child is killed (SIGKILL): every run is bounded.
 * CMD's stdin, stdout and stderr are ours. Used by tests/bench/bench_upload.py (make bench-upload).
 *
 * Why a program of its own: Linux counts the RSS a process had before exec into the peak RSS
 * (ru_maxrss) of what it execs, so a child forked by Python starts from Python's ~16 MiB. This
 * program is linked statically when possible and stays small, so the peak RSS it reports is
 * the child's own down to a few hundred KiB.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t child_pid;

static void on_alarm(int sig)
{
    (void)sig;
    if (child_pid > 0) kill((pid_t)child_pid, SIGKILL);
}

static double seconds(struct timeval tv)
{
    return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    FILE *out;
    pid_t pid;
    int status = 0, code;
    struct rusage ru;
    double t0, wall;
    char *end;
    unsigned long limit;
    if (argc < 4) {
        fprintf(stderr, "usage: bench_rusage OUT SECONDS CMD [ARGS...]\n");
        return 2;
    }
    limit = strtoul(argv[2], &end, 10);
    if (*end != '\0' || limit > 86400) {
        fprintf(stderr, "bench_rusage: SECONDS: want 0..86400\n");
        return 2;
    }
    t0 = now();
    pid = fork();
    if (pid < 0) {
        perror("bench_rusage: fork");
        return 2;
    }
    if (pid == 0) {
        execvp(argv[3], argv + 3);
        fprintf(stderr, "bench_rusage: %s: %s\n", argv[3], strerror(errno));
        _exit(127);
    }
    /* Our own signals go to the child, which decides; we only wait. */
    signal(SIGINT, SIG_IGN);
    signal(SIGTERM, SIG_IGN);
    child_pid = pid;
    signal(SIGALRM, on_alarm);
    alarm((unsigned)limit);
    while (wait4(pid, &status, 0, &ru) < 0) {
        if (errno != EINTR) {
            perror("bench_rusage: wait4");
            return 2;
        }
    }
    wall = now() - t0;
    code = WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 255;
    out = fopen(argv[1], "w");
    if (out == NULL) {
        perror(argv[1]);
        return 2;
    }
    fprintf(out, "%d %.6f %.6f %.6f %ld\n", code, seconds(ru.ru_utime), seconds(ru.ru_stime), wall,
            ru.ru_maxrss);
    if (fclose(out) != 0) return 2;
    return code;
}
