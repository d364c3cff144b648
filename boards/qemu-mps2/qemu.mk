# SPDX-License-Identifier: MIT
# s3lite on emulated microcontrollers (boards/qemu-mps2, QEMU from Debian's qemu-system-arm).
#
#   make test-qemu   the portable unit tests (no sockets, CLI or server) on a Cortex-M4F
#                    (mps2-an386, 4 MiB RAM) and the signer, parsers and checksums on a Cortex-M0
#                    (microbit, 16 KiB RAM); then the stack high-water marks and instruction
#                    counts measured there. Ends with one "N passed, N failed, N skipped" line.
#   make qemu-images builds the images only.
#
# Images are built with arm-none-eabi-gcc, newlib-nano and rdimon (semihosting: stdio and
# files go to the host, exit() reports the status), core/ at -Os as a firmware builds it, with
# config.h's defaults (mbedTLS digests compiled from source with the board's config, one-table
# CRCs). Each run is bounded (QEMU_TIMEOUT seconds) and has no network (-net none).

QEMU_DIR      := $(BUILD)/qemu
MBEDTLS_SRC   ?= $(BUILD)/mbedtls-src
CROSS_CC      ?= arm-none-eabi-gcc
CROSS_NM      ?= arm-none-eabi-nm
CROSS_OBJCOPY ?= arm-none-eabi-objcopy
CKSUM_TABLE_OPTS ?= 0 1 8
QEMU_SYSTEM   ?= qemu-system-arm
QEMU_TIMEOUT  ?= 300
QEMU_BOARD    := boards/qemu-mps2
QEMU_CPU_an386    := -mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard
QEMU_CPU_microbit := -mcpu=cortex-m0 -mthumb
QEMU_MBED_CFG := -DMBEDTLS_CONFIG_FILE='"mbedtls_board_config.h"' -I$(QEMU_BOARD) -I$(MBEDTLS_SRC)/include
QEMU_CFLAGS   := -Os -g -ffunction-sections -fdata-sections -Iinclude $(QEMU_MBED_CFG)
# Test programs see the board's compat headers (a <dirent.h> over a host-made listing) first.
QEMU_TFLAGS   := -I$(QEMU_BOARD)/compat -Itests -Iboards/posix -D_POSIX_C_SOURCE=200809L -DS3L_TEST_NO_CLI=1
# The test programs print with C99's %zu and %lld, which newlib-nano's printf lacks: they link
# the full newlib on the Cortex-M4. The Cortex-M0's programs (and a firmware) use nano.
QEMU_LDFLAGS  := -nostartfiles --specs=rdimon.specs -Wl,--gc-sections -L$(QEMU_BOARD)
QEMU_LIBC_an386    :=
QEMU_LIBC_microbit := --specs=nano.specs

QEMU_MBED_SRC := md.c sha256.c sha1.c md5.c platform_util.c
QEMU_BOARD_SRC := startup.c board.c compat.c printf_z.c
QEMU_CORE     := $(CORE_SRC:core/%.c=%)

# Tests for the Cortex-M4 (4 MiB of RAM holds them whole; left out: test_client, test_cli,
# test_port_posix, test_tls, test_abi, test_umbrella (sockets, processes, the POSIX port),
# test_s3_request_botocore and test_sigv4_botocore (python3 on the host), test_tables (runs
# a host script), test_uploader (its in-memory S3 shares the socket test server's code),
# test_faults, test_faults_upload, test_hostile, test_cli_state (transports, the CLI)).
QEMU_TESTS_an386 := test_common test_date test_checksum test_aws_chunked test_sigv4 \
                    test_sigv4_vectors test_http test_xml test_s3_request test_s3_request_order \
                    test_s3_request_random test_s3_response test_json test_credentials \
                    mcu_check
# The Cortex-M0 (16 KiB of RAM, 6 KiB of it stack): boards/qemu-mps2/mcu_check.c (the signer,
# both parsers, checksums and dates with small buffers) and test_common. The other programs
# keep their inputs and expectations in static buffers of 20 KiB to 1.3 MiB (the linker
# refuses them); test_date fits but its 3.65 million days take minutes there.
QEMU_TESTS_microbit := mcu_check test_common

QEMU_TUTIL := util_file util_trace util_s3req

define qemu_board_rules
$(QEMU_DIR)/$(1)/core/%.o: core/%.c | $(MBEDTLS_SRC)/.ok
	@mkdir -p $$(dir $$@)
	@echo '  CC $(1) $$<'
	@$$(CROSS_CC) $$(QEMU_CPU_$(1)) $$(WARN) $$(QEMU_CFLAGS) -fstack-usage -fcallgraph-info=su -MMD -MP -c $$< -o $$@
