# kbench record in a guest: known hotspots, sample counts, accounting,
# drops, attach and system-wide modes, bad input, owner death and rmmod.
vm "$OUT" -- sh /usr/share/kbench/tests/record.sh || fail "guest script failed"
o=$OUT

# fired = recorded + dropped + filtered on every CPU of every recording.
for r in spin short readzero counted kernel_only attach system drops; do
	jq -e '[.samples.per_cpu[] | .fired == .recorded + .dropped + .filtered] | all' \
		"$o/$r/results.json" >/dev/null || fail "$r: accounting identity broken"
	jq -e '.schema == "kbench-record/1" and .samples.symbolized == .samples.recorded' \
		"$o/$r/results.json" >/dev/null || fail "$r: results.json incomplete"
done

# spin: the known function leads, on the large majority of samples, and the
# count is frequency x duration within 15 %.
jq -e '.top[0].function == "kbench_spin_user" and .top[0].percent > 80' \
	"$o/spin/results.json" >/dev/null || fail "spin: kbench_spin_user does not lead: $(jq -c .top "$o/spin/results.json")"
# Ticks the host could not deliver in time (TCG on a loaded host) are
# counted as missed; the bound then applies to the ticks that did fire.
jq -e '(.samples.missed / (.samples.fired + .samples.missed)) as $m |
	(.samples.recorded / (.frequency_hz * .duration_s * (1 - $m))) as $r |
	$r > 0.85 and $r < 1.15' "$o/spin/results.json" >/dev/null ||
	fail "spin: $(jq -c .samples "$o/spin/results.json") in $(jq .duration_s "$o/spin/results.json") s at 999 Hz"
jq -e '.samples.dropped == 0' "$o/spin/results.json" >/dev/null || fail "spin: drops at 1 kHz"
# The user stack walk reaches main through frame pointers.
grep -q '^spin;.*main;kbench_spin_user ' "$o/spin/stacks.folded" || fail "spin: no main;kbench_spin_user stack"

# short: spin exits before the first drain (10 s away), so /proc never saw
# it; the mapping events still name its function, and none were lost.
jq -e '.top[0].function == "kbench_spin_user" and .top[0].percent > 80' \
	"$o/short/results.json" >/dev/null ||
	fail "short: kbench_spin_user does not lead: $(jq -c .top "$o/short/results.json")"
jq -e '.maps_events_lost == 0 and .maps_from_events >= 1' "$o/short/results.json" >/dev/null ||
	fail "short: $(jq -c '{maps_events_lost, maps_from_events}' "$o/short/results.json")"
if grep -q 'mapping events' "$o/short.err"; then fail "short: $(cat "$o/short.err")"; fi

# readzero: zeroing user memory leads, under the read syscall path.
jq -e '[.top[0:3][].function] | any(test("clear_user|iov_iter_zero|read_iter_zero|rep_stos|memset"))' \
	"$o/readzero/results.json" >/dev/null || fail "readzero: kernel zeroing not among the top: $(jq -c .top "$o/readzero/results.json")"
awk '/entry_SYSCALL_64[^;]*;do_syscall_64_\[k\];.*vfs_read_\[k\]/ { s += $NF } { t += $NF }
	END { exit !(s / t > 0.5) }' "$o/readzero/stacks.folded" ||
	fail "readzero: under half the samples show entry_SYSCALL_64;do_syscall_64;...;vfs_read"
jq -e '.syscalls | map(select(.name == "read")) | .[0] | .count > 10 and .total_ns > 0' \
	"$o/readzero/results.json" >/dev/null || fail "readzero: read syscalls not counted and timed"
# The summary names the top syscalls by calls and, with -l, by time.
expect_grep '^kbench: record: syscalls by calls: (.*, )?read [0-9]+' "$o/readzero.err"
expect_grep '^kbench: record: syscalls by time: (.*, )?read [0-9.]+ (ns|µs|ms|s)' "$o/readzero.err"
# Counting only when asked (-c, or -l which implies it), and then the
# summary says what it cost, measured at the start.
jq -e 'has("syscalls") | not' "$o/spin/results.json" >/dev/null || fail "spin: counted without -c"
expect_grep '^kbench: record: syscalls and page faults not counted \(-c counts them\)$' "$o/spin.err"
jq -e '(.syscalls | map(select(.name == "read")) | .[0].count > 10) and
	(.counting_cost_ns | type == "number" and . >= 0)' "$o/counted/results.json" >/dev/null ||
	fail "counted: $(jq -c '{syscalls, counting_cost_ns}' "$o/counted/results.json")"
expect_grep '^kbench: record: counting cost: [0-9.]+ (ns|µs) per syscall \(measured at start\) x [0-9.]+k? syscalls = [0-9.]+ (ns|µs|ms|s), [0-9.]+% of [0-9.]+ (ms|s)$' "$o/counted.err"
jq -e '.counting_cost_ns | type == "number"' "$o/readzero/results.json" >/dev/null ||
	fail "readzero: -l did not count"
# -g kernel: one user frame (the user IP) at most.
awk -F';' '{ n = 0; for (i = 2; i <= NF; i++) if ($i !~ /_\[k\]/) n++; if (n > 1) bad = 1 }
	END { exit bad }' "$o/kernel_only/stacks.folded" || fail "kernel_only: user frames beyond the IP"

jq -e '.target.mode == "pid" and .samples.recorded > 500 and .top[0].function == "kbench_spin_user"' \
	"$o/attach/results.json" >/dev/null || fail "attach: $(jq -c '.samples, .top' "$o/attach/results.json")"
jq -e '.target.mode == "system" and .samples.filtered == 0 and .samples.by_context.idle > 0' \
	"$o/system/results.json" >/dev/null || fail "system: $(jq -c .samples "$o/system/results.json")"
jq -e '.samples.dropped > 0' "$o/drops/results.json" >/dev/null ||
	fail "drops: 20 kHz into a 16 KiB ring dropped nothing: $(jq -c .samples "$o/drops/results.json")"

expect_grep "^kbench: record: -F: '0' is not a whole number from 1 to 20000$" "$o/bad_freq.err"
expect_grep "^kbench: record: -F: '20001' is not a whole number from 1 to 20000$" "$o/bad_freq_high.err"
expect_grep "^kbench: record: --callgraph: 'frames' is not kernel, user or kernel,user$" "$o/bad_callgraph.err"
expect_grep '^kbench: record: -a and -p exclude each other$' "$o/bad_both.err"
expect_grep "^kbench: record: --drain-ms: '5' is not a whole number from 10 to 10000$" "$o/bad_drain.err"
expect_grep '^kbench: record: nothing to record' "$o/bad_nothing.err"
expect_grep '^kbench: record: /nonexistent/program: cannot run the command: No such file or directory$' "$o/bad_cmd.err"

expect_grep '^state: +idle$' "$o/after_kill.out"
expect_grep '^2$' "$o/unload.status"
expect_grep 'kbench: record: ' "$o/unload.err"
