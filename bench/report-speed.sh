#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# How fast `kbench report` is on 1,000,000 samples: a generated folded file
# (one line per sample, like unmerged stackcollapse output, over a few
# thousand functions and depths up to 40) in a record directory; wall time
# and peak RSS from /usr/bin/time -v, for that file and for the same stacks
# merged (as kbench record writes them). Compares with flamegraph.pl when it
# is installed. Not a test: it prints figures.
#   bench/report-speed.sh [SAMPLES] [DISTINCT_STACKS]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
kbench=${KBENCH:-$here/userspace/kbench}
samples=${1:-1000000}
distinct=${2:-50000}
[ -x "$kbench" ] || { echo "build $kbench first (make -C userspace)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is missing (apt-get install time)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/rec"

# DISTINCT random stacks (user frames, then kernel frames), each printed
# about SAMPLES / DISTINCT times with a count of 1, in random order.
python3 - "$samples" "$distinct" > "$work/rec/stacks.folded" <<'PY'
import random, sys
random.seed(42)
n, d = int(sys.argv[1]), int(sys.argv[2])
user = ["main", "run_loop", "handle_request", "parse", "hash_lookup", "malloc", "memcpy",
        "__libc_read", "__libc_write", "qsort", "compute_%d"] + ["u_func_%d" % i for i in range(1500)]
kern = ["entry_SYSCALL_64_after_hwframe_[k]", "do_syscall_64_[k]", "ksys_read_[k]",
        "vfs_read_[k]", "ext4_file_read_iter_[k]", "filemap_read_[k]", "copy_page_to_iter_[k]",
        "_raw_spin_lock_[k]", "native_queued_spin_lock_slowpath_[k]", "kmem_cache_alloc_[k]",
        "handler [kbench]_[k]", "a<b>&\"c\"_[k]"] + ["k_func_%d_[k]" % i for i in range(1500)]
stacks = []
for i in range(d):
    u = [random.choice(user) for _ in range(random.randint(2, 20))]
    k = [random.choice(kern) for _ in range(random.randint(0, 20))]
    stacks.append(";".join(["app%d" % (i % 4)] + u + k))
w = [random.paretovariate(1.2) for _ in stacks]
out = sys.stdout
for s in random.choices(stacks, weights=w, k=n):
    out.write(s + " 1\n")
PY
printf '{"schema": "kbench-record/1", "command": ["synthetic"]}\n' > "$work/rec/results.json"
lines=$(wc -l < "$work/rec/stacks.folded")
size=$(du -h "$work/rec/stacks.folded" | cut -f1)
echo "input: $lines lines ($size), $samples samples, $distinct distinct stacks"

measure() {	# measure LABEL CMD...: prints wall time and peak RSS
	local label=$1
	shift
	/usr/bin/time -v "$@" > "$work/out" 2> "$work/time" || { cat "$work/time" >&2; exit 2; }
	awk -v l="$label" -F': ' '/Elapsed \(wall clock\)/ { w = $2 }
		/Maximum resident set size/ { r = $2 }
		END { printf "%-34s wall %s, peak RSS %.1f MiB\n", l, w, r / 1024 }' "$work/time"
}

# kbench record's own stacks.folded has one line per distinct stack.
mkdir "$work/merged"
awk '{ n = $NF; sub(/ [0-9]+$/, ""); c[$0] += n } END { for (s in c) print s, c[s] }' \
	"$work/rec/stacks.folded" > "$work/merged/stacks.folded"
cp "$work/rec/results.json" "$work/merged/"
echo "merged: $(wc -l < "$work/merged/stacks.folded") lines ($(du -h "$work/merged/stacks.folded" | cut -f1))"

measure "report, merged input (as recorded)" "$kbench" report -o "$work/report-merged" "$work/merged"
measure "report, merged, no gnuplot" env KBENCH_GNUPLOT=/nonexistent "$kbench" report -o "$work/report-merged2" "$work/merged"
measure "report, one line per sample" "$kbench" report -o "$work/report" "$work/rec"
measure "report --json, one line per sample" "$kbench" report --json -o "$work/report" "$work/rec"
echo "flamegraph.svg: $(du -h "$work/report/flamegraph.svg" | cut -f1)," \
	"$(grep -c '<g class="f"' "$work/report/flamegraph.svg") frames drawn;" \
	"report.html: $(du -h "$work/report/report.html" | cut -f1)"

# flamegraph.pl: on the PATH, or the copy Devel::NYTProf ships
# (apt-get install libdevel-nytprof-perl); it only draws the SVG.
fg=$(command -v flamegraph.pl 2>/dev/null || true)
[ -n "$fg" ] || [ ! -f /usr/share/perl5/Devel/NYTProf/flamegraph.pl ] ||
	fg=/usr/share/perl5/Devel/NYTProf/flamegraph.pl
if [ -n "$fg" ]; then
	measure "flamegraph.pl, merged (SVG only)" sh -c "perl '$fg' '$work/merged/stacks.folded' > '$work/fg.svg'"
	measure "flamegraph.pl, one line per sample" sh -c "perl '$fg' '$work/rec/stacks.folded' > '$work/fg.svg'"
	echo "flamegraph.pl's SVG: $(du -h "$work/fg.svg" | cut -f1), $(grep -c '<g ' "$work/fg.svg") <g> elements"
else
	echo "flamegraph.pl: not found (apt-get install libdevel-nytprof-perl ships one); no comparison"
fi
