#!/usr/bin/env bash
# Where a build's compile work goes, in CPU seconds per crate: the figure that stays steady on
# a loaded machine (wall times per crate, as `cargo build --timings` gives them, stretch with
# the load). Used as cargo's rustc wrapper:
#   RUSTC_WRAPPER=$PWD/benches/rustc-cpu.sh RUSTC_CPU_LOG=/tmp/cpu.log \
#     cargo test --locked --no-run --target-dir /tmp/cold
#   benches/rustc-cpu.sh --report /tmp/cpu.log
# Each line of the log: user s, system s, wall s, crate name and what was built (lib, test,
# bin, build script, proc macro).
set -euo pipefail
if [ "${1:-}" = --report ]; then
  awk '{cpu = $1 + $2; total += cpu; k = $4 " " $5; c[k] += cpu}
       END {printf "%.0f CPU-s in all\n", total;
            for (k in c) printf "%8.1f  %s\n", c[k], k}' "$2" | sort -k1,1nr | head -${3:-40}
  exit 0
fi
rustc=$1
shift
name="" kind=lib prev=""
for a in "$@"; do
  case "$prev" in
    --crate-name) name=$a ;;
    --crate-type) [ "$a" = proc-macro ] && kind=proc-macro; [ "$a" = bin ] && kind=bin ;;
  esac
  [ "$a" = --test ] && kind=test
  prev=$a
done
case "$name" in build_script_*) kind=build-script ;; esac
[ -z "$name" ] && exec "$rustc" "$@"
exec /usr/bin/time -a -o "${RUSTC_CPU_LOG:?set RUSTC_CPU_LOG}" -f "%U %S %e $name $kind" "$rustc" "$@"
