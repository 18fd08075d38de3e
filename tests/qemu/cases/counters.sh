# Syscall and page-fault counters: exact per-target counts (the test program
# knows what it did), no leak from a process outside the target, -p and -a,
# session state, and the kernel's messages on bad requests.
progs=$(dirname "$VM")/../tests/qemu/progs
mkdir -p "$OUT"
gcc -static -O2 -Wall -Wextra -Werror -o "$OUT/sctest" "$progs/sctest.c" ||
	fail "cannot build sctest"
vm "$OUT" --add "$OUT/sctest:/root/sctest" -- sh /usr/share/kbench/tests/counters.sh ||
	fail "guest script failed"
o=$OUT
for s in work nolat quiet_json all pid; do
	[ "$(cat "$o/$s.status")" = 0 ] || fail "$s exited $(cat "$o/$s.status"): $(cat "$o/$s.err")"
done

# sc FILE NAME FIELD: a syscall's field from a stat JSON file (0 if absent).
sc() { jq -r --arg n "$2" "[.syscalls[] | select(.name == \$n) | .$3][0] // 0" "$1"; }
expect_eq() { [ "$2" = "$3" ] || fail "$1: got '$2', expected '$3'"; }

# Exact counts in the target, although the neighbour makes getppid calls too.
j=$o/work.json
expect_eq "getppid count" "$(sc "$j" getppid count)" 1000
expect_eq "sched_yield count" "$(sc "$j" sched_yield count)" 123
expect_eq "umask count" "$(sc "$j" umask count)" 77
expect_eq "dup count" "$(sc "$j" dup count)" 55
expect_eq "dup errors" "$(sc "$j" dup errors)" 55
expect_eq "getppid errors" "$(sc "$j" getppid errors)" 0
expect_eq "execve count" "$(sc "$j" execve count)" 1
expect_eq "exit_group count" "$(sc "$j" exit_group count)" 1
# Histograms add up to the calls that returned (exit_group never does).
jq -e '[.syscalls[] | select(.name != "exit_group") | (.histogram | add) == .count] | all' "$j" >/dev/null ||
	fail "a histogram does not add up to its count"
jq -e '[.syscalls[] | select(.name == "getppid") | .total_ns > 0] | all' "$j" >/dev/null ||
	fail "getppid took no time"
# The clock: auto picks the TSC or local_clock() (a guest's TSC is trusted
# unless the kernel marked it unstable). Each forced clock times getppid
# alike: its counts and histograms are right, and its mean agrees with the
# global clock's within a factor of 4 (a wrong TSC scale would be off by
# orders of magnitude; a jiffies clock would give 0 ns).
jq -e '.latency_clock == "tsc" or .latency_clock == "local_clock"' "$j" >/dev/null ||
	fail "auto latency clock: $(jq -c .latency_clock "$j")"
# The log2 bucket of the median getppid, not the mean: one preemption of a
# TCG vCPU thread during the 0.3 ms of calls multiplies a mean tenfold.
median_bucket() {
	jq '.syscalls[] | select(.name == "getppid") | .count as $n |
		[foreach .histogram[] as $c (0; . + $c)] | map(select(. * 2 < $n)) | length' \
		"$o/clock_$1.json"
}
for c in tsc:tsc local:local_clock mono:mono_fast; do
	k=${c%%:*}
	jq -e --arg n "${c#*:}" '.latency_clock == $n and
		([.syscalls[] | select(.name == "getppid") | .count == 1000 and
		  (.histogram | add) == .count] | all)' "$o/clock_$k.json" >/dev/null ||
		fail "clock $k: $(jq -c '[.latency_clock, (.syscalls[] | select(.name == "getppid"))]' "$o/clock_$k.json")"
	# Within a factor 4 of the global clock's: two log2 buckets.
	awk -v m="$(median_bucket "$k")" -v g="$(median_bucket mono)" \
		'BEGIN { d = m - g; exit !(m > 0 && d <= 2 && d >= -2) }' ||
		fail "clock $k: getppid median in log2 bucket $(median_bucket "$k"), ktime_get_mono_fast_ns()'s in $(median_bucket mono)"
