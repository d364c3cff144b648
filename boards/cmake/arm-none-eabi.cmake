# SPDX-License-Identifier: MIT
# CMake toolchain file for Cortex-M with the GNU Arm Embedded toolchain (arm-none-eabi-gcc):
#   cmake -DCMAKE_TOOLCHAIN_FILE=boards/cmake/arm-none-eabi.cmake -DS3LITE_CPU=cortex-m4 ...
# Bare metal (CMAKE_SYSTEM_NAME Generic): s3lite's CMakeLists.txt then builds no port
# (S3LITE_PORT=none) and links no mbedTLS library: the firmware brings its transport and its
# mbedTLS (S3LITE_MBEDTLS_TARGET, or S3LITE_MBEDTLS_INCLUDE_DIR for headers only).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)

set(S3LITE_CPU cortex-m4 CACHE STRING "-mcpu for the target (cortex-m0plus, cortex-m4, cortex-m7...)")
set(ARM_NONE_EABI_PREFIX arm-none-eabi- CACHE STRING "toolchain prefix")

set(CMAKE_C_COMPILER ${ARM_NONE_EABI_PREFIX}gcc)
set(CMAKE_ASM_COMPILER ${ARM_NONE_EABI_PREFIX}gcc)
set(CMAKE_AR ${ARM_NONE_EABI_PREFIX}ar CACHE FILEPATH "")
set(CMAKE_RANLIB ${ARM_NONE_EABI_PREFIX}ranlib CACHE FILEPATH "")
set(CMAKE_SIZE ${ARM_NONE_EABI_PREFIX}size CACHE FILEPATH "")

# No OS to run test programs on: compiler checks build a static library instead.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

# Each function and object in its own section, so --gc-sections drops what is not called.
set(CMAKE_C_FLAGS_INIT "-mcpu=${S3LITE_CPU} -mthumb -ffunction-sections -fdata-sections")
set(CMAKE_EXE_LINKER_FLAGS_INIT "--specs=nano.specs --specs=nosys.specs -Wl,--gc-sections")

# Libraries and headers of the target only, programs of the host.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