$(QEMU_DIR)/$(1)/mbedtls/%.o: $(MBEDTLS_SRC)/.ok
	@mkdir -p $$(dir $$@)
	@echo '  CC $(1) mbedtls/$$*.c'
	@$$(CROSS_CC) $$(QEMU_CPU_$(1)) $$(QEMU_CFLAGS) -fstack-usage -fcallgraph-info=su -I$(MBEDTLS_SRC)/library \
	  -c $(MBEDTLS_SRC)/library/$$*.c -o $$@
$(QEMU_DIR)/$(1)/board/%.o: $(QEMU_BOARD)/%.c
	@mkdir -p $$(dir $$@)
	@echo '  CC $(1) $$<'
	@$$(CROSS_CC) $$(QEMU_CPU_$(1)) $$(WARN) $$(QEMU_CFLAGS) $$(QEMU_TFLAGS) -MMD -MP -c $$< -o $$@
$(QEMU_DIR)/$(1)/tests/%.o: tests/%.c | $(MBEDTLS_SRC)/.ok
	@mkdir -p $$(dir $$@)
	@echo '  CC $(1) $$<'
	@$$(CROSS_CC) $$(QEMU_CPU_$(1)) $$(WARN) $$(QEMU_CFLAGS) $$(QEMU_TFLAGS) -Wno-format -MMD -MP -c $$< -o $$@
$(QEMU_DIR)/$(1)/tests/reqtxt.o: boards/posix/reqtxt.c
	@mkdir -p $$(dir $$@)
	@echo '  CC $(1) $$<'
	@$$(CROSS_CC) $$(QEMU_CPU_$(1)) $$(WARN) $$(QEMU_CFLAGS) -MMD -MP -c $$< -o $$@

# The CRC table options 0, 1 and 8 beside the build's own, symbols renamed t0_ / t1_ / t8_
# (as tests/bench/checksum.mk does for the host): test_checksum compares them, the benchmark times them.
$(QEMU_DIR)/$(1)/cksum/checksum_t%.o: core/checksum.c core/crc_tables.h
	@mkdir -p $$(dir $$@)
	@echo '  CC $(1) checksum.c tables=$$*'
	@$$(CROSS_CC) $$(QEMU_CPU_$(1)) $$(WARN) $$(QEMU_CFLAGS) -DS3L_CRC_TABLES=$$* -c $$< -o $$@.tmp.o
	@$$(CROSS_NM) -g --defined-only $$@.tmp.o | awk 'NF == 3 { print $$$$3 " t$$*_" $$$$3 }' > $$@.syms
	@$$(CROSS_OBJCOPY) --redefine-syms=$$@.syms $$@.tmp.o $$@
	@rm -f $$@.tmp.o
QEMU_CKSUM_$(1) := $$(CKSUM_TABLE_OPTS:%=$(QEMU_DIR)/$(1)/cksum/checksum_t%.o)
$(QEMU_DIR)/$(1)/test_checksum.elf: $$(QEMU_CKSUM_$(1))

QEMU_LIB_$(1) := $$(QEMU_CORE:%=$(QEMU_DIR)/$(1)/core/%.o) \
                 $$(QEMU_MBED_SRC:%.c=$(QEMU_DIR)/$(1)/mbedtls/%.o) \
                 $$(QEMU_BOARD_SRC:%.c=$(QEMU_DIR)/$(1)/board/%.o)
$(QEMU_DIR)/$(1)/%.elf: $(QEMU_DIR)/$(1)/tests/%.o $$(QEMU_TUTIL:%=$(QEMU_DIR)/$(1)/tests/%.o) \
                        $(QEMU_DIR)/$(1)/tests/reqtxt.o $$(QEMU_LIB_$(1)) $(QEMU_BOARD)/$(1).ld \
                        $(QEMU_BOARD)/common.ld
	@echo '  LD $$@'
	@$$(CROSS_CC) $$(QEMU_CPU_$(1)) $$(QEMU_LIBC_$(1)) $$(QEMU_LDFLAGS) -T$(QEMU_BOARD)/$(1).ld -Wl,-Map=$$(@:.elf=.map) \
	  -o $$@ $$(filter %.o,$$^)
