/* SPDX-License-Identifier: MIT */
/*
 * Reset and vectors for the QEMU boards (mps2-an386 Cortex-M4F, microbit Cortex-M0): copy
 * .data from flash, zero .bss, turn the FPU on when the image is built for hard float, open
 * the semihosting handles (stdio goes to the host), take settings from the command line,
 * run main() and hand its status to exit(),
 * which newlib's rdimon reports through SYS_EXIT_EXTENDED so the host sees the exact code.
 * A fault prints its name and exits with status 3; nothing here is needed by core/.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board.h"

extern uint32_t __data_start[], __data_end[], __data_load[], __bss_start[], __bss_end[];
extern uint32_t __stack_top[];
extern char __heap_start[], __heap_end[];

extern void initialise_monitor_handles(void);
extern void __libc_init_array(void);
int main(int argc, char **argv);
void _init(void);
void _fini(void);
void reset_handler(void);
void fault_handler(void);
void systick_handler(void);

#define SCB_CPACR (*(volatile uint32_t *)0xE000ED88u)

/* Settings from QEMU's -append "NAME=VALUE ...", read through semihosting's SYS_GET_CMDLINE
 * (whose text starts with the image's name), become environment variables: getenv("SHARED")
 * then works as on the host. */
static void env_from_cmdline(void)
{
    static char buf[512];
    struct {
        char *text;
        int len;
    } block = {buf, (int)sizeof buf - 1};
    register int op __asm__("r0") = 0x15;
    register void *arg __asm__("r1") = &block;
    char *tok, *save = NULL;
    __asm__ volatile("bkpt 0xab" : "+r"(op) : "r"(arg) : "memory");
    if (op != 0 || block.len < 0 || block.len >= (int)sizeof buf) return;
    buf[block.len] = '\0';
    for (tok = strtok_r(buf, " ", &save); tok != NULL; tok = strtok_r(NULL, " ", &save)) {
        char *eq = strchr(tok, '=');
        if (eq == NULL) continue;
        *eq = '\0';
        setenv(tok, eq + 1, 1);
    }
}

void reset_handler(void)
{
    /* Word counts from the linker script's symbols, taken as addresses: each pair marks the
     * ends of one section, not of one C object. */
    size_t data_words = ((uintptr_t)__data_end - (uintptr_t)__data_start) / sizeof(uint32_t);
    size_t bss_words = ((uintptr_t)__bss_end - (uintptr_t)__bss_start) / sizeof(uint32_t);
    size_t i;
    for (i = 0; i < data_words; i++) __data_start[i] = __data_load[i];
    for (i = 0; i < bss_words; i++) __bss_start[i] = 0;
#if defined(__ARM_FP)
    /* CP10 and CP11 full access: without it the first VFP instruction faults. */
    SCB_CPACR |= 0xFu << 20;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
#endif
    initialise_monitor_handles();
    __libc_init_array();
    env_from_cmdline();
    {
        static char name[] = "s3lite-test";
        static char *argv[] = {name, NULL};
        exit(main(1, argv));
    }
}

/* __libc_init_array() and exit() call these (crti/crtn are not linked): nothing to do. */
void _init(void)
{
}

void _fini(void)
{
}

void fault_handler(void)
{
    /* Semihosting still works from a fault handler under QEMU: say so, then stop. */
    fputs("FAULT: hard fault (or another exception without a handler)\n", stderr);
    exit(3);
}

/* Vector table: initial stack pointer, then the handlers (16 system entries, no IRQs used). */
typedef void (*vector_fn)(void);
__attribute__((section(".vectors"), used)) static const vector_fn vectors[16] = {
    (vector_fn)(uintptr_t)__stack_top,
    reset_handler,
    fault_handler, /* NMI */
    fault_handler, /* HardFault */
    fault_handler, /* MemManage */
    fault_handler, /* BusFault */
    fault_handler, /* UsageFault */
    0, 0, 0, 0,
    fault_handler, /* SVCall */
    fault_handler, /* DebugMonitor */
    0,
    fault_handler, /* PendSV */
    systick_handler,
};

/* newlib's malloc gets the linker script's heap, no more (rdimon's own _sbrk only compares
 * with the current stack pointer). Test programs only. */
void *_sbrk(ptrdiff_t incr);
void *_sbrk(ptrdiff_t incr)
{
    static char *brk;
    char *prev;
    if (brk == NULL) brk = __heap_start;
    /* as addresses: the heap's ends are two linker symbols, not one C object */
    if (incr < 0 || (uintptr_t)incr > (uintptr_t)__heap_end - (uintptr_t)brk) {
        errno = ENOMEM;
        return (void *)-1;
    }
    prev = brk;
    brk += incr;
    return prev;
}
