# SPDX-License-Identifier: MIT
# Accelerated host backends behind the hash seam (include/s3lite/hash.h), chosen at build time.
#
#   make                      ACCEL=auto: on for each backend whose library the host has
#   make ACCEL=0 BUILD=build-plain test    the plain build: mbedTLS digests + table CRCs
#   make ACCEL=1 BUILD=build-accel test    every backend on (fails to build when one is missing)
#   make test-accel-matrix    unit tests in both builds (and test_checksum once more with the
#                             CLMUL path off), one combined closing line (CI)
#
# Backends (each also selectable alone: ACCEL_OPENSSL / ACCEL_ISAL / ACCEL_CLMUL = 0 or 1):
#   OpenSSL libcrypto  SHA-256/SHA-1/MD5 (SHA-NI, ARMv8 crypto)   libssl-dev    port/posix/hash_openssl.c
#   ISA-L              CRC32, CRC32C (PCLMULQDQ, SSE4.2, AVX-512)  libisal-dev   port/posix/crc_isal.c
#   CLMUL folding      CRC64NVME on x86-64 (ISA-L lacks the NVMe polynomial; no library needed;
#                      slice-by-8 when the CPU lacks PCLMULQDQ)                 port/posix/crc64_clmul.c
#
# Use one BUILD directory per configuration. Objects also depend on $(BUILD)/accel.flags, which
# changes with the configuration (and CC), so a switch inside one BUILD directory rebuilds
# rather than mixing objects of two configurations.
#
# Firmware never sees any of this: core/ and its cross builds only know S3L_*_ALT.
# The choice is written into $(BUILD)/include/s3lite/build_config.h (BUILD_DEFINES), which the
# library, the CLI, the tests and every application built against this build include;
# `s3lite --version` prints it. A fragment that wants the plain configuration for some
# objects filters $(CONFIG_INC) out of CPPFLAGS_CORE (include/s3lite/build_config.h: none).

ACCEL ?= auto

ACCEL_HASH := \#
accel_has_header = $(shell echo '$(ACCEL_HASH)include <$(1)>' | $(CC) -E -x c - >/dev/null 2>&1 && echo y)

ifeq ($(ACCEL),auto)
ACCEL_OPENSSL ?= $(if $(call accel_has_header,openssl/sha.h),1,0)
ACCEL_ISAL    ?= $(if $(call accel_has_header,isa-l/crc.h),1,0)
ACCEL_CLMUL   ?= $(if $(findstring x86_64,$(shell $(CC) -dumpmachine 2>/dev/null)),1,0)
else ifeq ($(ACCEL),1)
ACCEL_OPENSSL ?= 1
ACCEL_ISAL    ?= 1
ACCEL_CLMUL   ?= 1
else ifeq ($(ACCEL),0)
ACCEL_OPENSSL ?= 0
ACCEL_ISAL    ?= 0
ACCEL_CLMUL   ?= 0
else
$(error ACCEL must be auto, 0 or 1 (got '$(ACCEL)'))
endif

ACCEL_DEFINES :=
ACCEL_LIBS    :=
ACCEL_ID      := hash=mbedtls crc32=table crc32c=table crc64nvme=table

ifeq ($(ACCEL_OPENSSL),1)
ACCEL_DEFINES += S3L_HASH_ALT="s3lite/port_hash_openssl.h" S3L_PORT_HASH_OPENSSL
ACCEL_LIBS    += -lcrypto
ACCEL_ID      := $(subst hash=mbedtls,hash=openssl,$(ACCEL_ID))
endif
ifeq ($(ACCEL_ISAL),1)
ACCEL_DEFINES += S3L_CRC32_ALT S3L_CRC32C_ALT S3L_PORT_CRC_ISAL
ACCEL_LIBS    += -lisal
ACCEL_ID      := $(subst crc32=table crc32c=table,crc32=isal crc32c=isal,$(ACCEL_ID))
endif
ifeq ($(ACCEL_CLMUL),1)
ACCEL_DEFINES += S3L_CRC64NVME_ALT S3L_PORT_CRC64_CLMUL
ACCEL_ID      := $(subst crc64nvme=table,crc64nvme=clmul,$(ACCEL_ID))
endif

# Into the build's build_config.h (Makefile), with what --version and make print.
BUILD_DEFINES += $(ACCEL_DEFINES)
BUILD_HASH    := $(patsubst hash=%,%,$(filter hash=%,$(ACCEL_ID)))
BUILD_CRC     := $(filter-out hash=%,$(ACCEL_ID))
BUILD_NOTE    := ACCEL=$(ACCEL); choose with make ACCEL=0 (portable: mbedTLS digests and table \
                 CRCs), ACCEL=auto (what this host has) or ACCEL=1 (all of them, else fail)

