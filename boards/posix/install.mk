# SPDX-License-Identifier: MIT
# Install and the check that an application builds against what is installed.
#
#   make install [PREFIX=/usr/local] [DESTDIR=]   the static libraries, the headers with this
#                build's s3lite/build_config.h, s3lite.pc and s3lite-posix.pc, the CLI
#   make test-install   install under a temporary DESTDIR and build tests/install/app.c
#                against it through pkg-config; then build the same program with CMake
#                (the top-level CMakeLists.txt through add_subdirectory) for the host and,
#                with boards/cmake/arm-none-eabi.cmake, for Cortex-M4
#
# pkg-config: s3lite is the portable library (core/ and the hash backend this build chose,
# with the libraries that backend needs); s3lite-posix adds the POSIX port (sockets, TLS
# through the backend this build chose (port/tls/tls.mk), clock and entropy). Both are static:
# their Libs list everything.

PREFIX  ?= /usr/local
DESTDIR ?=
LIBDIR  ?= $(PREFIX)/lib
INCDIR  ?= $(PREFIX)/include
BINDIR  ?= $(PREFIX)/bin
PCDIR   ?= $(LIBDIR)/pkgconfig
INSTALL ?= install

# What libs3lite.a needs: mbedTLS's digests unless a host backend replaced them.
CORE_PC_LIBS := $(if $(filter mbedtls,$(BUILD_HASH)),-lmbedcrypto) $(ACCEL_LIBS)
PC_DIR := $(BUILD)/pkgconfig

# pc_file NAME DESCRIPTION REQUIRES LIBS: the text of one .pc file
define pc_file
prefix=$(PREFIX)
libdir=$(LIBDIR)
includedir=$(INCDIR)

Name: $(1)
Description: $(2)
Version: $(shell sed -n 's/^#define S3L_VERSION_STRING "\(.*\)"/\1/p' include/s3lite/version.h)
Requires: $(3)
Cflags: -I$${includedir}
Libs: -L$${libdir} $(strip $(4))
endef

$(PC_DIR):
	@mkdir -p $@
$(PC_DIR)/s3lite.pc: $(BUILD_CONFIG) Makefile boards/posix/install.mk | $(PC_DIR)
	$(file > $@,$(call pc_file,s3lite,firmware-friendly S3 client: zero-malloc core (hash: $(BUILD_HASH); $(BUILD_CRC)),,-ls3lite $(CORE_PC_LIBS)))
	@echo "wrote $@"
