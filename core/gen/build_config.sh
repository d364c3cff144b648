#!/bin/sh
# SPDX-License-Identifier: MIT
# Write the build's s3lite/build_config.h from core/gen/build_config.h.in (CMake fills the same
# template with configure_file).
#   build_config.sh OUT HASH CRC PORT [NAME=VALUE | NAME]...
# HASH, CRC, PORT: what --version prints (e.g. openssl, "crc32=isal crc32c=isal ...", posix);
# the TLS backend comes from $S3L_BUILD_TLS (mbedtls when unset).
# NAME=VALUE becomes "#define NAME VALUE", NAME alone "#define NAME 1" (as -DNAME would).
# OUT is rewritten only when its text changes (objects depend on it), and then the choice is
# printed on stderr with $S3L_BUILD_NOTE (how to choose otherwise), so make's output says
# what it picked.
set -eu
out=$1 hash=$2 crc=$3 port=$4 tls=${S3L_BUILD_TLS:-mbedtls}
shift 4
here=$(dirname "$0")
defines=""
for d in "$@"; do
    case $d in
        *=*) line="#define ${d%%=*} ${d#*=}" ;;
        *) line="#define $d 1" ;;
    esac
    defines="$defines$line
"
done
mkdir -p "$(dirname "$out")"
# awk, not sed: the values hold slashes and quotes.
DEFINES="$defines" awk -v hash="$hash" -v crc="$crc" -v port="$port" -v tls="$tls" '
    /^@S3L_BUILD_DEFINES@$/ { printf "%s", ENVIRON["DEFINES"]; next }
    { gsub(/@S3L_BUILD_HASH@/, hash); gsub(/@S3L_BUILD_CRC@/, crc); gsub(/@S3L_BUILD_PORT@/, port);
      gsub(/@S3L_BUILD_TLS@/, tls); print }
' "$here/build_config.h.in" > "$out.tmp"
if cmp -s "$out.tmp" "$out"; then
    rm -f "$out.tmp"
else
    mv "$out.tmp" "$out"
    echo "s3lite build config: hash=$hash $crc port=$port tls=$tls${S3L_BUILD_NOTE:+ ($S3L_BUILD_NOTE)}" >&2
    echo "  written to $out (installed with the headers)" >&2
fi
