# SPDX-License-Identifier: MIT
# Differential check of the request builders against an earlier revision.
#
#   make diff-tables [BASE=a1f401b] [DIFF_COUNT=100000]
#       builds tests/diff_s3_request.c twice: against BASE's core/ and include/ (taken with
#       git archive into $(BUILD)/diff/base, compiled there) and against this tree's; runs
#       both over the same DIFF_COUNT random builds (every operation, good and bad values,
#       small arenas and header arrays) and compares every line: the result of each build
#       and, on success, every byte of the request and of the two request bodies. Prints
#       the counts and the number of differing lines; fails when any line differs.

BASE       ?= a1f401b
DIFF_COUNT ?= 100000
DIFF_DIR   := $(BUILD)/diff
# No build options on either side (each tree's own include/s3lite/build_config.h).
DIFF_CFLAGS := -std=c99 -O1 -w -D_POSIX_C_SOURCE=200809L

# $(call diff_side,NAME,TREE): compile TREE's core into an archive, link the program.
define diff_side
	@mkdir -p $(DIFF_DIR)/$(1)/obj
	@for f in $(2)/core/*.c; do \
	  $(CC) $(DIFF_CFLAGS) -I$(2)/include -c $$f -o $(DIFF_DIR)/$(1)/obj/$$(basename $$f .c).o || exit 1; \
	done
	@rm -f $(DIFF_DIR)/$(1)/libcore.a && ar rcs $(DIFF_DIR)/$(1)/libcore.a $(DIFF_DIR)/$(1)/obj/*.o
	@$(CC) $(DIFF_CFLAGS) -I$(2)/include -o $(DIFF_DIR)/$(1)/diff_s3_request tests/diff_s3_request.c \
	  $(DIFF_DIR)/$(1)/libcore.a $(HOST_LIBS)
endef

.PHONY: diff-tables
diff-tables:
	@rm -rf $(DIFF_DIR) && mkdir -p $(DIFF_DIR)/base/tree
	@git archive $(BASE) core include | tar -x -C $(DIFF_DIR)/base/tree
	$(call diff_side,base,$(DIFF_DIR)/base/tree)
	$(call diff_side,head,.)
	@$(DIFF_DIR)/base/diff_s3_request $(DIFF_COUNT) > $(DIFF_DIR)/base.txt
	@$(DIFF_DIR)/head/diff_s3_request $(DIFF_COUNT) > $(DIFF_DIR)/head.txt
	@n=$$(wc -l < $(DIFF_DIR)/head.txt); \
	d=$$(diff $(DIFF_DIR)/base.txt $(DIFF_DIR)/head.txt | grep -c '^>'); \
	ok=$$(grep -c ' rc=0 ' $(DIFF_DIR)/head.txt); \
	echo "diff-tables: $(BASE) vs this tree: $$n lines ($$ok built requests and bodies), $$d differ"; \
	if [ $$d -ne 0 ]; then diff $(DIFF_DIR)/base.txt $(DIFF_DIR)/head.txt | head -20; exit 1; fi
