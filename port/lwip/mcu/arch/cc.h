/* SPDX-License-Identifier: MIT */
/*
 * lwIP's arch header for a bare-metal MCU with GCC and newlib (NO_SYS=1): put port/lwip/mcu on
 * the include path after port/lwip. Host builds use the unix port's arch/ instead.
 */
#ifndef LWIP_ARCH_CC_H
#define LWIP_ARCH_CC_H

#include <stdlib.h>

/* lwIP draws the first local port and initial sequence numbers from this: seed it (srand)
 * from the board's entropy before lwip_init(), or every boot reuses them. */
#define LWIP_RAND() ((u32_t)rand())

/* No console assumed: diagnostics vanish and a failed assertion stops here. */
#define LWIP_PLATFORM_DIAG(x) do { } while (0)
#define LWIP_PLATFORM_ASSERT(x) do { (void)(x); abort(); } while (0)

#endif /* LWIP_ARCH_CC_H */
