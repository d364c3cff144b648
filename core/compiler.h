/* SPDX-License-Identifier: MIT */
/*
 * Compiler helpers shared by the core sources, defined once. Private, not a public interface.
 */
#ifndef S3LITE_CORE_COMPILER_H
#define S3LITE_CORE_COMPILER_H

/* Keeps a helper out of its caller. -Os inlines a static function called once; where that
 * makes the caller's frame the sum of everything inlined into it, or costs flash (more
 * registers, longer branches), the helper is marked NOINLINE. Each use says why. */
#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

#endif
