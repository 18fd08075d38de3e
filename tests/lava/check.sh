#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# scripts/kbench-lava without a lab, nothing booted (the qemu case `lava`
# runs jobs end to end with lava-run):
# - usage errors: "kbench-lava: <what>: <why>", exit 2;
# - generate: a kernels x suites x boots matrix of jobs that LAVA's own
#   schema (lava_common) accepts, each with its images; a broken job is
#   refused by validate, naming the key;
# - gather: a good job from lava-run's log and one from a server's (the
#   forms lava-run and `lavacli jobs logs --raw` write), a job that failed on the server, one that
#   returned no results, one whose kbench run failed, one whose kernel
#   panicked (its report named, not LAVA's comment), damaged results, a job lava-run failed, a job never
#   run, a kernel report on the console, and an unreachable server: each
#   named with its reason, exit 2, and the two good jobs still gathered and
#   compared by kbench compare.
# Usage: tests/lava/check.sh (make lava-test). Prints PASS/FAIL lines.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
L=$top/scripts/kbench-lava
fx=$top/tests/lava/fixtures
out=${TESTS_OUT:-$top/tests/build/lava}
fails=0

fail() { echo "FAIL lava: $*"; fails=$((fails + 1)); }
pass() { echo "PASS lava: $*"; }

# expect NAME STATUS PATTERN CMD...: CMD exits STATUS and its stderr has a
# line matching PATTERN (grep -E); both are kept in $out/NAME.{out,err}.
expect() {
	local name=$1 want=$2 pat=$3 rc=0
	shift 3
	"$@" >"$out/$name.out" 2>"$out/$name.err" || rc=$?
	if [ "$rc" != "$want" ]; then
		fail "$name: exited $rc, expected $want: $(tail -n 3 "$out/$name.err")"
	elif ! grep -Eq -- "$pat" "$out/$name.err"; then
		fail "$name: no line matching '$pat' in: $(cat "$out/$name.err")"
	else
		pass "$name"
	fi
}

rm -rf "$out"
mkdir -p "$out"
command -v lavacli >/dev/null && command -v lava-run >/dev/null ||
	{ fail "lavacli and lava-run are needed (scripts/deps.sh)"; exit 1; }

# ---- usage ----
expect usage-none 2 '^Usage: kbench-lava generate' "$L"
expect usage-cmd 2 "^kbench-lava: unknown command 'frobnicate' \(see kbench-lava help\)$" "$L" frobnicate
expect usage-nodir 2 '^kbench-lava: generate: no -o DIR$' "$L" generate --kernel x --suite syscall
expect usage-nosuite 2 "^kbench-lava: generate: no --suite \(e.g. --suite 'syscall -r 3'\)$" \
	"$L" generate -o "$out/x" --kernel x
expect usage-boots 2 "^kbench-lava: generate: --boots: 'two' is not a positive whole number$" \
	"$L" generate -o "$out/x" --kernel x --suite syscall --boots two
expect usage-output 2 "^kbench-lava: generate: --suite 'syscall -o r': '-o': the job names the results itself$" \
	"$L" generate -o "$out/x" --kernel x --suite 'syscall -o r'
expect usage-suites 2 "^kbench-lava: generate: two suites are named 'syscall'" \
	"$L" generate -o "$out/x" --kernel x --suite syscall --suite 'syscall -r 1'
expect usage-image 2 "^kbench-lava: generate: --kernel '/etc/hostname': '/etc/hostname' is not a bzImage" \
	"$L" generate -o "$out/x" --kernel /etc/hostname --suite syscall
expect usage-quotes 2 "^kbench-lava: generate: --kernel 'x@a=\"b c\"': CMDLINE may hold no quotes" \
	"$L" generate -o "$out/x" --kernel 'x@a="b c"' --suite syscall
expect usage-gather 2 "^kbench-lava: gather: '$out/x' has no matrix.tsv \(kbench-lava generate -o DIR\)$" \
	"$L" gather "$out/x"

