# insmod, kbench status (text and JSON), rmmod/insmod cycles, and the
# message a user gets when the module is not loaded.
vm "$OUT" -- sh /usr/share/kbench/tests/status.sh || fail "guest script failed"
o=$OUT
expect_grep '^state: +idle$' "$o/status.out"
expect_grep '^module: +kbench.ko [0-9]+\.[0-9]+\.[0-9]+ \(wire version 1\)$' "$o/status.out"
jq -e '.wire_version == 1 and .state == "idle" and (.features | type == "array")' \
	"$o/status_json.out" >/dev/null || fail "status --json is not the expected JSON"
# The default kernel is the newest of the generic flavour with headers (the
# -rt- and -cloud- ones installed beside it are not); the module says which
# ran. awk reads the whole listing: head would leave early and, under
# pipefail, fail the case with SIGPIPE.
want=$("$VM" kernels | awk '!g && $2 !~ /-(rt|cloud)-/ { g = $2 } END { print g }')
[ "$(jq -r .kernel_release "$o/status_json.out")" = "$want" ] ||
	fail "module reports kernel $(jq -r .kernel_release "$o/status_json.out"), booted $want"
expect_grep "^kbench: status: unexpected argument 'extra' \(see 'kbench status --help'\)$" "$o/status_extra.err"
expect_grep '^kbench: status: the kbench kernel module is not loaded \(load it with: insmod kmod/kbench.ko\)$' \
	"$o/unloaded.err"
[ ! -s "$o/unloaded.out" ] || fail "status printed to stdout without a module"