$(QEMU_DIR)/$(1)/mcu_check.elf: $(QEMU_DIR)/$(1)/board/mcu_check.o $$(QEMU_LIB_$(1)) $$(QEMU_CKSUM_$(1)) $(QEMU_BOARD)/$(1).ld \
                        $(QEMU_BOARD)/common.ld
	@echo '  LD $$@'
	@$$(CROSS_CC) $$(QEMU_CPU_$(1)) $$(QEMU_LIBC_$(1)) $$(QEMU_LDFLAGS) -T$(QEMU_BOARD)/$(1).ld -Wl,-Map=$$(@:.elf=.map) \
	  -o $$@ $$(filter %.o,$$^)
QEMU_ELF_$(1) := $$(QEMU_TESTS_$(1):%=$(QEMU_DIR)/$(1)/%.elf)
.SECONDARY: $$(QEMU_LIB_$(1)) $$(QEMU_CKSUM_$(1)) \
            $$(filter-out %/mcu_check.o,$$(QEMU_TESTS_$(1):%=$(QEMU_DIR)/$(1)/tests/%.o)) $$(QEMU_TUTIL:%=$(QEMU_DIR)/$(1)/tests/%.o)
.PHONY: qemu-images-$(1)
qemu-images-$(1): $$(QEMU_ELF_$(1))
-include $$(wildcard $(QEMU_DIR)/$(1)/*/*.d)
endef
$(foreach b,an386 microbit,$(eval $(call qemu_board_rules,$(b))))

.PHONY: qemu-images test-qemu
qemu-images: $(QEMU_ELF_an386) $(QEMU_ELF_microbit)

# The vectors' directory listing, made on the host: semihosting can open files but not list
# directories, so the board's opendir() reads this file.
QEMU_LISTING := $(QEMU_DIR)/vectors.lst
$(QEMU_LISTING): FORCE_QEMU_LISTING
	@mkdir -p $(dir $@)
	@sh $(QEMU_BOARD)/list-dirs.sh $(SHARED)/vectors > $@.tmp && mv $@.tmp $@
.PHONY: FORCE_QEMU_LISTING

# First what was measured (stack per call on both CPUs beside the static worst case, then
# instruction counts), then every test image through tests/run.sh: its summed line ends it.
QEMU_RUN = SHARED=$(SHARED) S3L_LISTING=$(QEMU_LISTING) S3L_QEMU=$(QEMU_SYSTEM) \
           S3L_QEMU_TIMEOUT=$(QEMU_TIMEOUT) sh $(QEMU_BOARD)/qemu-run.sh
# mbedTLS's digests are compiled from source (port/tls/mbedtls-src.sh: ../shared's 3.6 tarball,
# else Debian's source package); without either the targets skip visibly.
QEMU_NEED_MBED = if [ ! -f $(MBEDTLS_SRC)/library/sha256.c ]; then \
	  echo "$@: skipped, no mbedTLS source (../shared/third_party or a deb-src line)"; \
	  echo "0 passed, 0 failed, 1 skipped"; exit 0; fi
.PHONY: test-qemu-run
test-qemu: $(MBEDTLS_SRC)/.ok
	@$(QEMU_NEED_MBED); $(MAKE) --no-print-directory test-qemu-run
test-qemu-run: qemu-images $(QEMU_LISTING)
	@for b in an386 microbit; do \
	  $(PYTHON) tests/size/stack_report.py $(QEMU_DIR)/$$b/core $(QEMU_DIR)/$$b/mbedtls > $(QEMU_DIR)/$$b/stack-static.md; \
	  S3L_QEMU_ENV=S3L_REPORT=1 $(QEMU_RUN) $(QEMU_DIR)/$$b/mcu_check.elf > $(QEMU_DIR)/$$b/stack-run.txt 2>&1; \
	done
	@S3L_QEMU_ENV=S3L_BENCH=1 S3L_QEMU_EXTRA='-icount shift=0' $(QEMU_RUN) \
	  $(QEMU_DIR)/an386/mcu_check.elf > $(QEMU_DIR)/an386/bench-run.txt 2>&1
	@$(PYTHON) boards/qemu-mps2/qemu_report.py $(foreach f,stack-static.md stack-run.txt,$(QEMU_DIR)/an386/$(f) $(QEMU_DIR)/microbit/$(f)) \
	  $(QEMU_DIR)/an386/bench-run.txt
	@echo
	@SHARED=$(SHARED) S3L_LISTING=$(QEMU_LISTING) S3L_QEMU=$(QEMU_SYSTEM) \
	  S3L_QEMU_TIMEOUT=$(QEMU_TIMEOUT) TEST_RUNNER='sh $(QEMU_BOARD)/qemu-run.sh' \
	  sh tests/run.sh $(QEMU_ELF_an386) $(QEMU_ELF_microbit)
