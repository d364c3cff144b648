# SPDX-License-Identifier: MIT
# s3lite host build. `make` builds build/libs3lite.a, build/libs3lite_posix.a and build/s3lite;
# `make test` builds and runs every test and ends with one line "N passed, N failed".
# `make install` (PREFIX, DESTDIR) installs them with the headers and pkg-config files
# (boards/posix/install.mk).
#
# Layout is discovered, not listed: core/*.c -> libs3lite.a (the portable, zero-malloc core;
# with the host hash backends this build chose), the other port/posix/*.c + port/tls/*.c (the
# TLS backend this build chose, port/tls/tls.mk) -> libs3lite_posix.a, boards/posix/*.c -> the CLI, tests/test_*.c -> one test program each
# (tests/util_*.c linked into all of them).
# Extra targets live in make fragments beside what they build (MK_FRAGMENTS below).

CC      ?= cc
AR      ?= ar
PYTHON  ?= /usr/bin/python3
BUILD   ?= build
SHARED  ?= ../shared
O       ?= -O2 -g

# Warnings: the set the README promises, plus a few cheap extras. Nothing is left out.
WARN := -std=c99 -Wall -Wextra -Werror -pedantic -Wshadow -Wconversion -Wcast-qual \
        -Wstrict-prototypes -Wvla -Wmissing-prototypes -Wpointer-arith -Wformat=2 \
        -Wundef -Wwrite-strings -Wold-style-definition -Wredundant-decls

# The build's configuration: every option that differs from config.h's defaults goes into
# $(BUILD)/include/s3lite/build_config.h (written by core/gen/build_config.sh, installed with the
# headers), never onto the command line alone, so an application compiled against this build
# sees the structs as the library does. Its directory comes before include/, which holds the
# "no options" copy. port/posix/accel.mk adds the host backends it picks; add your own S3L_* settings
# with S3L_DEFINES, e.g. make S3L_DEFINES='S3L_KEY_MAX=512 S3L_CHUNK_SIZE=4096'.
BUILD_CONFIG  := $(BUILD)/include/s3lite/build_config.h
CONFIG_INC    := -I$(BUILD)/include
# Hosts have flash to spare: slice-by-8 CRC tables (firmware keeps config.h's default).
BUILD_DEFINES := S3L_CRC_TABLES=8
BUILD_HASH    := mbedtls
BUILD_TLS     := mbedtls
BUILD_CRC     := crc32=table crc32c=table crc64nvme=table
CPPFLAGS_CORE := $(CONFIG_INC) -Iinclude $(EXTRA_CPPFLAGS)
CFLAGS_CORE   := $(WARN) $(O) -fstack-usage $(EXTRA_CFLAGS)
# Ports, boards and tests talk to the OS: POSIX 2008 on top of C99.
CPPFLAGS_HOST := $(CPPFLAGS_CORE) -D_POSIX_C_SOURCE=200809L -Itests
CFLAGS_HOST   := $(WARN) $(O) $(EXTRA_CFLAGS)

MBEDTLS_LIBS ?= -lmbedtls -lmbedx509 -lmbedcrypto
HOST_LIBS    ?= $(TLS_LIBS) $(MBEDTLS_LIBS) $(ACCEL_LIBS) -lm

