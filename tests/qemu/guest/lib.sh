# Helpers for guest scripts; sourced as . /usr/share/kbench/tests/lib.sh.
# A script counts its failures in $fails and exits with it.
fails=0

# check NAME WANT_STATUS CMD...: runs CMD with its stdout, stderr and exit
# status saved in NAME.out, NAME.err and NAME.status for the host to read.
check() {
	name=$1 want=$2
	shift 2
	"$@" > "$name.out" 2> "$name.err"
	got=$?
	echo "$got" > "$name.status"
	[ "$got" = "$want" ] || {
		echo "FAIL $name: exit $got, want $want"
		cat "$name.err"
		fails=$((fails + 1))
	}
}
