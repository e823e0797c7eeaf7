#!/usr/bin/env bash
# Measures what the foundation issue asks for about the build: the time of a
# clean release build of the product on this machine and the size of its binary.
# The baseline, built the same way in the same run, is `prongsai-core` alone (our
# dependency-light domain crate), so the ratio says what the web and database
# stack cost on top of the rules themselves.
#
# Usage: bash scripts/measure-build.sh   (takes several minutes; uses a temporary target dir)
set -euo pipefail
cd "$(dirname "$0")/.."

clean_build() {
    local target
    target="$(mktemp -d)"
    local start end
    start=$(date +%s.%N)
    CARGO_TARGET_DIR="$target" cargo build --release --locked --quiet "$@"
    end=$(date +%s.%N)
    echo "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }') $target"
}

read -r core_seconds core_dir < <(clean_build -p prongsai-core)
read -r full_seconds full_dir < <(clean_build -p prongsai)
size=$(stat -c %s "$full_dir/release/prongsai")
rm -rf "$core_dir" "$full_dir"

printf 'baseline: clean release build of prongsai-core: %.1f s\n' "$core_seconds"
printf 'product:  clean release build of prongsai:      %.1f s\n' "$full_seconds"
awk -v f="$full_seconds" -v c="$core_seconds" 'BEGIN { printf "ratio:    %.1fx the baseline\n", f / c }'
awk -v s="$size" 'BEGIN { printf "binary:   %d bytes (%.1f MiB)\n", s, s / 1048576 }'