CORE_SRC  := $(sort $(wildcard core/*.c))
# The host hash/CRC backends (port/posix/accel.mk) implement core's hash seam: they go into
# libs3lite.a with core/, so the library links alone (with the -l flags s3lite.pc lists).
HASH_SRC  := port/posix/hash_openssl.c port/posix/crc_isal.c port/posix/crc64_clmul.c
PORT_SRC  := $(filter-out $(HASH_SRC),$(sort $(wildcard port/posix/*.c port/tls/*.c)))
CLI_SRC   := $(sort $(wildcard boards/posix/*.c))
TEST_SRC  := $(sort $(wildcard tests/test_*.c))
TUTIL_SRC := $(sort $(wildcard tests/util_*.c))

CORE_OBJ  := $(CORE_SRC:%.c=$(BUILD)/%.o)
HASH_OBJ  := $(HASH_SRC:%.c=$(BUILD)/%.o)
PORT_OBJ  := $(PORT_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ   := $(CLI_SRC:%.c=$(BUILD)/%.o)
TUTIL_OBJ := $(TUTIL_SRC:%.c=$(BUILD)/%.o)
TEST_BIN  := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)

LIB      := $(BUILD)/libs3lite.a
PORT_LIB := $(BUILD)/libs3lite_posix.a
CLI      := $(BUILD)/s3lite

.PHONY: all test tests clean
all: $(LIB) $(PORT_LIB) $(CLI)

# The fragments may add to these before the rules below use them (accelerated backends, etc.).
MK_FRAGMENTS := \
  tests/mk/abi.mk \
  port/posix/accel.mk \
  port/tls/tls.mk \
  tests/bench/bench_upload.mk \
  tests/bench/checksum.mk \
  tests/mk/client.mk \
  tests/creds/creds.mk \
  tests/mk/date.mk \
  tests/server/demo.mk \
  tests/mk/diff_responses.mk \
  tests/mk/diff_tables.mk \
  tests/mk/faults.mk \
  boards/firmware-example/firmware.mk \
  tests/fuzz/fuzz.mk \
  tests/mk/gates.mk \
  core/gen/generated.mk \
  boards/posix/install.mk \
  tests/integration/integration.mk \
  tests/kill/kill.mk \
  tests/load/load.mk \
  port/lwip/lwip.mk \
  tests/moto/moto.mk \
  tests/mk/presign.mk \
  tests/bench/profile.mk \
  boards/qemu-mps2/qemu.mk \
  boards/qemu-mps2/qemu_matrix.mk \
  boards/qemu-mps2/qemu_net.mk \
  tests/mk/quality.mk \
  tests/size/ram.mk \
  tests/mk/s3_request.mk \
  tests/mk/s3resp.mk \
  tests/server/server.mk \
  tests/bench/sigv4.mk
include $(MK_FRAGMENTS)

# Rewritten only when the configuration changes (then every object that includes it is
# rebuilt, through the .d files; the first build waits for it explicitly).
.PHONY: build-config-force
build-config-force:
$(BUILD_CONFIG): build-config-force
	@S3L_BUILD_NOTE='$(BUILD_NOTE)' S3L_BUILD_TLS='$(BUILD_TLS)' sh core/gen/build_config.sh $@ '$(BUILD_HASH)' '$(BUILD_CRC)' posix \
	  $(foreach d,$(BUILD_DEFINES) $(S3L_DEFINES),'$(d)')
$(CORE_OBJ) $(HASH_OBJ) $(PORT_OBJ) $(CLI_OBJ) $(TUTIL_OBJ) $(TEST_SRC:tests/%.c=$(BUILD)/tests/%.o): $(BUILD_CONFIG)

$(BUILD)/core/%.o: core/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_CORE) $(CFLAGS_CORE) -MMD -MP -c $< -o $@

$(BUILD)/port/%.o: port/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_HOST) $(CFLAGS_HOST) $(PORT_CPPFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/boards/%.o: boards/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_HOST) -Iboards/posix $(CFLAGS_HOST) -MMD -MP -c $< -o $@

$(BUILD)/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_HOST) -Iboards/posix $(CFLAGS_HOST) -MMD -MP -c $< -o $@

$(LIB): $(CORE_OBJ) $(HASH_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(PORT_LIB): $(PORT_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

# The CLI links mbedTLS and libcrypto statically when their archives exist (STATIC_LIBS=0 to
# opt out): only the objects it uses are mapped, which halves its resident memory (3.7 MiB ->
# 1.9 MiB for `s3lite --help`; an upload's peak RSS is to stay within 4 MiB).
STATIC_LIBS ?= 1
ifeq ($(STATIC_LIBS),1)
CLI_STATIC := $(TLS_LIBS) $(MBEDTLS_LIBS) $(filter -lcrypto,$(ACCEL_LIBS))
CLI_LIBS    = -Wl,-Bstatic $(CLI_STATIC) -Wl,-Bdynamic $(filter-out -lcrypto,$(ACCEL_LIBS)) -lm -ldl -lpthread
else
CLI_LIBS    = $(HOST_LIBS)
endif

$(CLI): $(CLI_OBJ) $(PORT_LIB) $(LIB)
	$(CC) $(CFLAGS_HOST) -o $@ $(CLI_OBJ) $(PORT_LIB) $(LIB) $(PORT_LIB) $(CLI_LIBS)

# Tests link the CLI's objects too (minus its main), so command code is testable.
CLI_LIB_OBJ := $(filter-out $(BUILD)/boards/posix/main.o,$(CLI_OBJ))
$(BUILD)/tests/%: $(BUILD)/tests/%.o $(TUTIL_OBJ) $(CLI_LIB_OBJ) $(PORT_LIB) $(LIB)
	$(CC) $(CFLAGS_HOST) -o $@ $< $(TUTIL_OBJ) $(CLI_LIB_OBJ) $(PORT_LIB) $(LIB) $(PORT_LIB) $(HOST_LIBS)

tests: $(TEST_BIN) $(CLI)

# Every test program prints its own "N passed, N failed[, N skipped]" last; the runner adds
# them up and prints the one closing line.
test: tests
	@SHARED=$(SHARED) BUILD=$(BUILD) sh tests/run.sh $(TEST_BIN)

clean:
	rm -rf $(BUILD)

-include $(CORE_OBJ:.o=.d) $(HASH_OBJ:.o=.d) $(PORT_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TUTIL_OBJ:.o=.d) $(TEST_SRC:tests/%.c=$(BUILD)/tests/%.d)
