#!/usr/bin/env bash
# Measures the edit-and-test loop the renovation issue asks about: after a change
# to one page file (web) and to one core file (which every crate depends on),
# how long rebuilding every target and running the tests of the changed crate
# take, in the `ci` profile the README's test command uses. The baseline, in the
# same run, is the same two commands with nothing changed (cargo's own checks
# and running the tests alone), so the difference is what the change costs.
#
# The change is a comment appended to the file and removed again at the end.
# Usage: bash scripts/measure-rebuild.sh   (after one build of every target)
set -euo pipefail
cd "$(dirname "$0")/.."

page=crates/web/src/pages/dashboard.rs
rule=crates/core/src/thai/digits.rs
trap 'git checkout --quiet -- "$page" "$rule"' EXIT

seconds() {
    local start
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'
}

rebuild() { cargo build --workspace --profile ci --all-targets --quiet; }
tests_of() { cargo test --profile ci --quiet -p "$1"; }

rebuild
for crate in prongsai-web prongsai-core; do
    # `cargo test -p` resolves features for that package alone, so its first
    # run builds a set of its own: done once here, outside the figures.
    tests_of "$crate" >/dev/null 2>&1 || true
    base_build=$(seconds rebuild)
    base_tests=$(seconds tests_of "$crate")
    case "$crate" in
        prongsai-web) file=$page ;;
        *) file=$rule ;;
    esac
    echo "// measure-rebuild: $(date +%s%N)" >>"$file"
    build=$(seconds rebuild)
    tests=$(seconds tests_of "$crate")
    git checkout --quiet -- "$file"
    rebuild
    printf '%s changed (%s): rebuild %s s + tests %s s; baseline (nothing changed) %s s + %s s\n' \
        "$crate" "$file" "$build" "$tests" "$base_build" "$base_tests"
done
