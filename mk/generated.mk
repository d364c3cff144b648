# SPDX-License-Identifier: MIT
# Generated files. Each is committed, so a build needs no python3 while it is current, and
# each follows from its inputs: make regenerates it before compiling when an input is newer
# (scripts/regen.sh: without python3 it keeps a copy whose inputs are as committed, and fails,
# saying why, when an input was edited). CI runs check-generated, so a stale copy cannot ship.
#
#   core/s3_names.h    scripts/gen_s3_names.py reads core/s3_response.c, core/s3_req_names.h
#   core/crc_tables.h  scripts/gen_crc_tables.py (no inputs besides itself)
#
#   make generated        regenerate every generated file whose inputs changed
#   make s3-names         regenerate core/s3_names.h now
#   make check-generated  regenerate each into a temporary file; fail, naming the file, when
#                         the committed copy differs

GEN_FILES := core/s3_names.h core/crc_tables.h
GEN_IN_core/s3_names.h   := scripts/gen_s3_names.py core/s3_response.c core/s3_req_names.h
GEN_IN_core/crc_tables.h := scripts/gen_crc_tables.py

core/s3_names.h: $(GEN_IN_core/s3_names.h)
	@sh scripts/regen.sh $@ "$(PYTHON)" $^

core/crc_tables.h: $(GEN_IN_core/crc_tables.h)
	@sh scripts/regen.sh $@ "$(PYTHON)" $^

# Before anything compiles (the .d files only know these headers after a first build).
$(CORE_OBJ) $(PORT_OBJ) $(CLI_OBJ) $(TUTIL_OBJ) $(TEST_SRC:tests/%.c=$(BUILD)/tests/%.o): | $(GEN_FILES)

.PHONY: generated s3-names check-generated
generated: $(GEN_FILES)

s3-names:
	@sh scripts/regen.sh core/s3_names.h "$(PYTHON)" $(GEN_IN_core/s3_names.h)

check-generated:
	@rc=0; $(foreach f,$(GEN_FILES),sh scripts/regen.sh --check $(f) "$(PYTHON)" $(GEN_IN_$(f)) || rc=1;) \
	exit $$rc
