# The harness with more than one kernel installed, and kbench-vm compare's
# refusals, none of which boots anything:
# - with the -rt- flavour beside the generic kernel, run without --kernel
#   takes the generic one and fails only for the reason it is given (it
#   once exited 141 without a word: SIGPIPE from `list_kernels | head`);
# - a harness error inside a command substitution (--accel kvm without a
#   usable /dev/kvm) says what is wrong and nothing more, with status 125
#   (the cleanup trap once added "work: unbound variable" and exit 1);
# - compare: bad usage, and per-kernel errors before any boot (not a
#   bzImage, no build tree, a module that does not build), exit 2.
mkdir -p "$OUT"
n=$("$VM" kernels | wc -l)
[ "$n" -ge 2 ] || fail "$n kernel(s) with headers installed; this case needs the -rt- flavour too (scripts/deps.sh)"
first=$("$VM" kernels | head -n 1)
case $first in *-rt-* | *-cloud-*) fail "the default kernel is a flavour: $first" ;; esac
gen=${first%% *}

# expect_harness NAME STATUS MESSAGE ARGS...: kbench-vm ARGS exits STATUS
# and its stderr is exactly MESSAGE.
expect_harness() {
	local name=$1 want=$2 msg=$3 rc=0
	shift 3
	"$VM" "$@" >"$OUT/$name.out" 2>"$OUT/$name.err" || rc=$?
	[ "$rc" = "$want" ] || fail "$name: kbench-vm $* exited $rc, expected $want: $(cat "$OUT/$name.err")"
	[ "$(cat "$OUT/$name.err")" = "$msg" ] ||
		fail "$name: stderr '$(cat "$OUT/$name.err")', expected '$msg'"
}
expect_harness default 125 "kbench-vm: --add: '/nonexistent' does not exist" \
	run -q -o "$OUT/default" --add /nonexistent -- true

# --accel kvm without /dev/kvm: where there is one, a mount namespace
# hides it behind a read-only file.
nokvm=(env)
if [ -e /dev/kvm ]; then
	if command -v unshare >/dev/null && unshare -m true 2>/dev/null; then
		: >"$OUT/nokvm"
		nokvm=(unshare -m sh -c 'mount --bind "$0" /dev/kvm && mount -o remount,bind,ro /dev/kvm && exec "$@"' "$OUT/nokvm")
	else
		nokvm=()
		echo "no mount namespace to hide /dev/kvm in: the trap's check is skipped"
	fi
fi
if [ ${#nokvm[@]} -gt 0 ]; then
	rc=0
	"${nokvm[@]}" "$VM" run -q -o "$OUT/nokvm-run" --kernel "$gen" --accel kvm -- true \
		2>"$OUT/nokvm.err" || rc=$?
	[ "$rc" = 125 ] || fail "--accel kvm without /dev/kvm exited $rc: $(cat "$OUT/nokvm.err")"
	[ "$(cat "$OUT/nokvm.err")" = "kbench-vm: --accel kvm: /dev/kvm is not usable" ] ||
		fail "--accel kvm without /dev/kvm said: $(cat "$OUT/nokvm.err")"
fi

# compare: usage.
c=(compare -o "$OUT/cmp")
expect_harness one 2 "kbench-vm: compare: needs two kernels or more (--kernel IMAGE[:KDIR][@CMDLINE], the first is the base)" \
	"${c[@]}" --kernel "$gen" -- syscall
expect_harness label-first 2 "kbench-vm: compare: --label names the --kernel before it" \
	"${c[@]}" --label a --kernel "$gen" --kernel "$gen" -- syscall
expect_harness same-label 2 "kbench-vm: compare: kernels 1 and 2 have the same label 'x'" \
	"${c[@]}" --kernel "$gen" --label x --kernel "$gen" --label x -- syscall
expect_harness no-suite 2 "kbench-vm: compare: no suite (kbench-vm compare --kernel A --kernel B -- SUITE [kbench run options])" \
	"${c[@]}" --kernel "$gen" --kernel "$gen"
expect_harness own-output 2 "kbench-vm: compare: '-o' after --: compare names the results itself" \
	"${c[@]}" --kernel "$gen" --kernel "$gen" -- syscall -o x

# compare: each kernel's error, before any boot, by label.
mkdir -p "$OUT/badtree"
printf 'modules:\n\t@echo "this tree cannot build modules" >&2; false\n' >"$OUT/badtree/Makefile"
rc=0
"$VM" "${c[@]}" --kernel /etc/hostname --label text --kernel "$gen:/nonexistent" --label notree \
	--kernel "$gen:$OUT/badtree" --label badtree -- syscall >"$OUT/errors.out" 2>"$OUT/errors.err" || rc=$?
cat "$OUT/errors.err"
[ "$rc" = 2 ] || fail "compare of kernels that cannot run exited $rc"
expect_grep "^kbench-vm: compare: text: '/etc/hostname' is not a bzImage" "$OUT/errors.err"
expect_grep "^kbench-vm: compare: notree: --kdir '/nonexistent' is not a kernel build tree" "$OUT/errors.err"
expect_grep "^kbench-vm: compare: badtree: building .* failed \(log: " "$OUT/errors.err"
expect_grep "^kbench-vm: compare: fewer than two kernels ran: nothing to compare" "$OUT/errors.err"
expect_grep "^badtree: building" "$OUT/cmp/failures.txt"
! ls -d "$OUT"/cmp/*/boot-* 2>/dev/null || fail "a kernel that cannot run was booted"
