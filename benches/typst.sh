#!/usr/bin/env bash
# rectdoc against Typst on the same content, timed alternately in one run (medians, wall,
# whole processes) with peak memory, printing Typst's time / rectdoc's time:
#   - the example's notice and ledger as PDF: `rectdoc render` vs Typst compiling the same
#     document model turned into Typst input (benches/typst/model2typ.py) and set by a small
#     公文 template (benches/typst/gongwen.typ) in the same faces (Fandol, Noto Serif CJK);
#   - N notices (default 100): `rectdoc batch` vs typst-py compiling them in one process.
#
# Typst is installed outside the repository, into ${TYPST_HOME:-~/.cache/rectdoc-bench}, only
# when asked:
#   benches/typst.sh --install       typst-py (PyPI `typst`, a binary wheel) in a venv
#   benches/typst.sh --install-cli   also typst-cli from crates.io (pinned; a long build, run
#                                    at nice 19)
#   [RUNS=9] [WARMUP=1] [CASES=notices] benches/typst.sh [N]
#                                    the comparison (release build of rectdoc); CASES keeps
#                                    the cases whose name contains it
set -euo pipefail
cd "$(dirname "$0")/.."
home=${TYPST_HOME:-$HOME/.cache/rectdoc-bench}
py_version=0.15.2
cli_version=0.14.2
case "${1:-}" in
  --install | --install-cli)
    mkdir -p "$home"
    python3 -m venv "$home/venv"
    "$home/venv/bin/pip" install --quiet "typst==$py_version"
    if [ "$1" = --install-cli ]; then
      nice -n 19 cargo install --locked "typst-cli@$cli_version" --root "$home/cli"
    fi
    exit 0
    ;;
esac
[ -x "$home/venv/bin/python" ] || { echo "typst-py not installed: run $0 --install" >&2; exit 2; }
n=${1:-100}
cargo build --release --quiet
bin=$PWD/target/release/rectdoc
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp benches/typst/gongwen.typ "$work/"
"$bin" render inputs/huiji-2024.yaml --doc notice,ledger --format model -o "$work/model" > /dev/null
for doc in notice ledger; do
  python3 benches/typst/model2typ.py "$work/model/huiji-2024-$doc.model.txt" > "$work/$doc.typ"
done
# N plans differing in the unit's name (as benches/batch.sh), each also as Typst input.
mkdir -p "$work/plans" "$work/typ"
cp benches/typst/gongwen.typ "$work/typ/"
for ((i = 0; i < n; i++)); do
  p=$(printf %03d "$i")
  sed "s/name: 中共郑州市惠济区行政审批和政务信息管理局党组/name: 中共第${i}区测试局党组/" \
    inputs/huiji-2024.yaml > "$work/plans/plan-$p.yaml"
done
"$bin" batch "$work/plans" --doc notice --format model -o "$work/models" --force > /dev/null
for ((i = 0; i < n; i++)); do
  p=$(printf %03d "$i")
  python3 benches/typst/model2typ.py "$(ls "$work"/models/plan-"$p"*notice*.model.txt)" > "$work/typ/plan-$p.typ"
done
cli=""
[ -x "$home/cli/bin/typst" ] && cli="$home/cli/bin/typst"
python3 benches/typst/compare.py "$bin" "$work" "${RUNS:-9}" "$cli" "$home/venv/bin/python"
