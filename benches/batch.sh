#!/usr/bin/env bash
# Benchmark: `rectdoc batch` over 200 plans × (notice + ledger) × (DOCX + PDF), release build.
# Plans are the example with varied units and departments (as tests/batch.rs makes them).
# Uses hyperfine when installed (medians of several runs), else times 3 runs itself.
# Usage: [RUNS=3] [WARMUP=1] benches/batch.sh [PLANS] [JOBS]     (defaults: 200, all cores)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200}
jobs=${2:-$(nproc)}
cargo build --release --quiet
bin=target/release/rectdoc
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/plans"
depts=(综合科 财务室 政务服务科 督查监管科 大数据科)
prefix=(第一 第二 第三)
for ((i = 0; i < n; i++)); do
  sed_args=(-e "s/name: 中共郑州市惠济区行政审批和政务信息管理局党组/name: 中共第${i}区测试局党组/")
  for k in "${!depts[@]}"; do
    sed_args+=(-e "s/${depts[$k]}/${prefix[$(((i + k) % 3))]}${depts[$k]}/g")
  done
  sed "${sed_args[@]}" inputs/huiji-2024.yaml > "$work/plans/plan-$(printf %03d "$i").yaml"
done
cmd="$bin batch $work/plans -o $work/out --doc notice,ledger --format docx,pdf --jobs $jobs --force"
echo "$n plans, $jobs jobs: $cmd"
if command -v hyperfine > /dev/null; then
  hyperfine --warmup "${WARMUP:-1}" --runs "${RUNS:-3}" --export-json "$work/h.json" "$cmd"
  python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print(f\"median {r['median']:.2f} s (min {r['min']:.2f}, max {r['max']:.2f})\")" "$work/h.json"
else
  for r in 1 2 3; do
    /usr/bin/time -f "run $r: %e s wall, %U s user" $cmd > /dev/null
  done
fi
ls "$work/out" | grep -c -v manifest | xargs echo "files:"
