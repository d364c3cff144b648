# SPDX-License-Identifier: MIT
# Fault injection at the client level (tests/test_faults.c) and at the uploader level
# (tests/test_faults_upload.c: reboots and resumes); `make test` runs their short forms.
#
#   make test-faults       the whole multipart flow once per fault point: every send/recv call
#                          x every fault kind of tests/util_fault_transport.c, the network gone
#                          from each call on, and cuts at byte offsets in both directions
#                          through tests/util_cut_proxy.c; a table of fault kind x outcome.
#                          Then the uploader-driven upload once per fault point, rebooting
#                          and resuming from its saved state after a failed step.
#                          Runs the plain build, then an ASan + UBSan build in $(BUILD)/asan
#                          (FAULTS_ASAN=0: the plain build only).
#   make test-faults-cov   the full run on a --coverage build in $(BUILD)/cov, then the line
#                          and branch coverage of core/client.c and core/uploader.c that
#                          they reached (gcov)
#   make cut-proxy         $(BUILD)/tests/cut_proxy, the cutting forwarder as a program (for
#                          runs against a server outside the tests; see tests/tool_cut_proxy.c)

FAULTS_ASAN ?= 1
FAULTS_SAN  := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer

.PHONY: test-faults test-faults-cov cut-proxy
cut-proxy: $(BUILD)/tests/cut_proxy

$(BUILD)/tests/cut_proxy: $(BUILD)/tests/tool_cut_proxy.o $(BUILD)/tests/util_cut_proxy.o
	$(CC) $(CFLAGS_HOST) -o $@ $^ -lpthread

test-faults: $(BUILD)/tests/test_faults $(BUILD)/tests/test_faults_upload
	$(BUILD)/tests/test_faults --full --log $(BUILD)/test_faults_runs.txt
	@echo "one line per run: $(BUILD)/test_faults_runs.txt"
	$(BUILD)/tests/test_faults_upload --full
ifeq ($(FAULTS_ASAN),1)
	$(MAKE) --no-print-directory BUILD=$(BUILD)/asan EXTRA_CFLAGS="$(FAULTS_SAN)" $(BUILD)/asan/tests/test_faults $(BUILD)/asan/tests/test_faults_upload
	$(BUILD)/asan/tests/test_faults --full
	$(BUILD)/asan/tests/test_faults_upload --full
endif

test-faults-cov:
	$(MAKE) --no-print-directory BUILD=$(BUILD)/cov O="-O0 -g" EXTRA_CFLAGS="--coverage -Wno-format-truncation" $(BUILD)/cov/tests/test_faults $(BUILD)/cov/tests/test_faults_upload
	@rm -f $(BUILD)/cov/core/*.gcda
	$(BUILD)/cov/tests/test_faults --full
	$(BUILD)/cov/tests/test_faults_upload --full
	@gcov -b -n -o $(BUILD)/cov/core core/client.c core/uploader.c | head -n 11
