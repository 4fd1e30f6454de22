#!/usr/bin/env bash
# Renders every output of the example plan and the fixtures with one rectdoc binary into a
# folder, for checking that a refactoring or a speed-only change keeps every byte:
#
#   tests/scripts/outputs.sh target/debug/rectdoc /tmp/before   # on the old commit
#   tests/scripts/outputs.sh target/debug/rectdoc /tmp/after    # on the new one
#   diff -r /tmp/before /tmp/after && echo identical
set -euo pipefail
bin=$(realpath "$1")
out=$2
cd "$(dirname "$0")/../.."
rm -rf "$out"
mkdir -p "$out"
ex=inputs/huiji-2024.yaml
"$bin" render "$ex" --doc all --format docx,pdf,ofd,xlsx,model -o "$out/example" >/dev/null 2>&1
"$bin" render "$ex" --doc ledger --split-by department --format docx,pdf,xlsx -o "$out/split" >/dev/null 2>&1
"$bin" render tests/fixtures/templates/hostile.yaml --doc notice --format docx,pdf,model \
  --allow-missing-glyphs -o "$out/hostile" >/dev/null 2>&1 || true
"$bin" init "$out/init" >/dev/null 2>&1
"$bin" render "$out/init/plan.yaml" --doc all --format docx,pdf,xlsx,model -o "$out/init-out" >/dev/null 2>&1
"$bin" render "$ex" --templates tests/fixtures/templates/custom --doc all --format docx,pdf,model \
  -o "$out/custom" >/dev/null 2>&1 || true
"$bin" check "$ex" --golden "$out/golden" --update-golden >/dev/null 2>&1 || true
"$bin" stats "$ex" --json >"$out/stats.json"
"$bin" schema >"$out/schema.json"
find "$out" -type f | sort | while read -r f; do sha256sum "$f"; done | sed "s|$out/||" >"$out.sha256"
wc -l <"$out.sha256"
