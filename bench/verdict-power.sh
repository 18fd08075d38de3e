#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# What a verdict of `kbench compare` is worth, measured: across separate
# boots of one kernel, how often compare calls a regression or improvement
# that is not there (A/A), and how often it calls a regression that was
# planted (1 %, 3 %, 10 % on one syscall), for wall-clock TCG and for the
# deterministic mode. Not a test: it prints figures (docs/benchmarks.md).
#
# The planted regression: tests/modules/kbench_slow puts a kprobe on
# $SYMBOL (newfstatat, what syscall/stat calls) that spins DELAY ns. Every
# boot, base and new alike, loads it, base with a delay of 0, so that the
# difference between the sides is the spin alone, not the kprobe's own
# cost. The delay for P % is P % of syscall/stat's median in the
# calibration boot.
#
# One boot per side: each trial compares a fresh base boot with a fresh
# new boot, exactly as a user comparing two kernel builds would.
#
#   MODES="wallclock deterministic"  TRIALS=10  PCTS="1 3 10"
#   REPS=3  SECS=1  BENCHES="null stat open"  bench/verdict-power.sh
# Extra arguments go to every `kbench-vm run`. Results (every boot's
# results.json and every compare.json) stay in $OUT. RESUME=1 keeps every
# boot whose results are already there, so a stopped run goes on where it
# stopped (a deterministic boot gives the same values whenever it runs) —
# only with the same kbench and module: a rebuilt one changes the
# instructions per operation, so a checksum of both guards the resume.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
vm=$top/scripts/kbench-vm
kbench=$top/userspace/kbench
out=${OUT:-$top/kbench-vm-out/verdict-power}
modes=${MODES:-wallclock deterministic}
trials=${TRIALS:-10}
pcts=${PCTS:-1 3 10}
reps=${REPS:-3}
secs=${SECS:-1}
benches=${BENCHES:-null stat open}
symbol=${SYMBOL:-__x64_sys_newfstatat}
target=${TARGET:-syscall/stat}

die() { echo "verdict-power: $*" >&2; exit 2; }
[ -x "$kbench" ] || die "build the CLI first (make -C userspace)"
command -v jq >/dev/null || die "jq is needed"
ko=$("$vm" build-module "$top/tests/modules/kbench_slow" "$@") || die "kbench_slow did not build"
mkdir -p "$out"
build_id=$(cd "$top" && git ls-files -z Kbuild include kmod userspace workloads tests/modules |
	xargs -0 cat | sha256sum | cut -c1-16)
if [ "${RESUME:-0}" = 1 ] && [ -f "$out/build-id" ] &&
   [ "$(cat "$out/build-id")" != "$build_id" ]; then
	die "RESUME=1: $out was measured with another build of kbench or its module; use a new OUT"
fi
echo "$build_id" > "$out/build-id"

bopts=""
for b in $benches; do bopts+=" -b $b"; done

# boot MODE NAME DELAY: one boot running the benchmarks with the planted
# spin at DELAY ns, into $out/MODE/NAME (results in .../r).
boot() {
	local mode=$1 name=$2 delay=$3 flags=()
	shift 3
	[ "$mode" = deterministic ] && flags=(--deterministic)
	[ "${RESUME:-0}" = 1 ] && [ -f "$out/$mode/$name/r/results.json" ] && return 0
	rm -rf "$out/$mode/$name"
	mkdir -p "$out/$mode"
	"$vm" run -q "${flags[@]}" -o "$out/$mode/$name" --add "$ko:/root/kbench_slow.ko" "$@" -- \
		sh -c "insmod /root/kbench_slow.ko symbol=$symbol delay_ns=$delay &&
		       kbench run syscall$bopts -r $reps -t $secs --no-profile -o r" \
		> "$out/$mode/$name.log" 2>&1 ||
		{ echo "  boot $mode/$name failed (see $out/$mode/$name.log)" >&2; return 1; }
}

# verdicts A B: "regressions improvements inconclusive" of compare A B.
verdicts() {
	"$kbench" compare "$1" "$2" -j > "$3" 2>/dev/null
	jq -r '[.summary.regressions, .summary.improvements, .summary.inconclusive] | @tsv' "$3"
}

# called A B BENCH: the verdict for BENCH of compare A B.
called() {
	jq -r --arg n "$2" '.benchmarks[] | select(.name == $n) | .verdict' "$1"
}

median_of() {	# median_of RESULTS BENCH
	jq -r --arg n "$2" '.benchmarks[] | select(.name == $n) | .values | sort |
		.[(length / 2 | floor)]' "$1"
}

