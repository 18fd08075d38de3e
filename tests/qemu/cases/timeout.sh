# A guest that never finishes is stopped at --timeout with status 124.
start=$(date +%s)
KBENCH_TEST_TIMEOUT=20 expect_status 124 vm "$OUT" --no-module -- sleep 100000
[ $(($(date +%s) - start)) -lt 90 ] || fail "the timeout did not stop the guest promptly"