# ---- generate and validate ----
kernel=$("$top/scripts/kbench-vm" kernels | awk 'NR == 1 { print $1 }')
m=$out/matrix
expect generate 0 "^kbench-lava: 8 job\(s\) in $m/jobs, valid for LAVA" \
	"$L" generate -o "$m" --kernel "$kernel" --label base --kernel "$kernel@nosmt" --label new \
	--suite 'syscall -b null -r 1' --suite 'cpu=cpu -r 1 -t 0.1' --boots 2
[ "$(wc -l <"$m/matrix.tsv" 2>/dev/null)" = 8 ] || fail "generate: matrix.tsv has not 8 jobs"
grep -qxP 'new\.cpu\.boot-2\tnew\tcpu\t2' "$m/matrix.tsv" || fail "generate: no new.cpu.boot-2 row in matrix.tsv"
j=$m/jobs/new.cpu.boot-2.yaml
grep -qF "lava-test-case kbench-run --shell kbench run cpu -r 1 -t 0.1 -o /out/run" "$j" ||
	fail "generate: $j does not run the suite as a LAVA test case"
grep -qF "url: 'file://$m/images/new/vmlinuz'" "$j" || fail "generate: $j does not fetch its kernel from DIR/images"
grep -qE 'kbench_accel=tcg kbench_mode=wallclock .* nosmt"' "$j" ||
	fail "generate: $j lacks the guest's kbench_ parameters or its kernel's @CMDLINE"
for k in base new; do
	list=$(zcat "$m/images/$k/initrd.cpio.gz" 2>/dev/null | cpio -t --quiet 2>/dev/null)
	for f in init lib/kbench/kbench.ko usr/bin/kbench usr/share/kbench/lava/guest; do
		grep -qx "$f" <<<"$list" || fail "generate: $k's initramfs has no $f"
	done
