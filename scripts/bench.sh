#!/usr/bin/env bash
# bench.sh - runs the Go benchmarks of the issue-8 paths (loader/
# bench_paths_test.go) and the C baseline host (cplugins/bench) back to
# back, and writes BENCHMARKS.md at the repository root.
#
#   scripts/bench.sh              # BENCHTIME=1s, C host 1 s per path
#   BENCHTIME=3s scripts/bench.sh
#   OUT=/tmp/B.md scripts/bench.sh
#
# Needs the CMake build (build/cplugins: fixtures and examples) and the
# Debian corpus (corpus/plugins) for the corpus rows.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
benchtime=${BENCHTIME:-1s}
out=${OUT:-$root/BENCHMARKS.md}
cdir=$root/build/cplugins
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The C host: from the main CMake build when cplugins/bench is part of it,
# else built on its own.
host=$cdir/bench/bench_host
if [[ ! -x $host ]]; then
  cmake -S cplugins/bench -B "$work/cbuild" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$work/cbuild" >/dev/null
  host=$work/cbuild/bench_host
fi
for f in examples/example_daemon.so examples/example_ftparser.so fixtures/audit_probe.so; do
  [[ -f $cdir/$f ]] || { echo "bench.sh: $cdir/$f missing: build the plugins first" >&2; exit 1; }
done
# Debian's server_audit.so, from the corpus (make corpus).
sa=$root/corpus/plugins/server/server_audit.so
[[ -f $sa ]] || { echo "bench.sh: $sa missing: run make corpus first" >&2; exit 1; }

# The C host's time per path, in seconds, from a Go duration (1s, 500ms).
case $benchtime in
  *ms) secs=$(awk -v v="${benchtime%ms}" 'BEGIN { print v / 1000 }') ;;
  *s) secs=${benchtime%s} ;;
  *) echo "bench.sh: BENCHTIME must be a duration in s or ms (got $benchtime)" >&2; exit 1 ;;
esac
echo "== go test -bench (benchtime $benchtime)" >&2
go test -run '^$' -bench '^BenchmarkPath' -benchmem -benchtime "$benchtime" ./loader/ | tee "$work/go.txt" >&2
echo "== C baseline host ($secs s per path)" >&2
# server_audit's own log lines go to stderr: kept aside, shown on failure.
if ! "$host" "$cdir" "$secs" "$sa" 2>"$work/c.err" | tee "$work/c.txt" >&2; then
  cat "$work/c.err" >&2
  exit 1
fi

