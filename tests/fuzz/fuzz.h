/* SPDX-License-Identifier: MIT */
/*
 * The entry point every fuzz target defines (libFuzzer's). tests/fuzz/fuzz.mk force-includes this
 * header (-include) so a target compiles under -Wmissing-prototypes without declaring it.
 * Targets: tests/fuzz/fuzz_<name>.c; see the top of tests/fuzz/fuzz.mk for seeds and make targets.
 */
#ifndef S3L_FUZZ_H
#define S3L_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Run one input; return 0. Abort (or let a sanitizer abort) on a bug. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