done
expect validate 0 '^kbench-lava: 8 job definition\(s\) valid$' "$L" validate "$m"/jobs/*.yaml
grep -v '^visibility:' "$j" >"$out/broken.yaml"
expect validate-broken 2 "^kbench-lava: validate: $out/broken.yaml: .*visibility" \
	"$L" validate "$out/broken.yaml"
"$L" device >"$out/device.yaml" && grep -q -- '- -accel tcg,thread=single' "$out/device.yaml" ||
	fail "device: no TCG device dictionary"
grep -q -- '-icount' "$out/device.yaml" && fail "device: -icount without --deterministic"

# Deterministic mode: the guest's command line says so, and run-local's
# device runs QEMU with -icount.
d=$out/det
expect generate-det 0 "^kbench-lava: 1 job\(s\) in $d/jobs, valid for LAVA" \
	"$L" generate -o "$d" --deterministic --timeout 2 --kernel "$kernel" --suite syscall
grep -qE 'kbench_mode=deterministic .*norandmaps sysctl.kernel.hung_task_timeout_secs=0' "$d"/jobs/*.yaml ||
	fail "generate --deterministic: the job's command line does not say so"
# shellcheck disable=SC2046 # the options generate chose
"$L" device $(cat "$d/device.args") | grep -q -- '- -icount shift=0,sleep=off' ||
	fail "generate --deterministic: its device would not run QEMU with -icount"
expect det-kvm 2 "^kbench-lava: generate: --deterministic needs TCG" \
	"$L" generate -o "$d" --deterministic --accel kvm --kernel "$kernel" --suite syscall

expect run-local-job 2 "^kbench-lava: run-local: no job 'nosuch' in $m/matrix.tsv$" "$L" run-local "$m" nosuch
expect submit-job 2 "^kbench-lava: submit: no job 'nosuch' in $m/matrix.tsv$" "$L" submit "$m" nosuch
# Submitting to a server that does not answer: each job says so, exit 2.
expect submit-unreachable 2 "^kbench-lava: submit: base.syscall.boot-1: Unable to connect: " \
	env KBENCH_LAVA_URI=http://kbench:secret-token@127.0.0.1:9/RPC2 "$L" submit "$m" base.syscall.boot-1 new.cpu.boot-2
grep -q "^kbench-lava: submit: new.cpu.boot-2: Unable to connect: " "$out/submit-unreachable.err" ||
	fail "submit-unreachable: the second job was not tried"
! grep -q secret-token "$out/submit-unreachable.err" || fail "submit-unreachable: the token was printed"
[ ! -s "$m/submitted.tsv" ] || fail "submit-unreachable: a job that was not submitted is recorded"

# ---- gather: each job's failure named, the others kept ----

# log_line FORMAT MSG: one record of a LAVA log, as lava-run writes it
# (local) or as `lavacli jobs logs --raw` prints it (server).
log_line() {
	local p=""
	[ "$1" = local ] || p="- "
	printf '%s{"dt": "2026-12-02T06:00:00.000000", "lvl": "target", "msg": "%s"}\n' "$p" "$2"
}

# job_log FORMAT RESULTS_DIR [SUM]: a job's log with the run directory as
# the guest prints it; SUM replaces the real checksum.
job_log() {
	local fmt=$1 dir=$2 tgz=$out/art.tgz size sum
	tar czf "$tgz" -C "$dir" .
	size=$(stat -c %s "$tgz")
	sum=${3:-$(sha256sum "$tgz" | cut -d' ' -f1)}
	log_line "$fmt" "[    0.000000] Linux version 6.1.0-57-amd64"
	log_line "$fmt" "KBENCH-ARTEFACT-BEGIN run $size $sum"
	base64 "$tgz" | while read -r l; do log_line "$fmt" "KBENCH-ARTEFACT $l"; done
	log_line "$fmt" "KBENCH-ARTEFACT-END"
	# What only a YAML parser reads: a tagged value (lava-run), an escape
	# JSON does not have (lavacli).
	if [ "$fmt" = local ]; then
		printf '%s\n' '{"dt": "2026-12-02T06:00:01.000000", "lvl": "results", "msg": {"case": "kbench-run", "endtc": ! "579", "result": "pass"}}'
	else
		printf '%s\n' '- {"dt": "2026-12-02T06:00:01.000000", "lvl": "target", "msg": "kbench-lava# \e[6npoweroff"}'
	fi
}

g=$out/gather
stub=$out/stub
mkdir -p "$g" "$stub"
printf '%s\t%s\t%s\t%s\n' ok-local a syscall 1 ok-server b syscall 1 failed c syscall 1 \
	noart d syscall 1 damaged e syscall 1 localfail f syscall 1 notrun x syscall 1 \
	oops h syscall 1 >"$g/matrix.tsv"
printf '%s\t%s\t%s\t%s\n' runfail r syscall 1 panicked p syscall 1 >>"$g/matrix.tsv"
printf '%s\t%s\n' ok-server 11 failed 12 noart 13 runfail 14 panicked 15 >"$g/submitted.tsv"
mkdir -p "$g/local/ok-local" "$g/local/damaged" "$g/local/localfail" "$g/local/oops"
job_log local "$fx/a" >"$g/local/ok-local/log.yaml"
job_log local "$fx/a" 0000 >"$g/local/damaged/log.yaml"
{ log_line local "[    2.000000] BUG: kernel NULL pointer dereference, address: 0000000000000000"; job_log local "$fx/a"; } \
	>"$g/local/oops/log.yaml"
for j in ok-local damaged oops; do printf 'case: job\ndefinition: lava\nresult: pass\n' >"$g/local/$j/result.yaml"; done
: >"$g/local/localfail/log.yaml"
printf 'case: job\ndefinition: lava\nerror_msg: boot-qemu-image timed out after 120 seconds\nerror_type: Infrastructure\nresult: fail\n' \
	>"$g/local/localfail/result.yaml"
finished() { printf 'id          : %s\nstate       : Finished\nHealth      : %s\n%s' "$1" "$2" "${3:+failure     : $3
}"; }
finished 11 Complete >"$stub/11.show"
job_log server "$fx/b" >"$stub/11.log"
finished 12 Incomplete "lava-test-shell timed out after 1200 seconds" >"$stub/12.show"
finished 13 Complete >"$stub/13.show"
log_line server "kbench-lava# kbench run syscall" >"$stub/13.log"
finished 14 Complete >"$stub/14.show"
for l in '<LAVA_SIGNAL_STARTTC kbench-run>' \
	"kbench: run: unknown benchmark 'getpid' in suite 'syscall' (known: null, pipe)" \
	'<LAVA_SIGNAL_ENDTC kbench-run>' '<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=kbench-run RESULT=fail>'; do
	log_line server "$l"
done >"$stub/14.log"
finished 15 Incomplete "Connection closed" >"$stub/15.show"
log_line server "[    1.500000] Kernel panic - not syncing: No working init found." >"$stub/15.log"
cat >"$stub/lavacli" <<'EOF'
#!/bin/sh
# lavacli as a server with jobs 11-15 would answer (tests/lava/check.sh).
d=$(dirname "$0")
for id; do :; done
case "$1 $2" in
"jobs show") cat "$d/$id.show" ;;
"jobs logs") cat "$d/$id.log" ;;
"jobs submit") echo 4242 ;;
*) echo "stub lavacli: $*" >&2; exit 1 ;;
esac
EOF
chmod +x "$stub/lavacli"
expect submit 0 "^kbench-lava: submit: new.cpu.boot-2: job 4242$" \
	env KBENCH_LAVA_CLI="$stub/lavacli" "$L" submit "$m" "$m/jobs/new.cpu.boot-2.yaml"
[ "$(cat "$m/submitted.tsv")" = "new.cpu.boot-2	4242" ] || fail "submit: submitted.tsv does not record job 4242"
expect gather 2 "^kbench-lava: gather: 8 job\(s\) gave no results" env KBENCH_LAVA_CLI="$stub/lavacli" "$L" gather "$g"
e=$out/gather.err
for want in \
	'ok-local: results in results/syscall/a/boot-1/run$' \
	'ok-server: results in results/syscall/b/boot-1/run$' \
	'failed: job 12 failed \(health Incomplete\): lava-test-shell timed out after 1200 seconds$' \
	'noart: no results in the job.s log \(the guest printed no artefact\)$' \
	'damaged: the results in the job.s log arrived damaged \(size or checksum differs\)$' \
	'localfail: the job failed: Infrastructure error: boot-qemu-image timed out after 120 seconds$' \
	"runfail: kbench run failed in the guest: kbench: run: unknown benchmark 'getpid'" \
	'panicked: the kernel reported a problem: Kernel panic - not syncing: No working init found' \
	'notrun: not run \(kbench-lava run-local or submit\)$' \
	'oops: the kernel reported a problem: BUG: kernel NULL pointer dereference'; do
	grep -Eq "^kbench-lava: gather: $want" "$e" || fail "gather: no line 'kbench-lava: gather: $want' in $e"
done
[ "$(wc -l <"$g/failures.txt")" = 8 ] || fail "gather: failures.txt does not list the 8 failed jobs"
cmp -s "$fx/a/results.json" "$g/results/syscall/a/boot-1/run/results.json" &&
	cmp -s "$fx/b/results.json" "$g/results/syscall/b/boot-1/run/results.json" ||
	fail "gather: the finished jobs' results.json did not arrive whole"
rc=0
"$top/userspace/kbench" compare -l a -l b -o "$out/direct" "$fx/a" "$fx/b" >"$out/direct.txt" || rc=$?
[ "$rc" -le 1 ] || fail "kbench compare of the fixtures exited $rc"
diff <(grep -v report "$out/direct.txt") <(grep -v report "$g/report/syscall.txt") >/dev/null &&
	[ -f "$g/report/syscall/compare.html" ] ||
	fail "gather: the report differs from kbench compare's on the same results"
grep -q "kbench-lava# .\[6npoweroff" "$g/results/syscall/b/boot-1/console.log" ||
	fail "gather: the YAML log's escaped console line was not decoded"

# An unreachable server: lavacli's own error, per job, no hang.
u=$out/unreachable
mkdir -p "$u"
printf 'far\tz\tsyscall\t1\n' >"$u/matrix.tsv"
printf 'far\t99\n' >"$u/submitted.tsv"
expect unreachable 2 '^kbench-lava: gather: far: job 99: the server did not answer: Unable to connect: .*127\.0\.0\.1' \
	env KBENCH_LAVA_URI=http://kbench:secret-token@127.0.0.1:9/RPC2 "$L" gather "$u"
! grep -q secret-token "$out/unreachable.err" "$u/failures.txt" || fail "unreachable: the token was printed"

echo "lava: $fails failed"
[ "$fails" = 0 ]