for mode in $modes; do
	echo "== $mode: $trials trials, one boot per side, -r $reps -t $secs, benchmarks: $benches"
	boot "$mode" calib 0 "$@" || continue
	base_ns=$(median_of "$out/$mode/calib/r/results.json" "$target")
	echo "$target median in the calibration boot: $base_ns ns/op"
	for i in $(seq 1 "$trials"); do
		boot "$mode" "base-$i" 0 "$@"
		boot "$mode" "aa-$i" 0 "$@"
	done

	# A/A: any benchmark called a regression or an improvement is a false alarm.
	fa=0 n=0 inc=0 total=0
	for i in $(seq 1 "$trials"); do
		a=$out/$mode/base-$i/r b=$out/$mode/aa-$i/r
		[ -f "$a/results.json" ] && [ -f "$b/results.json" ] || continue
		read -r reg imp inco < <(verdicts "$a" "$b" "$out/$mode/aa-$i.compare.json")
		n=$((n + 1))
		[ $((reg + imp)) -gt 0 ] && fa=$((fa + 1))
		inc=$((inc + inco))
		total=$((total + $(jq '.benchmarks | length' "$out/$mode/aa-$i.compare.json")))
	done
	echo "A/A: $fa of $n compares raised a false alarm; $inc of $total benchmark verdicts inconclusive"

	# Cross-boot agreement: the largest spread of boot medians per benchmark.
	for b in $benches; do
		jq -s -r --arg n "syscall/$b" '[.[] | .benchmarks[] | select(.name == $n) |
			.values | sort | .[(length / 2 | floor)]] |
			"  syscall/\($n | ltrimstr("syscall/")): boot medians \(min) .. \(max), spread \(
			(max - min) / min * 100 * 1000 | round / 1000) %"' \
			"$out/$mode"/base-*/r/results.json "$out/$mode"/aa-*/r/results.json
	done

	for p in $pcts; do
		delay=$(awk -v b="$base_ns" -v p="$p" 'BEGIN { printf "%d", b * p / 100 + 0.5 }')
		hit=0 n=0 other=0
		for i in $(seq 1 "$trials"); do
			boot "$mode" "new-$p-$i" "$delay" "$@" || continue
			a=$out/$mode/base-$i/r b=$out/$mode/new-$p-$i/r
			[ -f "$a/results.json" ] || continue
			read -r reg imp inco < <(verdicts "$a" "$b" "$out/$mode/new-$p-$i.compare.json")
			n=$((n + 1))
			t=0
			[ "$(called "$out/$mode/new-$p-$i.compare.json" "$target")" = regression ] && t=1
			hit=$((hit + t))
			# Anything else called is a false alarm beside the true one.
			[ $((reg + imp - t)) -gt 0 ] && other=$((other + 1))
		done
		echo "planted +$p % on $target ($delay ns): called a regression in $hit of $n;" \
		     "$other of $n compares also called another benchmark"
	done
done

# Profiling must not move the values verdicts rest on: one boot per mode
# runs the benchmarks without profiles and with them (extra profiled
# repetitions), and the measured values of the two runs are compared, with
# what the profiled repetitions themselves cost beside them.
for mode in $modes; do
	flags=()
	[ "$mode" = deterministic ] && flags=(--deterministic)
	rm -rf "$out/$mode/profiled"
	mkdir -p "$out/$mode"
	"$vm" run -q "${flags[@]}" -o "$out/$mode/profiled" "$@" -- sh -c "
		kbench run syscall$bopts -r $reps -t $secs --no-profile -o off &&
		kbench run syscall$bopts -r $reps -t $secs --profile-reps $reps -o on" \
		> "$out/$mode/profiled.log" 2>&1 || { echo "$mode: profiled boot failed"; continue; }
	echo "== $mode: measured values with profiles off and on (one boot), and the profiled repetitions' cost"
	for b in $benches; do
		off=$(median_of "$out/$mode/profiled/off/results.json" "syscall/$b")
		on=$(median_of "$out/$mode/profiled/on/results.json" "syscall/$b")
		cost=$(jq -r --arg n "syscall/$b" '.benchmarks[] | select(.name == $n) |
			.profile_overhead_pct' "$out/$mode/profiled/on/results.json")
		awk -v b="syscall/$b" -v off="$off" -v on="$on" -v c="$cost" 'BEGIN {
			printf "  %-14s measured %.6g vs %.6g: %+.3f %%; profiled repetitions cost %+.1f %%\n",
				b, off, on, (on - off) / off * 100, c }'
	done
done
