#!/usr/bin/env bash
# Redraws the two pictures of docs/pdf.md ("Hanging or squeezed punctuation") from a rectdoc
# binary, so that a layout change can be looked at, not only counted:
#
#   tests/scripts/punct-pictures.sh target/debug/rectdoc            # writes docs/img/
#   tests/scripts/punct-pictures.sh target/debug/rectdoc /tmp/pics  # elsewhere, to compare
#
# Both show the first three lines of page 3 of the example notice: lines 1 and 2 end with a
# mark that does not fit (。 and ，). Default (`punctuation: hang`): the mark hangs one
# character past the right edge, where line 3 ends. `punctuation: squeeze`: the line's other
# closing marks give up half their width and the mark stays inside.
# Crop at 110 dpi, in pixels: x 112..832 (73..545 pt: the left margin at 79.4 pt, the edge at
# 521.6 pt, a hung mark to 537.6 pt), y 159..291 (104..190 pt: three lines from the top of
# the text block). If a layout change moves these lines, move the crop and the docs' captions.
set -euo pipefail
bin=$(realpath "$1")
if [ -n "${2:-}" ]; then mkdir -p "$2" && out=$(realpath "$2"); fi
cd "$(dirname "$0")/../.."
out=${out:-docs/img}
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'punctuation: squeeze\n' >"$tmp/squeeze.yaml"
"$bin" render inputs/huiji-2024.yaml --doc notice --format pdf -o "$tmp/hang" >/dev/null
"$bin" render inputs/huiji-2024.yaml --doc notice --format pdf --style "$tmp/squeeze.yaml" \
  -o "$tmp/squeeze" >/dev/null
for k in hang squeeze; do
  pdftoppm -f 3 -l 3 -r 110 -x 112 -y 159 -W 720 -H 132 -gray -png -singlefile \
    "$tmp/$k/huiji-2024-notice.pdf" "$out/punct-$k"
done
ls -l "$out/punct-hang.png" "$out/punct-squeeze.png"
