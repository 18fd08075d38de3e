# kbench report end to end: a run and a recording made in the guest, the
# report made on the host by the host-built CLI (the guest has no gnuplot),
# every artefact checked, and report.html opened in headless Chromium.
top=$(cd "$(dirname "$VM")/.." && pwd)
kbench=$top/userspace/kbench
make -s -C "$top/userspace" >/dev/null || fail "host build of userspace/kbench failed"
command -v gnuplot >/dev/null || fail "gnuplot is not installed on the host"
command -v xmllint >/dev/null || fail "xmllint is not installed on the host (libxml2-utils)"
vm "$OUT" -- sh /usr/share/kbench/tests/report.sh || fail "guest script failed"
o=$OUT
expect_grep '^0$' "$o/run.status"
expect_grep '^0$' "$o/rec.status"

# check_report DIR NGROUPS: report.json, the flamegraphs and charts of DIR.
check_report() {
	local d=$1 n=$2 f
	jq -e '.schema == "kbench-report/1" and .charts.rendered == true' "$d/report.json" >/dev/null ||
		fail "$d/report.json: $(jq -c '{schema, charts: .charts.rendered}' "$d/report.json")"
	jq -e --argjson n "$n" '(.benchmarks | length) == $n' "$d/report.json" >/dev/null ||
		fail "$d/report.json: not $n benchmarks"
	# Profiled groups have samples, a flamegraph, and hotspots with every field.
	jq -e '[.overall, .benchmarks[]] | map(select(.profiled)) | length > 0 and
		all(.samples > 0 and (.flamegraph | type) == "string" and
		    (.hotspots | length) > 0 and
		    all(.hotspots[]; (.severity | test("^(low|medium|high|critical)$")) and
			.self_pct >= 5 and .total_pct >= .self_pct and .self_samples > 0 and
			(.category | length) > 0 and
			(.recommendation == null or (.recommendation | length) > 0)))' \
		"$d/report.json" >/dev/null || fail "$d/report.json: incomplete groups or hotspots"
	for f in $(jq -r '[.overall, .benchmarks[]][] | .flamegraph // empty' "$d/report.json"); do
		xmllint --noout --huge "$d/$f" || fail "$d/$f is not well-formed XML"
	done
	for f in $(jq -r '.charts.files[].name' "$d/report.json"); do
		for ext in dat gp png svg; do
			[ -s "$d/charts/$f.$ext" ] || fail "$d/charts/$f.$ext missing"
		done
		xmllint --noout "$d/charts/$f.svg" || fail "$d/charts/$f.svg is not well-formed XML"
		file -b "$d/charts/$f.png" | grep -q '^PNG image data' || fail "$d/charts/$f.png is not a PNG"
	done
	xmllint --noout --html "$d/report.html" 2>/dev/null || true	# HTML5 tags: informative only
	grep -q '<table class="hotspots" id="hotspots-overall">' "$d/report.html" ||
		fail "$d/report.html: no hotspot table"
}

# The run: both benchmarks profiled, their repetitions aggregated.
"$kbench" report "$o/run" > "$o/run-report.out" 2> "$o/run-report.err" ||
	fail "kbench report run: $(cat "$o/run-report.err")"
check_report "$o/run" 2
jq -e '[.benchmarks[] | .name] == ["syscall/null", "syscall/open"] and
	all(.benchmarks[]; .profiles == 2)' "$o/run/report.json" >/dev/null ||
	fail "run: $(jq -c '[.benchmarks[] | {name, profiles}]' "$o/run/report.json")"
jq -e '(.benchmarks | map(.samples) | add) == .overall.samples' "$o/run/report.json" >/dev/null ||
	fail "run: overall samples are not the sum of the benchmarks'"
for c in reps-syscall-null latency-syscall-null hotspots-syscall-open timeline-syscall-open hotspots-overall; do
	jq -e --arg c "$c" 'any(.charts.files[]; .name == $c)' "$o/run/report.json" >/dev/null ||
		fail "run: chart $c missing"
done
expect_grep '^syscall/null: [0-9]+ samples in 2 profiles$' "$o/run-report.out"
expect_grep '^  SEVERITY +SELF% +TOTAL% +SAMPLES +CATEGORY +FUNCTION$' "$o/run-report.out"

# The recording: readzero's kernel zeroing is a memory copy hotspot.
"$kbench" report --json -o "$o/rec-report" "$o/rec" > "$o/rec-report.json" 2> "$o/rec-report.err" ||
	fail "kbench report rec: $(cat "$o/rec-report.err")"
[ "$(jq -cS . "$o/rec-report.json")" = "$(jq -cS . "$o/rec-report/report.json")" ] ||
	fail "--json did not print report.json"
check_report "$o/rec-report" 0
jq -e '.overall.name == "readzero 1" and any(.overall.hotspots[]; .category == "copy")' \
	"$o/rec-report/report.json" >/dev/null ||
	fail "rec: no memory-copy hotspot: $(jq -c '[.overall.hotspots[] | {function, category}]' "$o/rec-report/report.json")"

# Without stacks.folded the stacks are rebuilt from samples.raw: same hotspots.
cp -r "$o/rec" "$o/rec-raw"
rm "$o/rec-raw/stacks.folded"
"$kbench" report -o "$o/rec-raw-report" "$o/rec-raw" > /dev/null 2> "$o/rec-raw.err" ||
	fail "kbench report without stacks.folded: $(cat "$o/rec-raw.err")"
[ "$(jq -c '.overall.hotspots' "$o/rec-raw-report/report.json")" = \
  "$(jq -c '.overall.hotspots' "$o/rec-report/report.json")" ] ||
	fail "hotspots rebuilt from samples.raw differ from stacks.folded's"

# Bad input: exit 2 and a message naming the file.
expect_status 2 "$kbench" report "$o/run/profiles" 2> "$o/bad.err"
expect_grep '^kbench: report: .*/results.json: ' "$o/bad.err"

# The browser: report.html renders, flamegraph search and zoom work.
command -v chromium >/dev/null || fail "chromium is not installed on the host (apt-get install chromium)"
"$top/tests/report/html-test.sh" "$o/run" "$o/run-screenshot.png" || fail "run/report.html in Chromium"
"$top/tests/report/html-test.sh" "$o/rec-report" "$o/rec-screenshot.png" || fail "rec report.html in Chromium"
