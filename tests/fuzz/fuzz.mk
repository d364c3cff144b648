# SPDX-License-Identifier: MIT
# Fuzzing: libFuzzer targets (clang, ASan + UBSan) and their gcc replay builds.
#
#   make fuzz [FUZZ_SECONDS=60] [FUZZ_TARGETS="http xml"]
#        build every target with $(FUZZ_CC) -g -O1 -fsanitize=fuzzer,address,undefined and run
#        each for FUZZ_SECONDS on its corpus $(BUILD)/fuzz/corpus/<name>/; prints a table
#        (execs/s, total execs, crashes; also in $(BUILD)/fuzz/report.txt); fails on a crash.
#        Crash inputs land in $(BUILD)/fuzz/artifacts/<name>/, logs in $(BUILD)/fuzz/<name>.log.
#   make fuzz-smoke [FUZZ_SMOKE_TOTAL=90]   every target, the total budget shared out (CI)
#   make fuzz-replay   build each target with $(FUZZ_REPLAY_CC) + ASan/UBSan and the plain main
#        of tests/fuzz/replay_main.c, and run it over its seeds and corpus (CI)
#   make fuzz-build / fuzz-replay-build / fuzz-seeds   the steps alone
#   FUZZ_FLAGS="-jobs=2 -workers=2"   extra libFuzzer flags
#
# Conventions (a new target needs nothing in this file):
#   tests/fuzz/fuzz_<name>.c    one target: defines int LLVMFuzzerTestOneInput(const uint8_t *,
#                               size_t) (prototype force-included from tests/fuzz/fuzz.h); it
#                               is linked with core/ only (plus $(HOST_LIBS)); builds with $(WARN).
#   tests/fuzz/seeds/<name>/    small hand-made seeds, committed.
#   "fuzz-shared: <glob>..."    a line in the target's source (in a comment): samples under
#                               $(SHARED)/vectors matching each glob (a directory: every file
#                               under it but *.md) are copied into $(BUILD)/fuzz/shared/<name>/
#                               at run time, when $(SHARED) is there. Shared data is never
#                               committed. Several fuzz-shared lines may be given.
#   "fuzz-prefix: <hex> ..."    bytes put before each shared sample (for targets whose first
#                               input bytes are control bytes), e.g. "fuzz-prefix: 00".
#   tests/fuzz/<name>.dict      an optional libFuzzer dictionary.

FUZZ_CC          ?= clang-14
FUZZ_REPLAY_CC   ?= gcc
FUZZ_SECONDS     ?= 60
FUZZ_SMOKE_TOTAL ?= 90

FUZZ_SRC     := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_ALL     := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)
FUZZ_TARGETS ?= $(FUZZ_ALL)
FUZZ_DIR     := $(BUILD)/fuzz

FUZZ_SAN    := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS := $(WARN) -g -O1 -fno-omit-frame-pointer
FUZZ_TFLAGS  = $(CPPFLAGS_HOST) -Itests/fuzz -include tests/fuzz/fuzz.h $(FUZZ_CFLAGS)

FUZZ_LF_CORE := $(CORE_SRC:core/%.c=$(FUZZ_DIR)/lf/core/%.o)
FUZZ_RP_CORE := $(CORE_SRC:core/%.c=$(FUZZ_DIR)/replay/core/%.o)

# core/ with coverage instrumentation for libFuzzer, and plainly for the replay build.
$(FUZZ_DIR)/lf/core/%.o: core/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CPPFLAGS_CORE) $(FUZZ_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

$(FUZZ_DIR)/replay/core/%.o: core/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_REPLAY_CC) $(CPPFLAGS_CORE) $(FUZZ_CFLAGS) $(FUZZ_SAN) -MMD -MP -c $< -o $@

$(FUZZ_DIR)/lf/libcore.a: $(FUZZ_LF_CORE)
	@rm -f $@
	$(AR) rcs $@ $^

$(FUZZ_DIR)/replay/libcore.a: $(FUZZ_RP_CORE)
	@rm -f $@
	$(AR) rcs $@ $^

$(FUZZ_DIR)/lf/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_DIR)/lf/libcore.a
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_TFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $< $(FUZZ_DIR)/lf/libcore.a $(HOST_LIBS)

$(FUZZ_DIR)/replay/replay_main.o: tests/fuzz/replay_main.c tests/fuzz/fuzz.h
	@mkdir -p $(dir $@)
	$(FUZZ_REPLAY_CC) $(FUZZ_TFLAGS) $(FUZZ_SAN) -c $< -o $@

$(FUZZ_DIR)/replay/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_DIR)/replay/replay_main.o $(FUZZ_DIR)/replay/libcore.a
	$(FUZZ_REPLAY_CC) $(FUZZ_TFLAGS) $(FUZZ_SAN) -o $@ $< $(FUZZ_DIR)/replay/replay_main.o \
	  $(FUZZ_DIR)/replay/libcore.a $(HOST_LIBS)

.PHONY: fuzz fuzz-build fuzz-smoke fuzz-replay fuzz-replay-build fuzz-seeds
fuzz-build: $(FUZZ_TARGETS:%=$(FUZZ_DIR)/lf/fuzz_%)

fuzz-replay-build: $(FUZZ_TARGETS:%=$(FUZZ_DIR)/replay/fuzz_%)

fuzz-seeds:
	@sh tests/fuzz/fuzz.sh seed $(BUILD) $(SHARED) $(FUZZ_TARGETS)

fuzz: fuzz-build
	@sh tests/fuzz/fuzz.sh run $(BUILD) $(SHARED) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-smoke: fuzz-build
	@sh tests/fuzz/fuzz.sh smoke $(BUILD) $(SHARED) $(FUZZ_SMOKE_TOTAL) $(FUZZ_TARGETS)

fuzz-replay: fuzz-replay-build
	@sh tests/fuzz/fuzz.sh replay $(BUILD) $(SHARED) $(FUZZ_TARGETS)

-include $(FUZZ_LF_CORE:.o=.d) $(FUZZ_RP_CORE:.o=.d)