# value <file> <benchmark name regexp> <unit>: the number before <unit>.
value() {
  awk -v re="$2" -v unit="$3" '$1 ~ re { for (i = 2; i <= NF; i++) if ($i == unit) { print $(i-1); exit } }' "$1"
}
g() { value "$work/go.txt" "^BenchmarkPath$1(-[0-9]+)?\$" "$2"; }
c() { value "$work/c.txt" "^BenchmarkC/$1\$" "$2"; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
verdict() { awk "BEGIN { print (($1) ? \"met\" : \"missed\") }"; }

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
cores=$(nproc)
gover=$(go version | awk '{ print $3, $4 }')
gccver=$(gcc --version | head -1)

{
  echo "# Benchmarks"
  echo
  echo "Written by \`scripts/bench.sh\` (\`make bench\`): the Go benchmarks of"
  echo "\`loader/bench_paths_test.go\` and the C baseline host \`cplugins/bench/bench_host.c\`,"
  echo "run back to back on the same plugin libraries. Ratio = Go ns/op ÷ C ns/op."
  echo
  echo "| Machine | |"
  echo "|---|---|"
  echo "| CPU | $cpu |"
  echo "| Cores | $cores |"
  echo "| Go | $gover |"
  echo "| C compiler | $gccver |"
  echo "| Date | $(date -u '+%Y-%m-%d %H:%M UTC') |"
  echo "| Go benchtime | $benchtime (C host: ${secs} s per path) |"
  echo

  row() { # name go_ns c_ns allocs target verdict
    local ratio="—"
    [[ -n $3 && -n $2 ]] && ratio=$(calc '%.2f' "$2 / $3")
    echo "| $1 | ${2:-—} | ${3:-—} | $ratio | ${4:-—} | $5 | $6 |"
  }
  echo "| Path | Go ns/op | C ns/op | Ratio | Go allocs/op | Target (issue 8) | Result |"
  echo "|---|---:|---:|---:|---:|---|---|"

  gl=$(g LoadCycle ns/op); cl=$(c load_cycle ns/op)
  row "load/init/deinit/unload cycle (example_daemon.so)" "$gl" "$cl" "$(g LoadCycle allocs/op)" \
    "ratio ≤ 1.2" "$(verdict "$gl / $cl <= 1.2")"

  ga=$(g AuditProbe ns/op); ca=$(c audit_probe ns/op); aa=$(g AuditProbe allocs/op)
  row "audit event to a no-op plugin (audit_probe.so, PARSE)" "$ga" "$ca" "$aa" \
    "≤ 50 ns added (measured: $(calc '%.0f' "$ga - $ca") ns); 0 allocs/event" \
    "$(verdict "$ga - $ca <= 50 && $aa == 0")"

  gsa=$(g ServerAudit/go ns/op); csa=$(c server_audit ns/op)
  row "statement through server_audit.so writing its log (3 events, 1 line)" "$gsa" "$csa" \
    "$(g ServerAudit/go allocs/op)" "ratio ≤ 1.10" "$(verdict "$gsa / $csa <= 1.10")"

  gf=$(g FTParse10MB ns/op); cf=$(c ft_parse_10mb ns/op)
  gm=$(g FTParse10MB MB/s); cm=$(c ft_parse_10mb MB/s)
  row "full-text parse of 10 MiB (example_ftparser.so), words to Go" "$gf" "$cf" "$(g FTParse10MB allocs/op)" \
    "≥ 0.8 of C throughput (Go $gm MB/s, C $cm MB/s: $(calc '%.2f' "$gm / $cm"))" \
    "$(verdict "$gm >= 0.8 * $cm")"

  gs=$(g ShowFunc ns/op); cs=$(c show_func ns/op)
  row "SHOW STATUS of a SHOW_FUNC variable (example_daemon)" "$gs" "$cs" "$(g ShowFunc allocs/op)" \
    "none set" "—"
  echo

  # Why a target is missed: kept by hand in scripts/bench-notes.md, with
  # the measurements behind each cause; {{NAME}} marks this run's figures.
  gfh=$(g FTParse10MBHostC ns/op); words=$(g FTParse10MB words/op); gsh=$(g ServerAudit/hostc ns/op)
  sed -e "s|{{AUDIT_ADDED}}|$(calc '%.0f' "$ga - $ca")|g" \
    -e "s|{{SA_RATIO}}|$(calc '%.2f' "$gsa / $csa")|g" -e "s|{{SA_HOSTC}}|$(calc '%.0f' "$gsh")|g" \
    -e "s|{{SA_C}}|$(calc '%.0f' "$csa")|g" -e "s|{{SA_ADDED}}|$(calc '%.0f' "$gsa - $gsh")|g" \
    -e "s|{{FT_RATIO}}|$(calc '%.2f' "$gm / $cm")|g" -e "s|{{FT_HOSTC_RATIO}}|$(calc '%.2f' "$cf / $gfh")|g" \
    -e "s|{{FT_NS_PER_WORD}}|$(calc '%.0f' "($gf - $gfh) / $words")|g" \
    -e "s|{{LOAD_RATIO}}|$(calc '%.2f' "$gl / $cl")|g" -e "s|{{LOAD_C_US}}|$(calc '%.0f' "$cl / 1000")|g" \
    -e "s|{{LOAD_GO_US}}|$(calc '%.0f' "$gl / 1000")|g" "$root/scripts/bench-notes.md"
  echo

  echo "## Static versus live inspection of the Debian corpus"
  echo
  echo "\`static\`: \`loader.Inspect\` (ELF read, no code run); \`live\`: \`loader.InspectLive\`"
  echo "(dlopen, walk, dlclose) of the corpus files that load in a plain process;"
  echo "\`static-all\`: every corpus file. x10 inspects the set ten times per op."
  echo
  echo "| Set | x1 ns/op | x10 ns/op | x10 ÷ x1 | allocs/op (x1) |"
  echo "|---|---:|---:|---:|---:|"
  for set in static-all static live; do
    a=$(g "InspectCorpus/$set/x1" ns/op); b=$(g "InspectCorpus/$set/x10" ns/op)
    echo "| $set ($(g "InspectCorpus/$set/x1" files/op) files) | $a | $b | $(calc '%.2f' "$b / $a") | $(g "InspectCorpus/$set/x1" allocs/op) |"
  done
  sx1=$(g InspectCorpus/static/x1 ns/op); lx1=$(g InspectCorpus/live/x1 ns/op)
  sx10=$(g InspectCorpus/static/x10 ns/op); lx10=$(g InspectCorpus/live/x10 ns/op)
  echo
  echo "Target: static faster than live on the same files — x1 static/live = $(calc '%.2f' "$sx1 / $lx1"),"
  echo "x10 $(calc '%.2f' "$sx10 / $lx10"): **$(verdict "$sx1 < $lx1 && $sx10 < $lx10")**."
  echo "Linear scaling (x10 ÷ x1 within 8–12): **$(verdict "$sx10 / $sx1 >= 8 && $sx10 / $sx1 <= 12")**."
  echo
  echo "## Raw output"
  echo
  echo '```'
  cat "$work/go.txt" "$work/c.txt"
  echo '```'
} >"$out"
echo "bench.sh: wrote $out" >&2
