# SPDX-License-Identifier: MIT
# Differential check of the S3 response parsers against an earlier commit.
#
#   make diff-responses [BASE=a1f401b] [DIFF_MUTANTS=20]
#        build tests/tool_resp_diff.c twice: against core/ and include/ of commit BASE (taken
#        with git archive into $(BUILD)/diff-responses/base) and against the working tree;
#        feed both every S3 response sample of $(SHARED)/vectors/s3-xml (when present),
#        tests/golden, the fuzz seeds and any corpus under $(BUILD)/fuzz (all written in the
#        fuzz_responses format by tests/resp_diff_inputs.py), DIFF_MUTANTS mutations of each,
#        whole, split in two at every point and byte by byte; compare the digests of the
#        filled structs line by line. Prints the counts; fails on any difference (listed in
#        $(BUILD)/diff-responses/diff.txt) or on a split that changed a result.
#   make link-s3resp
#        link tests/tool_resp_diff.c with the response modules alone (s3_response, xml,
#        common): the parser needs nothing of the request builders.

BASE         ?= a1f401b
DIFF_MUTANTS ?= 20
RESP_DIFF_DIR := $(BUILD)/diff-responses
RESP_DIFF_CFLAGS = $(WARN) -O2 -D_POSIX_C_SOURCE=200809L
S3RESP_ALONE := core/s3_response.c core/xml.c core/common.c

.PHONY: diff-responses link-s3resp

$(RESP_DIFF_DIR)/resp_alone: tests/tool_resp_diff.c $(S3RESP_ALONE) $(BUILD_CONFIG) | $(GEN_FILES)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_CORE) $(RESP_DIFF_CFLAGS) -o $@ tests/tool_resp_diff.c $(S3RESP_ALONE)

link-s3resp: $(RESP_DIFF_DIR)/resp_alone
	@echo "link-s3resp: $< links with $(S3RESP_ALONE) only"

diff-responses: $(RESP_DIFF_DIR)/resp_alone $(BUILD_CONFIG) $(HASH_OBJ)
	@rm -rf $(RESP_DIFF_DIR)/base $(RESP_DIFF_DIR)/inputs && mkdir -p $(RESP_DIFF_DIR)/base
	@git archive $(BASE) core include | tar -x -C $(RESP_DIFF_DIR)/base
	$(CC) $(CONFIG_INC) -I$(RESP_DIFF_DIR)/base/include $(RESP_DIFF_CFLAGS) -o $(RESP_DIFF_DIR)/base/tool \
	  tests/tool_resp_diff.c $(RESP_DIFF_DIR)/base/core/*.c $(HASH_OBJ) $(HOST_LIBS)
	@$(PYTHON) tests/resp_diff_inputs.py $(RESP_DIFF_DIR)/inputs $(SHARED)/vectors \
	  tests/fuzz/seeds/responses $(wildcard $(BUILD)/fuzz/corpus/responses $(BUILD)/fuzz/shared/responses)
	@sizes=$$($(RESP_DIFF_DIR)/base/tool --sizes | sed 's/^/-s /'); \
	$(RESP_DIFF_DIR)/base/tool -m $(DIFF_MUTANTS) $(RESP_DIFF_DIR)/inputs > $(RESP_DIFF_DIR)/base.out & \
	$(RESP_DIFF_DIR)/resp_alone $$sizes -m $(DIFF_MUTANTS) $(RESP_DIFF_DIR)/inputs > $(RESP_DIFF_DIR)/new.out; \
	wait; \
	diff $(RESP_DIFF_DIR)/base.out $(RESP_DIFF_DIR)/new.out > $(RESP_DIFF_DIR)/diff.txt; \
	d=$$(grep -c '^[<>]' $(RESP_DIFF_DIR)/diff.txt); s=$$(grep -c '^SPLIT' $(RESP_DIFF_DIR)/new.out); \
	echo "diff-responses: BASE=$(BASE), per build: $$(tail -1 $(RESP_DIFF_DIR)/new.out);" \
	  "$$d differing lines, $$s split differences"; \
	test "$$d" = 0 && test "$$s" = 0