# Fuzz builds (tests/fuzz/fuzz.mk) link core/ alone, without the backends; and fuzzing wants the
# portable, instrumented code anyway. So under $(BUILD)/fuzz/ the plain configuration
# applies, whatever ACCEL says.
$(BUILD)/fuzz/%: CPPFLAGS_CORE := $(filter-out $(CONFIG_INC),$(CPPFLAGS_CORE))
$(BUILD)/fuzz/%: CPPFLAGS_HOST := $(filter-out $(CONFIG_INC),$(CPPFLAGS_HOST))

# Rebuild everything when the configuration of this BUILD directory changes.
ACCEL_STAMP := $(BUILD)/accel.flags
.PHONY: accel-force accel-info test-accel-matrix
accel-force:
$(ACCEL_STAMP): accel-force
	@mkdir -p $(BUILD)
	@echo '$(ACCEL_ID) cc=$(CC)' | cmp -s - $@ || echo '$(ACCEL_ID) cc=$(CC)' > $@
$(CORE_OBJ) $(HASH_OBJ) $(PORT_OBJ) $(CLI_OBJ) $(TUTIL_OBJ) $(TEST_SRC:tests/%.c=$(BUILD)/tests/%.o): $(ACCEL_STAMP)

accel-info:
	@echo "ACCEL=$(ACCEL): $(ACCEL_ID)"
	@echo "  defines:  $(ACCEL_DEFINES) (in $(BUILD_CONFIG))"
	@echo "  libs:     $(ACCEL_LIBS)"

# Unit tests in the plain and the accelerated build, each in its own BUILD directory, then one
# combined line. Fails when either build fails to build or has a failing test.
# tally LABEL: report $line (a missing one counts as a failure) and add its counts to the totals.
test-accel-matrix:
	@rc=0; tp=0; tf=0; ts=0; summary=""; \
	tally() { \
	  [ -n "$$line" ] || { line="0 passed, 1 failed, 0 skipped"; rc=1; }; \
	  echo "$$1: $$line"; summary="$$summary $$1: $$line;"; \
	  p=$$(echo "$$line" | sed -E 's/^([0-9]+) passed.*/\1/'); \
	  f=$$(echo "$$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/'); \
	  s=$$(echo "$$line" | sed -nE 's/.* ([0-9]+) skipped.*/\1/p'); \
	  tp=$$((tp + p)); tf=$$((tf + f)); ts=$$((ts + $${s:-0})); \
	}; \
	for cfg in 0:build-plain 1:build-accel; do \
	  a=$${cfg%%:*}; d=$${cfg#*:}; \
	  echo "==== ACCEL=$$a BUILD=$$d"; mkdir -p $$d; \
	  $(MAKE) --no-print-directory ACCEL=$$a BUILD=$$d CC='$(CC)' tests >$$d/matrix-build.log 2>&1 \
	    || { tail -n 30 $$d/matrix-build.log; echo "ACCEL=$$a: build failed"; rc=1; \
	         summary="$$summary ACCEL=$$a: build failed;"; tf=$$((tf + 1)); continue; }; \
	  $(MAKE) --no-print-directory ACCEL=$$a BUILD=$$d CC='$(CC)' accel-info; \
	  $(MAKE) --no-print-directory ACCEL=$$a BUILD=$$d CC='$(CC)' test >$$d/matrix-test.log 2>&1 || rc=1; \
	  grep -E '^(FAIL|SKIP|== )' $$d/matrix-test.log | tail -n 60; \
	  line=$$(grep -E '^[0-9]+ passed, [0-9]+ failed' $$d/matrix-test.log | tail -n 1); \
	  tally "ACCEL=$$a"; \
	done; \
	if [ -x build-accel/tests/test_checksum ]; then \
	  echo "==== ACCEL=1, CRC64NVME without PCLMULQDQ (S3L_CRC_NO_CLMUL=1): test_checksum"; \
	  line=$$(S3L_CRC_NO_CLMUL=1 SHARED=$(SHARED) BUILD=build-accel build-accel/tests/test_checksum 2>&1 \
	    | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -n 1); \
	  tally no-clmul; \
	  [ "$$f" -eq 0 ] || rc=1; \
	fi; \
	echo "accel matrix:$$summary total $$tp passed, $$tf failed, $$ts skipped"; \
	exit $$rc
