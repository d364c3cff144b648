# SPDX-License-Identifier: MIT
# Checksums: the table variants the unit test compares, and the benchmark.
#
#   make bench-checksum   MB/s per algorithm and backend (table options 0/1/8, this build's
#                         seam, ISA-L, CLMUL, zlib, mbedTLS, OpenSSL) on the same data in one
#                         run, then text size of checksum.o per table option for Cortex-M4
#
# core/checksum.c is compiled three more times, with S3L_CRC_TABLES=0, 1 and 8 and without any
# S3L_CRC*_ALT (without this build's build_config.h; only the CRC functions are used), and every global symbol renamed t0_ / t1_ / t8_ (objcopy), so one test program
# and one benchmark can hold all three next to the build's own engines.

CKSUM_TABLE_OPTS := 0 1 8
CKSUM_VAR_DIR    := $(BUILD)/cksum-var
CKSUM_VAR_OBJ    := $(CKSUM_TABLE_OPTS:%=$(CKSUM_VAR_DIR)/checksum_t%.o)
CKSUM_NO_ALT     := -DS3L_CRC32_ALT -DS3L_CRC32C_ALT -DS3L_CRC64NVME_ALT
NM      ?= nm
OBJCOPY ?= objcopy

$(CKSUM_VAR_DIR)/checksum_t%.o: core/checksum.c core/crc_tables.h $(ACCEL_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(filter-out $(CONFIG_INC),$(CPPFLAGS_CORE)) -DS3L_CRC_TABLES=$* \
	  $(filter-out -fstack-usage,$(CFLAGS_CORE)) -c $< -o $@.tmp.o
	$(NM) -g --defined-only $@.tmp.o | awk 'NF == 3 { print $$3 " t$*_" $$3 }' > $@.syms
	$(OBJCOPY) --redefine-syms=$@.syms $@.tmp.o $@
	@rm -f $@.tmp.o

# The unit test links the variants (its link line appends HOST_LIBS; objects are fine there).
$(BUILD)/tests/test_checksum: $(CKSUM_VAR_OBJ)
$(BUILD)/tests/test_checksum: private HOST_LIBS += $(CKSUM_VAR_OBJ)

# ---- benchmark ------------------------------------------------------------------------------
# The CLMUL engine is built for the bench whatever ACCEL says, renamed clmul_*; ISA-L, OpenSSL
# and zlib are called directly when their headers are there.
BENCH_CKSUM     := $(BUILD)/bench/bench_checksum
BENCH_CLMUL_OBJ := $(BUILD)/bench/crc64_clmul_bench.o
# (accel_has_header: port/posix/accel.mk, included before this file.)
BENCH_CKSUM_DEFS := $(if $(call accel_has_header,zlib.h),-DBENCH_HAVE_ZLIB) \
                    $(if $(call accel_has_header,isa-l/crc.h),-DBENCH_HAVE_ISAL) \
                    $(if $(call accel_has_header,openssl/sha.h),-DBENCH_HAVE_OPENSSL)
BENCH_CKSUM_LIBS := $(if $(findstring ZLIB,$(BENCH_CKSUM_DEFS)),-lz) \
                    $(if $(findstring ISAL,$(BENCH_CKSUM_DEFS)),-lisal) \
                    $(if $(findstring OPENSSL,$(BENCH_CKSUM_DEFS)),-lcrypto)

$(BENCH_CLMUL_OBJ): port/posix/crc64_clmul.c core/crc_tables.h $(ACCEL_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_HOST) -DS3L_PORT_CRC64_CLMUL $(CFLAGS_HOST) -c $< -o $@.tmp.o
	$(OBJCOPY) --redefine-sym s3l_crc64nvme_update=clmul_s3l_crc64nvme_update $@.tmp.o $@
	@rm -f $@.tmp.o

$(BENCH_CKSUM): tests/bench/bench_checksum.c $(CKSUM_VAR_OBJ) $(BENCH_CLMUL_OBJ) $(LIB) $(PORT_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_HOST) $(BENCH_CKSUM_DEFS) -DBENCH_ACCEL_ID='"$(ACCEL_ID)"' $(CFLAGS_HOST) \
	  -o $@ $< $(CKSUM_VAR_OBJ) $(BENCH_CLMUL_OBJ) $(PORT_LIB) $(LIB) $(PORT_LIB) \
	  $(HOST_LIBS) $(BENCH_CKSUM_LIBS)

# Text size of checksum.o per table option on Cortex-M4 (-Os), and with all three CRCs
# supplied by hardware (S3L_CRC*_ALT: no tables at all).
CKSUM_M4_DIR := $(BUILD)/cksum-m4
CKSUM_M4_CC  ?= arm-none-eabi-gcc
CKSUM_M4_SIZE ?= arm-none-eabi-size
.PHONY: bench-checksum size-checksum
size-checksum: | $(BUILD)/cross-inc/mbedtls
	@mkdir -p $(CKSUM_M4_DIR)
	@echo "checksum.o for Cortex-M4 ($(CKSUM_M4_CC) -mcpu=cortex-m4 -mthumb -Os):"
	@printf '  %-30s %8s %8s %8s\n' "option" "text" "data" "bss"
	@for opt in 0 1 8 alt; do \
	  if [ $$opt = alt ]; then d="$(CKSUM_NO_ALT)"; name="CRC*_ALT (hardware CRCs)"; \
	  else d="-DS3L_CRC_TABLES=$$opt"; name="S3L_CRC_TABLES=$$opt"; fi; \
	  $(CKSUM_M4_CC) $(WARN) -mcpu=cortex-m4 -mthumb -Os -Iinclude -I$(BUILD)/cross-inc $$d \
	    -c core/checksum.c -o $(CKSUM_M4_DIR)/checksum_$$opt.o || exit 1; \
	  $(CKSUM_M4_SIZE) $(CKSUM_M4_DIR)/checksum_$$opt.o | awk -v n="$$name" \
	    'NR == 2 { printf "  %-30s %8d %8d %8d\n", n, $$1, $$2, $$3 }'; \
	done

bench-checksum: $(BENCH_CKSUM)
	@$(BENCH_CKSUM)
	@echo
	@$(MAKE) --no-print-directory size-checksum
