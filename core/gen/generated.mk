# SPDX-License-Identifier: MIT
# Generated files. Each is committed, so a build needs no python3 while it is current, and
# each follows from its inputs: make regenerates it before compiling when an input is newer
# (core/gen/regen.sh: without python3 it keeps a copy whose inputs are as committed, and fails,
# saying why, when an input was edited). CI runs check-generated, so a stale copy cannot ship.
#
#   core/crc_tables.h  core/gen/gen_crc_tables.py (no inputs besides itself)
#
#   make generated        regenerate every generated file whose inputs changed
#   make check-generated  regenerate each into a temporary file; fail, naming the file, when
#                         the committed copy differs

GEN_FILES := core/crc_tables.h
GEN_IN_core/crc_tables.h := core/gen/gen_crc_tables.py

core/crc_tables.h: $(GEN_IN_core/crc_tables.h)
	@sh core/gen/regen.sh $@ "$(PYTHON)" $^

# Before anything compiles (the .d files only know these headers after a first build).
$(CORE_OBJ) $(PORT_OBJ) $(CLI_OBJ) $(TUTIL_OBJ) $(TEST_SRC:tests/%.c=$(BUILD)/tests/%.o): | $(GEN_FILES)

.PHONY: generated check-generated
generated: $(GEN_FILES)

check-generated:
	@rc=0; $(foreach f,$(GEN_FILES),sh core/gen/regen.sh --check $(f) "$(PYTHON)" $(GEN_IN_$(f)) || rc=1;) \
	exit $$rc
