#!/bin/sh
# Builds airlock-helper, the static binary Airlock mounts into every sandbox, to the path given: with musl-gcc
# when it is there (a small binary), else gcc -static against glibc (the helper makes no call that loads a
# library at run time). Run by the Maven build (generate-resources); rebuilds only when the source is newer.
set -eu
src=$(dirname "$0")/airlock-helper.c
out=$1
[ -f "$out" ] && [ ! "$src" -nt "$out" ] && exit 0
mkdir -p "$(dirname "$out")"
flags="-Os -Wall -Wextra -Werror -static -s -o $out.tmp"
if command -v musl-gcc >/dev/null 2>&1; then
  musl-gcc $flags "$src"
elif command -v gcc >/dev/null 2>&1; then
  gcc $flags "$src"
else
  echo "build-helper: no C compiler: install gcc (or musl-tools) to build airlock-helper" >&2; exit 1
fi
mv "$out.tmp" "$out"
