/* SPDX-License-Identifier: MIT */
/*
 * What the QEMU boards offer test and benchmark programs: the memory map's fixed addresses,
 * an instruction counter (SysTick under `-icount shift=0`) and a painted-stack probe.
 */
#ifndef S3L_BOARD_QEMU_MPS2_H
#define S3L_BOARD_QEMU_MPS2_H

#include <stddef.h>
#include <stdint.h>

/* mps2-an386 peripherals as QEMU models them (for a network port: LAN9118, IRQ 13). */
#define BOARD_UART0_BASE   0x40004000u
#define BOARD_LAN9118_BASE 0x40200000u
#define BOARD_LAN9118_IRQ  13

/* SysTick counts the processor clock: 25 MHz on mps2 in QEMU. Under `-icount shift=0` one
 * instruction takes 1 ns of virtual time, so one tick is 40 instructions (BOARD_TICK_INSNS,
 * checked by the benchmark against a loop of known length). */
#define BOARD_TICK_INSNS 40u

/* Start the free-running counter; board_ticks() reads it (64-bit, wraps counted by the
 * SysTick interrupt). */
void board_ticks_start(void);
uint64_t board_ticks(void);

/* Stack probe: paint `depth` bytes below the caller's stack pointer with a pattern, call
 * fn(arg) and return how many bytes below that stack pointer it touched (its frame and its
 * callees', the call's own return address included). 0 when depth is out of room. */
size_t board_stack_probe(void (*fn)(void *), void *arg, size_t depth);

/* Whole-program stack high-water mark: board_stack_paint() fills the free stack below the
 * caller's frame with a pattern (call it first thing in main); board_stack_high_water() then
 * returns the bytes of stack used so far since reset (interrupt frames included). */
void board_stack_paint(void);
size_t board_stack_high_water(void);

#endif
