# SPDX-License-Identifier: MIT
# The ABI check's test (tests/test_abi.c, in make test): tests/abi/app.c compiled as four
# applications, each with other s3lite options, linked into test_abi with the library.
#   same      this build's options (its build_config.h)
#   plain     the source headers only (include/s3lite/build_config.h: no options)
#   keymax    this build's options and S3L_KEY_MAX=512
#   cfgfile   this build's options and an S3L_CONFIG_FILE (tests/abi/small_config.h)
#   fakehash  the source headers with a hash backend the library was not built with

ABI_DIR  := $(BUILD)/tests/abi
ABI_APPS := same plain keymax cfgfile fakehash
ABI_OBJ  := $(ABI_APPS:%=$(ABI_DIR)/app_%.o)
ABI_PLAIN_FLAGS := $(filter-out $(CONFIG_INC),$(CPPFLAGS_HOST))

abi_flags_same     := $(CPPFLAGS_HOST)
abi_flags_plain    := $(ABI_PLAIN_FLAGS)
abi_flags_keymax   := $(CPPFLAGS_HOST) -DS3L_KEY_MAX=512
abi_flags_cfgfile  := $(CPPFLAGS_HOST) -DS3L_CONFIG_FILE='"abi/small_config.h"'
abi_flags_fakehash := $(ABI_PLAIN_FLAGS) -Itests/abi -DS3L_HASH_ALT='"fake_hash.h"'

$(ABI_OBJ): $(ABI_DIR)/app_%.o: tests/abi/app.c $(BUILD_CONFIG)
	@mkdir -p $(dir $@)
	$(CC) $(abi_flags_$*) -DABI_APP=abi_app_$* -DABI_OPTIONS='"$*: $(subst ',,$(subst ",,$(filter -D%,$(abi_flags_$*))))"' \
	  $(CFLAGS_HOST) -MMD -MP -c $< -o $@

$(BUILD)/tests/test_abi: $(ABI_OBJ)
# The library again after the applications: they call init functions nothing before them uses.
$(BUILD)/tests/test_abi: private HOST_LIBS += $(ABI_OBJ) $(LIB)
-include $(ABI_OBJ:.o=.d)
