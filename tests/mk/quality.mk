# SPDX-License-Identifier: MIT
# Quality gates and reports: make check-core, cross, size, stack.
#
#   make cross       core/ with arm-none-eabi-gcc for Cortex-M0+ and Cortex-M4, -Os, warning-free
#   make check-core  fails when a core/ object uses the heap, the OS, a VLA / dynamic stack, or
#                    writable static data (host and cross objects)
#   make size        first the firmware example's image (flash and RAM per component, see
#                    boards/firmware-example/firmware.mk); then text/data/bss per core/ object, Cortex-M4 and M0+, -Os,
#                    and what a firmware links (--gc-sections) for the multipart flow and for
#                    every upload operation
#   make stack       worst-case stack per public function over the call graph (-fcallgraph-info),
#                    mbedTLS's SHA-256 included when its source is available

CROSS_CC    ?= arm-none-eabi-gcc
CROSS_SIZE  ?= arm-none-eabi-size
CROSS_CPUS  := cortex-m0plus cortex-m4
CROSS_FLAGS  = $(WARN) -Os -mthumb -ffunction-sections -fdata-sections -fstack-usage \
               -fcallgraph-info=su -Iinclude -I$(BUILD)/cross-inc $(EXTRA_CROSS_FLAGS)

# The cross compiler must not see glibc's headers: give it only mbedTLS's, through a symlink.
$(BUILD)/cross-inc/mbedtls:
	@mkdir -p $(BUILD)/cross-inc
	ln -sfn /usr/include/mbedtls $@

define cross_rules
CROSS_OBJ_$(1) := $$(CORE_SRC:core/%.c=$$(BUILD)/cross-$(1)/%.o)
$$(BUILD)/cross-$(1)/%.o: core/%.c | $$(BUILD)/cross-inc/mbedtls $$(GEN_FILES)
	@mkdir -p $$(dir $$@)
	cd $$(dir $$@) && $$(CROSS_CC) -mcpu=$(1) $$(CROSS_FLAGS:-I%=-I$$(CURDIR)/%) -MMD -MP -MT $$@ -c $$(CURDIR)/$$< -o $$(notdir $$@)
-include $$(CROSS_OBJ_$(1):.o=.d)
endef
$(foreach c,$(CROSS_CPUS),$(eval $(call cross_rules,$(c))))

.PHONY: cross check-core size size-link stack
cross: $(foreach c,$(CROSS_CPUS),$(CROSS_OBJ_$(c)))

check-core: $(CORE_OBJ) cross
	@sh tests/check-core.sh $(BUILD)/core $(foreach c,$(CROSS_CPUS),$(BUILD)/cross-$(c))

# The headline: the firmware example's image (boards/firmware-example/firmware.mk), with the worst stack of the
# flow's calls from make stack added to its RAM; then the whole image with lwIP and TLS
# (port/lwip/lwip.mk's size-lwip); then the uploader image of the emulated MCU (boards/qemu-mps2/qemu_net.mk's
# size-qemu-net); then the per-object tables.
FLOW_CALLS := s3l_client_(create_mpu|upload_part|complete_mpu|abort_mpu)
size: cross $(PORT_OBJ) $(CLI)
	@st=$$($(MAKE) --no-print-directory stack | awk -F'|' '$$2 ~ /^ $(FLOW_CALLS) $$/ { if ($$3 + 0 > m) m = $$3 + 0 } END { print m + 0 }'); \
	  $(MAKE) --no-print-directory firmware-example FW_STACK=$$st
	@echo; $(MAKE) --no-print-directory size-lwip || \
	  echo "size: the whole-image row (lwIP + TLS) is missing: lwIP's source could not be fetched (make lwip says why)"
	@echo; $(MAKE) --no-print-directory size-qemu-net || \
	  echo "size: the uploader image's row is missing: lwIP's or mbedTLS's source could not be fetched"
	@echo; echo "core/ (firmware build):"
	@$(PYTHON) tests/size/size_report.py $(CROSS_SIZE) $(foreach c,$(CROSS_CPUS),$(BUILD)/cross-$(c))
	@$(MAKE) --no-print-directory size-link
	@echo; echo "port/tls for the firmware (Cortex-M4/M0+ -Os, against mbedTLS 3.6; Debian's 2.28 config needs pthreads):"
	@$(MAKE) --no-print-directory tls-cross | grep -E 'text|tls_mbedtls' || true
	@echo; echo "host port objects and the CLI (x86-64, this build's flags):"
	@size $(PORT_OBJ) $(CLI) | awk 'NR == 1 || $$1 > 0'

