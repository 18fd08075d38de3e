# SPDX-License-Identifier: GPL-2.0
# Checks shared by cases/run-*.sh (kbench run); sourced by those cases.

# check_results FILE SUITE N UNITS: FILE is a complete kbench-run/1 result of
# SUITE with N benchmarks, each with 2 positive values in one of UNITS (a jq
# list body, e.g. '"MB/s", "IOPS"') and a consistent summary.
check_results() {
	local f=$1 suite=$2 n=$3 units=$4
	[ -s "$f" ] || fail "$f missing"
	jq -e --arg suite "$suite" --argjson n "$n" "
		(.schema | test(\"^kbench-run/1(\\\\.[0-9]+)?$\")) and .suite == \$suite and
		.partial == false and
		(.host.kernel.release | length > 0) and (.host.cpu_count >= 1) and
		(.benchmarks | length == \$n) and
		([.benchmarks[] | (.name | startswith(\$suite + \"/\")) and
			(.values | length == 2) and (.values | all(. > 0)) and
			([.unit] | inside([$units])) and
			(.summary.n == 2) and (.summary.min <= .summary.mean) and
			(.summary.mean <= .summary.max) and .partial == false]
		| all)" "$f" >/dev/null ||
		fail "$f is not a valid result of $suite: $(jq -c '.benchmarks[] | [.name, .unit, .values]' "$f" 2>&1 | head -20)"
}

# check_profiles FILE: every benchmark of the kbench-run/1 result FILE has its
# PROFILE_REPS (2) profiled repetitions, each a complete kbench record with
# samples whose accounting adds up.
check_profiles() {
	local f=$1 d rep
	# Profiles come from repetitions of their own, apart from the
	# measured ones, and give the profiling overhead.
	jq -e --argjson n "${PROFILE_REPS:-2}" '[.benchmarks[] | .profile.enabled == true and
		(.profile.dirs | length) == $n and (.profiled_values | length) == $n and
		(.profile_overhead_pct | type) == "number"] | all' "$f" >/dev/null ||
		fail "$f: not every benchmark has its $n profiled repetitions: $(jq -c \
			'[.benchmarks[] | {profile, profiled_values, profile_overhead_pct}]' "$f")"
	for rep in $(jq -r '.benchmarks[].profile.dirs[]' "$f"); do
		d=$(dirname "$f")/$rep
		jq -e '.schema == "kbench-record/1" and .samples.recorded > 0 and
			.samples.symbolized == .samples.recorded and
			([.samples.per_cpu[] | .fired == .recorded + .dropped + .filtered] | all)' \
			"$d/results.json" >/dev/null || fail "$d: incomplete profile"
		[ -s "$d/stacks.folded" ] || fail "$d: empty stacks.folded"
	done
}
