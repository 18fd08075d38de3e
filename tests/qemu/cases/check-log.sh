# The console scanner: real reports fail, ordinary lines that merely say
# "bug" or "warning" pass. Host only, no boot.
fx=$(dirname "$VM")/../tests/qemu/fixtures
expect_status 0 "$VM" check-log "$fx/console-clean.log"
for f in "$fx"/console-bad-*.log; do
	expect_status 123 "$VM" check-log "$f"
done