$(PC_DIR)/s3lite-posix.pc: $(BUILD_CONFIG) Makefile boards/posix/install.mk | $(PC_DIR)
	$(file > $@,$(call pc_file,s3lite-posix,s3lite's POSIX port: sockets and TLS through $(BUILD_TLS),s3lite,-ls3lite_posix $(or $(TLS_LIBS),$(MBEDTLS_LIBS))))
	@echo "wrote $@"

.PHONY: install test-install
install: $(LIB) $(PORT_LIB) $(CLI) $(PC_DIR)/s3lite.pc $(PC_DIR)/s3lite-posix.pc
	$(INSTALL) -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PCDIR) $(DESTDIR)$(INCDIR)/s3lite $(DESTDIR)$(BINDIR)
	$(INSTALL) -m 644 $(LIB) $(PORT_LIB) $(DESTDIR)$(LIBDIR)/
	$(INSTALL) -m 644 include/s3lite.h $(DESTDIR)$(INCDIR)/
	$(INSTALL) -m 644 $(filter-out include/s3lite/build_config.h,$(wildcard include/s3lite/*.h)) \
	  $(DESTDIR)$(INCDIR)/s3lite/
	$(INSTALL) -m 644 $(BUILD_CONFIG) $(DESTDIR)$(INCDIR)/s3lite/
	$(INSTALL) -m 644 $(PC_DIR)/s3lite.pc $(PC_DIR)/s3lite-posix.pc $(DESTDIR)$(PCDIR)/
	$(INSTALL) -m 755 $(CLI) $(DESTDIR)$(BINDIR)/

# ---- make test-install ------------------------------------------------------------------------
TI_DIR   := $(BUILD)/test-install
TI_ROOT  := $(CURDIR)/$(TI_DIR)/root
TI_PC    := PKG_CONFIG_SYSROOT_DIR=$(TI_ROOT) PKG_CONFIG_LIBDIR=$(TI_ROOT)/usr/local/lib/pkgconfig pkg-config
TI_CMAKE := cmake -DS3LITE_STRICT_WARNINGS=ON -DCMAKE_BUILD_TYPE=MinSizeRel
CROSS_NM ?= arm-none-eabi-nm
# What a bare-metal link may leave to the firmware: mbedTLS (its digests, zeroize).
TI_M4_ALLOWED := ^mbedtls_

test-install: $(BUILD)/cross-inc/mbedtls
	@rm -rf $(TI_DIR) && mkdir -p $(TI_DIR)
	@echo "== make install DESTDIR=$(TI_ROOT) PREFIX=/usr/local"
	@$(MAKE) --no-print-directory -s install DESTDIR=$(TI_ROOT) PREFIX=/usr/local >/dev/null
	@cd $(TI_ROOT) && find . -type f | sort | sed 's/^\./  /'
	@echo "== pkg-config: s3lite ($$($(TI_PC) --libs s3lite)), s3lite-posix"
	@$(CC) $(WARN) -O2 $$($(TI_PC) --cflags s3lite) tests/install/app.c -o $(TI_DIR)/app-pc \
	  $$($(TI_PC) --libs s3lite)
	@$(TI_DIR)/app-pc
	@$(CC) $(WARN) -O2 $$($(TI_PC) --cflags s3lite-posix) tests/install/app.c -o $(TI_DIR)/app-pc-posix \
	  $$($(TI_PC) --libs s3lite-posix)
	@$(TI_DIR)/app-pc-posix
	@echo "== the same program compiled with the source tree's headers (no build_config.h) against the installed library"
	@$(CC) $(WARN) -O2 -Iinclude tests/install/app.c -o $(TI_DIR)/app-mismatch $$($(TI_PC) --libs s3lite)
	@if $(TI_DIR)/app-mismatch; then \
	  if [ "$(BUILD_HASH)" != mbedtls ] || [ "$(BUILD_TLS)" != mbedtls ]; then \
	    echo "test-install: a hash=$(BUILD_HASH) tls=$(BUILD_TLS) library accepted mbedTLS-sized structs"; exit 1; fi; \
	  echo "  (this build has no layout options: accepted, as it should be)"; \
	else echo "  refused as expected (exit 1)"; fi
	@echo "== CMake, host: add_subdirectory (S3LITE_HASH=mbedtls, S3LITE_CRC_TABLES=8)"
	@$(TI_CMAKE) -S tests/install -B $(TI_DIR)/cmake-host -DS3LITE_CRC_TABLES=8 >$(TI_DIR)/cmake-host.log
	@cmake --build $(TI_DIR)/cmake-host -j2 >>$(TI_DIR)/cmake-host.log 2>&1 || { tail -n 30 $(TI_DIR)/cmake-host.log; exit 1; }
	@$(TI_DIR)/cmake-host/app
	@echo "== CMake and make write the same build_config.h for the same options (make ACCEL=0)"
	@$(MAKE) --no-print-directory -s ACCEL=0 BUILD=$(TI_DIR)/make-plain $(TI_DIR)/make-plain/include/s3lite/build_config.h 2>/dev/null
	@diff $(TI_DIR)/make-plain/include/s3lite/build_config.h $(TI_DIR)/cmake-host/s3lite/include/s3lite/build_config.h
	@echo "== CMake, Cortex-M4: boards/cmake/arm-none-eabi.cmake, mbedTLS headers from $(BUILD)/cross-inc"
	@$(TI_CMAKE) -S tests/install -B $(TI_DIR)/cmake-m4 -DCMAKE_TOOLCHAIN_FILE=$(CURDIR)/boards/cmake/arm-none-eabi.cmake \
	  -DS3LITE_CPU=cortex-m4 -DS3LITE_MBEDTLS_INCLUDE_DIR=$(CURDIR)/$(BUILD)/cross-inc >$(TI_DIR)/cmake-m4.log
	@cmake --build $(TI_DIR)/cmake-m4 -j2 >>$(TI_DIR)/cmake-m4.log 2>&1 || { tail -n 30 $(TI_DIR)/cmake-m4.log; exit 1; }
	@$(CROSS_SIZE) $(TI_DIR)/cmake-m4/app
	@echo "  left for the firmware to link: $$($(CROSS_NM) -u $(TI_DIR)/cmake-m4/app | awk '{print $$2}' | tr '\n' ' ')"
	@if $(CROSS_NM) -u $(TI_DIR)/cmake-m4/app | awk '{print $$2}' | grep -Ev '$(TI_M4_ALLOWED)'; then \
	  echo "test-install: the Cortex-M4 link has undefined symbols besides mbedTLS's"; exit 1; fi
	@echo "test-install: ok"
