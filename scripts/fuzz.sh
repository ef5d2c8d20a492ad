#!/bin/sh
# fuzz.sh [PATTERN]: run every fuzz target in the module (every
# `func FuzzXxx(f *testing.F)` in a *_test.go file), one after the other,
# each for FUZZTIME (default 10s), and fail if any of them finds an input
# that breaks it. PATTERN (an awk regular expression) keeps only the
# targets whose name matches it, e.g. '^FuzzShell'.
#
# A finding is written by `go test` to the package's testdata/fuzz/<Name>/;
# fix the code, keep the file as a regression seed, and commit both.
#
# Go 1.26's fuzzing coordinator can fail a target with "context deadline
# exceeded" at the end of a -fuzztime duration without any finding (a race
# between the deadline and the workers' shutdown: go.dev/issue/75804, fixed
# in Go 1.27). A failed run that printed that message and wrote no new
# input is reported as that race, not as a finding; any other failure, or
# a new input, is a finding.
#
# Environment:
#   FUZZTIME          time or count per target, as -fuzztime takes it (10s)
#   FUZZMINIMIZETIME  as -fuzzminimizetime takes it (10x): the library seeds
#                     are tens of KiB, and Go's default of 60s spent
#                     minimising each new interesting input leaves almost
#                     no time to fuzz
#   FUZZPARALLEL      fuzzing workers per target (default: GOMAXPROCS)
#   GO                the go command (go)
# The C fixtures must be built first (make c): the seeds come from them.
set -eu

cd "$(dirname "$0")/.."
GO=${GO:-go}
FUZZTIME=${FUZZTIME:-10s}
FUZZMINIMIZETIME=${FUZZMINIMIZETIME:-10x}
PATTERN=${1:-.}

# "dir name" for every fuzz target, sorted.
targets=$(grep -rE --include='*_test.go' '^func Fuzz[A-Za-z0-9_]*\(f \*testing\.F\)' . |
	sed -E 's|^\./(.*)/[^/]*_test\.go:func (Fuzz[A-Za-z0-9_]*)\(.*|\1 \2|' |
	awk -v pat="$PATTERN" '$2 ~ pat' | sort) || true
if [ -z "$targets" ]; then
	echo "fuzz.sh: no fuzz target matches '$PATTERN'" >&2
	exit 2
fi

failed=""
n=0
while read -r dir name; do
	n=$((n + 1))
	echo "== $name ./$dir (fuzztime $FUZZTIME)"
	set -- -run '^$' -fuzz "^${name}\$" -fuzztime "$FUZZTIME" -fuzzminimizetime "$FUZZMINIMIZETIME"
	if [ -n "${FUZZPARALLEL:-}" ]; then
		set -- "$@" -parallel "$FUZZPARALLEL"
	fi
	corpus="$dir/testdata/fuzz/$name"
	before=$(ls "$corpus" 2>/dev/null | wc -l)
	log=$(mktemp)
	{
		rc=0
		"$GO" test "$@" "./$dir" 2>&1 || rc=$?
		echo "$rc" >"$log.rc"
	} | tee "$log"
	if [ "$(cat "$log.rc")" -ne 0 ]; then
		after=$(ls "$corpus" 2>/dev/null | wc -l)
		# Go's race: no new input, no failing seed, no crash; only the
		# deadline message.
		if [ "$after" -eq "$before" ] && grep -q 'context deadline exceeded' "$log" &&
			! grep -qE "^(panic:|fatal error:)|Failing input written|--- FAIL: $name/" "$log"; then
			echo "fuzz.sh: $name: Go's end-of-fuzztime race (go.dev/issue/75804), no input written: not a finding"
		else
			failed="$failed $dir:$name"
		fi
	fi
	rm -f "$log.rc"
	rm -f "$log"
done <<TARGETS
$targets
TARGETS

if [ -n "$failed" ]; then
	echo "fuzz.sh: findings in:$failed (inputs in each package's testdata/fuzz/)" >&2
	exit 1
fi
echo "fuzz.sh: $n targets ran $FUZZTIME each without a finding"
