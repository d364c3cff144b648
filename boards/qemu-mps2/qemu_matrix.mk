# SPDX-License-Identifier: MIT
# Portability matrix beyond the host and Cortex-M (Debian's cross compilers and QEMU; after
# boards/qemu-mps2/qemu.mk, whose lists it reuses).
#
#   make test-bigendian  the portable unit tests (those make test-qemu runs, host-style:
#                        vectors from ../shared, no CLI) cross-compiled for s390x Linux
#                        (big-endian, 64-bit) and run under qemu-user; mbedTLS's digests are
#                        compiled from source for the target (Debian's libmbedtls-dev:s390x
#                        needs a foreign architecture). Ends with the summed line.
#   make test-riscv32    the same unit tests on rv32imc under qemu-system-riscv32 (virt machine,
#                        picolibc with semihosting: files and exit status go to the host)
#   make riscv32         core/ for rv32imc/ilp32 (the ESP32-C3 class) with riscv64-unknown-elf
#                        and picolibc, -Os, warning-free under WARN; the check-core rules
#                        (tests/check-core.sh) applied to the objects; text/data/bss per object.

BE_CC       ?= s390x-linux-gnu-gcc
BE_NM       ?= s390x-linux-gnu-nm
BE_OBJCOPY  ?= s390x-linux-gnu-objcopy
BE_RUN      ?= qemu-s390x
BE_DIR      := $(BUILD)/bigendian
BE_CFLAGS   := $(WARN) -O2 -g -Iinclude -DMBEDTLS_CONFIG_FILE='"mbedtls_board_config.h"' \
               -I$(QEMU_BOARD) -I$(MBEDTLS_SRC)/include
# GCC 12 for s390x inlines the test programs differently and then warns of snprintf() that may
# truncate a diagnostic name (x86-64 does not): that warning is off for them, not for core/.
BE_TFLAGS   := -D_POSIX_C_SOURCE=200809L -DS3L_TEST_NO_CLI=1 -Itests -Iboards/posix \
               -Wno-format-truncation
BE_TESTS    := $(filter test_%,$(QEMU_TESTS_an386))
BE_LIB      := $(CORE_SRC:core/%.c=$(BE_DIR)/core/%.o) $(QEMU_MBED_SRC:%.c=$(BE_DIR)/mbedtls/%.o)
BE_CKSUM    := $(CKSUM_TABLE_OPTS:%=$(BE_DIR)/cksum/checksum_t%.o)
BE_TUTIL    := $(QEMU_TUTIL:%=$(BE_DIR)/tests/%.o) $(BE_DIR)/tests/reqtxt.o
BE_BIN      := $(BE_TESTS:%=$(BE_DIR)/%)

$(BE_DIR)/core/%.o: core/%.c | $(MBEDTLS_SRC)/.ok
	@mkdir -p $(dir $@)
	@echo '  CC s390x $<'
	@$(BE_CC) $(BE_CFLAGS) -MMD -MP -c $< -o $@
$(BE_DIR)/mbedtls/%.o: | $(MBEDTLS_SRC)/.ok
	@mkdir -p $(dir $@)
	@echo '  CC s390x mbedtls/$*.c'
	@$(BE_CC) -O2 -DMBEDTLS_CONFIG_FILE='"mbedtls_board_config.h"' -I$(QEMU_BOARD) \
	  -I$(MBEDTLS_SRC)/include -I$(MBEDTLS_SRC)/library -c $(MBEDTLS_SRC)/library/$*.c -o $@
$(BE_DIR)/cksum/checksum_t%.o: core/checksum.c core/crc_tables.h
	@mkdir -p $(dir $@)
	@$(BE_CC) $(BE_CFLAGS) -DS3L_CRC_TABLES=$* -c $< -o $@.tmp.o
	@$(BE_NM) -g --defined-only $@.tmp.o | awk 'NF == 3 { print $$3 " t$*_" $$3 }' > $@.syms
	@$(BE_OBJCOPY) --redefine-syms=$@.syms $@.tmp.o $@
	@rm -f $@.tmp.o
$(BE_DIR)/tests/%.o: tests/%.c | $(MBEDTLS_SRC)/.ok
	@mkdir -p $(dir $@)
	@echo '  CC s390x $<'
	@$(BE_CC) $(BE_CFLAGS) $(BE_TFLAGS) -MMD -MP -c $< -o $@