done
[ "$(cat "$o/badclock.status")" != 0 ] || fail "latency_clock accepted 'tick'"
expect_grep 'Invalid argument' "$o/badclock.err"
expect_grep '^mono$' "$o/badclock.after"
# The program's own getrusage() shows it touched exactly 64 new pages.
expect_grep '^touch_minflt 64$' "$o/work.out"
# Minor/major faults equal the command's getrusage() (wait4) minus what it
# did while held before the session started (read from /proc while asleep).
jq -e '.command.held.minflt >= 0 and
	.page_faults.minor + .command.held.minflt == .command.rusage.minflt and
	.page_faults.major + .command.held.majflt == .command.rusage.majflt and
	.page_faults.minor >= 64 and .page_faults.user >= 64' "$j" >/dev/null ||
	fail "page faults do not match getrusage: $(jq -c '[.page_faults, .command]' "$j")"
expect_eq "exit status" "$(jq .command.exit_status "$j")" 0

# Without --latency: counts only; --json prints nothing but JSON.
j=$o/nolat.json
expect_eq "getppid count (no latency)" "$(sc "$j" getppid count)" 1000
expect_eq "dup count (no latency)" "$(sc "$j" dup count)" 55
jq -e '.syscalls[0] | has("total_ns") | not' "$j" >/dev/null || fail "latency fields without --latency"
jq -e '(.syscalls | map(select(.name == "getppid"))[0].count) >= 1000' "$o/quiet_json.out" >/dev/null ||
	fail "stat --json did not print the expected JSON"
grep -Eq '^ *[0-9.]+ +[0-9.]+ (ns|µs|ms|s) +[0-9.]+ (ns|µs|ms|s) +1000 +0 +getppid$' "$o/work.out" ||
	fail "the table has no getppid line: $(cat "$o/work.out")"
expect_eq "missing program status" "$(cat "$o/work_fail.status")" 2
expect_grep "^kbench: stat: /nonexistent/program: cannot run the command: No such file or directory$" "$o/work_fail.err"

# -p: the held process and its exec'ed program, exactly.
expect_eq "getppid count (-p)" "$(sc "$o/pid.json" getppid count)" 1000
expect_eq "dup count (-p)" "$(sc "$o/pid.json" dup count)" 55

# -a: the neighbour's getppid calls are there, by the thousand.
[ "$(sc "$o/all.json" getppid count)" -gt 10000 ] ||
	fail "system-wide getppid count $(sc "$o/all.json" getppid count) is too low"
jq -e '.target.system_wide and .page_faults.user >= 0' "$o/all.json" >/dev/null ||
	fail "all.json lacks its target or faults"

# Status while a session runs; errors carry the kernel's own message.
jq -e '.state == "running" and (.features | index("sampler")) and (.features | index("syscalls")) and (.features | index("faults")) and
	.session.collect == ["syscalls", "faults"] and .session.target_pid == null' \
	"$o/status_running.out" >/dev/null || fail "status while running: $(cat "$o/status_running.out")"
expect_eq "busy status" "$(cat "$o/busy.status")" 2
expect_grep '^kbench: start: kernel reports: a session is already running$' "$o/busy.err"
expect_eq "bad flag status" "$(cat "$o/badflag.status")" 2
expect_grep '^kbench: start: kernel reports: reserved bit set$' "$o/badflag.err"
expect_grep '^kbench: start: kernel reports: syscall latency needs syscall counting$' "$o/nolatency_only.err"
expect_eq "unprivileged status" "$(cat "$o/perm.status")" 2
expect_grep '^kbench: start: kernel reports: needs CAP_PERFMON or CAP_SYS_ADMIN$' "$o/perm.err"

# Closing the owner socket (kill -9) ends the session.
expect_grep '^state: +running$' "$o/status_owned.out"
expect_grep '^session: +syscalls faults, system-wide$' "$o/status_owned.out"
expect_grep '^state: +idle$' "$o/status_released.out"
