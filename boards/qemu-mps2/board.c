/* SPDX-License-Identifier: MIT */
/* Instruction counter and stack probe for the QEMU boards: see board.h. */
#include <string.h>

#include "board.h"

#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)
#define SYST_RELOAD 0x00FFFFFFu

#define STACK_PAINT 0xC5C5C5C5u

extern uint32_t __stack_limit[], __stack_top[];

static volatile uint32_t g_wraps;

void systick_handler(void);
void systick_handler(void)
{
    g_wraps++;
}

void board_ticks_start(void)
{
    SYST_CSR = 0;
    SYST_RVR = SYST_RELOAD;
    SYST_CVR = 0;
    SYST_CSR = 7u; /* processor clock, interrupt on wrap, enabled */
    /* The current value reads 0 until the first tick reloads it: wait for that (bounded). */
    for (int i = 0; i < 100000 && SYST_CVR == 0; i++) continue;
}

uint64_t board_ticks(void)
{
    uint32_t w, v;
    do { /* a wrap between the two reads shows as a changed count: read again */
        w = g_wraps;
        v = SYST_CVR;
    } while (w != g_wraps);
    return (uint64_t)w * (SYST_RELOAD + 1u) + (SYST_RELOAD - v);
}

/* Paints below the stack pointer of this function, calls fn and scans for the deepest word
 * written. The SysTick interrupt is masked meanwhile: its exception frame would land in the
 * painted area. Nothing else uses the stack (no other interrupts are enabled). */
__attribute__((noinline)) size_t board_stack_probe(void (*fn)(void *), void *arg, size_t depth)
{
    uint32_t *sp, *bottom, *p;
    uint32_t csr = SYST_CSR;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    bottom = sp - depth / 4u;
    if (bottom < __stack_limit) return 0;
    SYST_CSR = csr & ~2u;
    /* Word by word, volatile: a memset() call here would push its registers into the area. */
    for (p = bottom; p < sp; p++) *(volatile uint32_t *)p = STACK_PAINT;
    __asm__ volatile("" ::: "memory");
    fn(arg);
    __asm__ volatile("" ::: "memory");
    for (p = bottom; p < sp && *p == STACK_PAINT; p++) continue;
    SYST_CSR = csr;
    return (size_t)((uintptr_t)sp - (uintptr_t)p);
}

/* Not inlined: its own frame must sit above the area it paints. Leaves 64 bytes below the
 * stack pointer alone (this function's callees, an interrupt frame arriving meanwhile). */
__attribute__((noinline)) void board_stack_paint(void)
{
    uint32_t *sp, *p;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    for (p = __stack_limit; p < sp - 16; p++) *(volatile uint32_t *)p = STACK_PAINT;
}

size_t board_stack_high_water(void)
{
    const uint32_t *p;
    /* the linker's two symbols bound one region, the stack */
    /* cppcheck-suppress comparePointers */
    for (p = __stack_limit; p < __stack_top && *p == STACK_PAINT; p++) continue;
    return (size_t)((uintptr_t)__stack_top - (uintptr_t)p);
}