# GCC 12 for s390x (and RISC-V) cannot see that line_end() never returns a pointer before its start and
# warns of a negative memchr() bound there (x86-64 and Arm do not): that one warning is off.
$(BE_DIR)/tests/reqtxt.o: boards/posix/reqtxt.c
	@mkdir -p $(dir $@)
	@$(BE_CC) $(BE_CFLAGS) -Wno-stringop-overread -MMD -MP -c $< -o $@
# Static: qemu-user then needs no target root for the loader and libc.
$(BE_DIR)/%: $(BE_DIR)/tests/%.o $(BE_TUTIL) $(BE_LIB) $(BE_CKSUM)
	@echo '  LD $@'
	@$(BE_CC) -static -o $@ $^
.SECONDARY: $(BE_LIB) $(BE_CKSUM) $(BE_TUTIL) $(BE_TESTS:%=$(BE_DIR)/tests/%.o)
-include $(wildcard $(BE_DIR)/*/*.d)

.PHONY: test-bigendian test-bigendian-run
test-bigendian: $(MBEDTLS_SRC)/.ok
	@$(QEMU_NEED_MBED); $(MAKE) --no-print-directory test-bigendian-run
test-bigendian-run: $(BE_BIN)
	@printf 'int main(void) { union { unsigned u; unsigned char c[4]; } x = {1}; return x.c[3]; }\n' \
	  > $(BE_DIR)/endian.c && $(BE_CC) -static -o $(BE_DIR)/endian $(BE_DIR)/endian.c && \
	  if $(BE_RUN) $(BE_DIR)/endian; then echo "test-bigendian: target is not big-endian"; exit 1; \
	  else echo "s390x under $(BE_RUN): big-endian confirmed"; fi
	@SHARED=$(SHARED) TEST_RUNNER=$(BE_RUN) sh tests/run.sh $(BE_BIN)

# ---- RISC-V 32 -------------------------------------------------------------------------------
RV_CC    ?= riscv64-unknown-elf-gcc
RV_SIZE  ?= riscv64-unknown-elf-size
RV_DIR   := $(BUILD)/cross-riscv32
RV_FLAGS := -march=rv32imc -mabi=ilp32 --specs=picolibc.specs $(WARN) -Os -ffunction-sections \
            -fdata-sections -fstack-usage -Iinclude -I$(BUILD)/cross-inc
RV_OBJ   := $(CORE_SRC:core/%.c=$(RV_DIR)/%.o)

$(RV_DIR)/%.o: core/%.c | $(BUILD)/cross-inc/mbedtls
	@mkdir -p $(dir $@)
	@echo '  CC rv32imc $<'
	@$(RV_CC) $(RV_FLAGS) -MMD -MP -c $< -o $@
-include $(wildcard $(RV_DIR)/*.d)

.PHONY: riscv32
riscv32: $(RV_OBJ)
	@NM=riscv64-unknown-elf-nm sh tests/check-core.sh $(RV_DIR)
	@echo "core/ for rv32imc/ilp32 (-Os, picolibc headers), bytes:"
	@$(RV_SIZE) -t $(RV_OBJ) | awk '{ sub(".*/", "", $$6); print }' | column -t

# The unit tests on rv32imc: picolibc's semihosting crt0 (exit status to the host), code at
# 0x80000000 (virt's RAM, 4 MiB), data, heap and stack above it (16 MiB); the board's compat
# headers for opendir() over the host-made listing (whose path is compiled in: picolibc's
# semihosting gives no environment).
RVT_DIR    := $(BUILD)/riscv32-test
RVT_SYSTEM ?= qemu-system-riscv32
RVT_ARCH   := -march=rv32imc -mabi=ilp32 --specs=picolibc.specs
RVT_CFLAGS := $(WARN) -O2 -g -Iinclude $(QEMU_MBED_CFG)
RVT_TFLAGS := -I$(QEMU_BOARD)/compat -D_POSIX_C_SOURCE=200809L -DS3L_TEST_NO_CLI=1 -Itests \
              -Iboards/posix -DS3L_LISTING_PATH='"$(QEMU_LISTING)"' -Wno-format-truncation
RVT_LD     := --oslib=semihost --crt0=semihost -Wl,--defsym=__flash=0x80000000 \
              -Wl,--defsym=__flash_size=0x400000 -Wl,--defsym=__ram=0x80400000 \
              -Wl,--defsym=__ram_size=0x1000000 -Wl,--gc-sections
RVT_LIB    := $(CORE_SRC:core/%.c=$(RVT_DIR)/core/%.o) $(QEMU_MBED_SRC:%.c=$(RVT_DIR)/mbedtls/%.o) \
              $(RVT_DIR)/board/compat.o $(RVT_DIR)/board/printf_z.o
RVT_CKSUM  := $(CKSUM_TABLE_OPTS:%=$(RVT_DIR)/cksum/checksum_t%.o)
RVT_TUTIL  := $(QEMU_TUTIL:%=$(RVT_DIR)/tests/%.o) $(RVT_DIR)/tests/reqtxt.o
RVT_BIN    := $(BE_TESTS:%=$(RVT_DIR)/%.elf)

$(RVT_DIR)/core/%.o: core/%.c | $(MBEDTLS_SRC)/.ok
	@mkdir -p $(dir $@)
	@echo '  CC rv32 $<'
	@$(RV_CC) $(RVT_ARCH) $(RVT_CFLAGS) -ffunction-sections -MMD -MP -c $< -o $@
$(RVT_DIR)/mbedtls/%.o: | $(MBEDTLS_SRC)/.ok
	@mkdir -p $(dir $@)
	@$(RV_CC) $(RVT_ARCH) -O2 $(QEMU_MBED_CFG) -I$(MBEDTLS_SRC)/library \
	  -c $(MBEDTLS_SRC)/library/$*.c -o $@
$(RVT_DIR)/board/%.o: $(QEMU_BOARD)/%.c
	@mkdir -p $(dir $@)
	@$(RV_CC) $(RVT_ARCH) $(RVT_CFLAGS) $(RVT_TFLAGS) -MMD -MP -c $< -o $@
$(RVT_DIR)/cksum/checksum_t%.o: core/checksum.c core/crc_tables.h
	@mkdir -p $(dir $@)
	@$(RV_CC) $(RVT_ARCH) $(RVT_CFLAGS) -DS3L_CRC_TABLES=$* -c $< -o $@.tmp.o
	@riscv64-unknown-elf-nm -g --defined-only $@.tmp.o | awk 'NF == 3 { print $$3 " t$*_" $$3 }' > $@.syms
	@riscv64-unknown-elf-objcopy --redefine-syms=$@.syms $@.tmp.o $@
	@rm -f $@.tmp.o
$(RVT_DIR)/tests/%.o: tests/%.c | $(MBEDTLS_SRC)/.ok
	@mkdir -p $(dir $@)
	@echo '  CC rv32 $<'
	@$(RV_CC) $(RVT_ARCH) $(RVT_CFLAGS) $(RVT_TFLAGS) -MMD -MP -c $< -o $@
$(RVT_DIR)/tests/reqtxt.o: boards/posix/reqtxt.c
	@mkdir -p $(dir $@)
	@$(RV_CC) $(RVT_ARCH) $(RVT_CFLAGS) -Wno-stringop-overread -MMD -MP -c $< -o $@
$(RVT_DIR)/%.elf: $(RVT_DIR)/tests/%.o $(RVT_TUTIL) $(RVT_LIB) $(RVT_CKSUM)
	@echo '  LD $@'
	@$(RV_CC) $(RVT_ARCH) $(RVT_LD) -o $@ $^
.SECONDARY: $(RVT_LIB) $(RVT_CKSUM) $(RVT_TUTIL) $(BE_TESTS:%=$(RVT_DIR)/tests/%.o)
-include $(wildcard $(RVT_DIR)/*/*.d)

RVT_RUN := timeout $(QEMU_TIMEOUT) $(RVT_SYSTEM) -M virt -bios none -nographic -monitor none \
           -serial null -nic none -semihosting-config enable=on,target=native -kernel
.PHONY: test-riscv32 test-riscv32-run
test-riscv32: $(MBEDTLS_SRC)/.ok
	@$(QEMU_NEED_MBED); $(MAKE) --no-print-directory test-riscv32-run
test-riscv32-run: $(RVT_BIN) $(QEMU_LISTING)
	@SHARED=$(SHARED) TEST_RUNNER='$(RVT_RUN)' sh tests/run.sh $(RVT_BIN)