# mbedTLS sources for the stack report (digests only): the shared 3.6 tarball when present,
# else Debian's source package.
MBEDTLS_SRC ?= $(BUILD)/mbedtls-src
$(MBEDTLS_SRC)/.ok:
	@sh port/tls/mbedtls-src.sh $(MBEDTLS_SRC) $(SHARED)

MBED_STACK_SRC := sha256.c sha1.c md5.c
stack: cross $(MBEDTLS_SRC)/.ok
	@rm -rf $(BUILD)/stack-mbedtls && mkdir -p $(BUILD)/stack-mbedtls
	@if [ -d $(MBEDTLS_SRC)/library ]; then \
	  for f in $(MBED_STACK_SRC); do \
	    ( cd $(BUILD)/stack-mbedtls && $(CROSS_CC) -mcpu=cortex-m4 -mthumb -Os -ffunction-sections \
	      -fstack-usage -fcallgraph-info=su -I$(CURDIR)/$(MBEDTLS_SRC)/include \
	      -I$(CURDIR)/$(MBEDTLS_SRC)/library -c $(CURDIR)/$(MBEDTLS_SRC)/library/$$f ) || exit 1; \
	  done; fi
	@$(PYTHON) tests/size/stack_report.py $(BUILD)/cross-cortex-m4 $(BUILD)/stack-mbedtls

# A stand-in firmware (tests/size/size_probe.c) linked with --gc-sections against the Cortex-M4
# objects: the bytes each core/ object really contributes when a device calls the operations.
# The budget covers http + xml + the operations (request builders and response parsers).
SIZE_BUDGET_OBJS := http xml s3_request s3_req_body s3_req_enum s3_response
SIZE_SUPPORT_OBJS := common uri date checksum base64 hash_mbedtls
PROBE_DIR := $(BUILD)/size-probe
PROBE_LD  := -mcpu=cortex-m4 -mthumb -nostartfiles --specs=nano.specs -Wl,--gc-sections \
             -Wl,-e,probe -Wl,--unresolved-symbols=ignore-all
$(PROBE_DIR)/%.elf: tests/size/size_probe.c cross
	@mkdir -p $(PROBE_DIR)
	@$(CROSS_CC) -mcpu=cortex-m4 $(CROSS_FLAGS) -DPROBE_$* -c $< -o $(PROBE_DIR)/$*.o
	@$(CROSS_CC) $(PROBE_LD) -Wl,-Map=$(PROBE_DIR)/$*.map $(PROBE_DIR)/$*.o \
	  $(CROSS_OBJ_cortex-m4) -o $@
size-link: $(PROBE_DIR)/FLOW.elf $(PROBE_DIR)/ALL.elf
	@for v in FLOW ALL; do \
	  if [ $$v = FLOW ]; then echo; echo "linked for the multipart flow (Create, UploadPart, Complete, Abort, ListParts), Cortex-M4 -Os, --gc-sections:"; \
	  else echo; echo "linked for every upload operation (+ ListMultipartUploads, PutObject, HeadObject):"; fi; \
	  echo " http + xml + operations (budget: 6144):"; \
	  $(PYTHON) tests/size/size_link.py $(PROBE_DIR)/$$v.map $(SIZE_BUDGET_OBJS); \
	  echo " modules they use:"; \
	  $(PYTHON) tests/size/size_link.py $(PROBE_DIR)/$$v.map $(SIZE_SUPPORT_OBJS); \
	done

# make check-log: core/ with the log macros turned on (tests/log/log_config.h maps them to a
# printf-like function), warning-free: every log format matches its arguments.
LOG_OBJ := $(CORE_SRC:core/%.c=$(BUILD)/log/%.o)
$(BUILD)/log/%.o: core/%.c tests/log/log_config.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_CORE) -I. -DS3L_CONFIG_FILE='"tests/log/log_config.h"' $(CFLAGS_CORE) -c $< -o $@
.PHONY: check-log
check-log: $(LOG_OBJ)
	@n=$$(nm -u $(LOG_OBJ) | grep -c s3l_test_log); \
	 echo "check-log: core/ compiles with logging on ($$n objects call the log hook)"; \
	 [ "$$n" -gt 0 ]
