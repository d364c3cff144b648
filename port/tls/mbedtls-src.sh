#!/bin/sh
# SPDX-License-Identifier: MIT
# mbedtls-src.sh DEST SHARED: put mbedTLS sources in DEST (for reports that analyse mbedTLS
# code, e.g. make stack). Uses SHARED/third_party/mbedtls-3.6.6.tar.xz when present, else
# Debian's source package (apt-get source, needs a deb-src line), else leaves DEST empty and
# the report says mbedTLS is not included.
set -u
dest=$1; shared=$2
rm -rf "$dest"; mkdir -p "$dest"
tarball=$shared/third_party/mbedtls-3.6.6.tar.xz
if [ -f "$tarball" ]; then
    tar -xJf "$tarball" -C "$dest" --strip-components=1 && touch "$dest/.ok" && exit 0
fi
tmp=$(mktemp -d)
if (cd "$tmp" && apt-get source -qq mbedtls >/dev/null 2>&1); then
    src=$(find "$tmp" -maxdepth 1 -type d -name 'mbedtls-*' | head -n 1)
    [ -n "$src" ] && cp -r "$src"/. "$dest"/
fi
rm -rf "$tmp"
[ -d "$dest/library" ] || echo "mbedtls-src: no mbedTLS source found (no $tarball, no deb-src); stack report will exclude mbedTLS" >&2
touch "$dest/.ok"
