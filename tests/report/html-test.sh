#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Opens a `kbench report` in headless Chromium and checks what renders:
#   tests/report/html-test.sh REPORT_DIR [SCREENSHOT.png]
# - report.html: a screenshot (1280x2000, not blank), and in the DOM after
#   scripts ran: the context with the kernel release and the accelerator
#   (report.json's), the overall hotspot table with its rows, one <img> per
#   rendered chart (report.json), the embedded flamegraph(s);
# - flamegraph.svg: its script runs: a search highlights frames and reports
#   a match, a zoom hides the frames outside the clicked one.
# Exit 0 when every check passes, 1 otherwise, 2 on bad usage or no browser.
set -euo pipefail
dir=${1:?usage: html-test.sh REPORT_DIR [SCREENSHOT.png]}
shot=${2:-$dir/report-screenshot.png}
browser=$(command -v chromium chromium-browser google-chrome 2>/dev/null | head -n1 || true)
[ -n "$browser" ] || { echo "html-test: no chromium (apt-get install chromium)" >&2; exit 2; }
for f in report.html report.json flamegraph.svg; do
	[ -s "$dir/$f" ] || { echo "html-test: $dir/$f is missing" >&2; exit 2; }
done
dir=$(cd "$dir" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

chrome() {	# chrome ARGS...: headless, offline, a fresh profile
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
		--disable-background-networking --disable-component-update \
		--disable-sync --no-first-run --user-data-dir="$(mktemp -d -p "$work")" \
		"$@" 2> "$work/chrome.err"
}

# The screenshot: a PNG of the window size, well above a blank page's size.
chrome --screenshot="$shot" --window-size=1280,2000 "file://$dir/report.html" > /dev/null ||
	fail "chromium could not screenshot report.html: $(tail -n3 "$work/chrome.err")"
if [ -s "$shot" ]; then
	size=$(python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24)
assert d[:8]==b"\x89PNG\r\n\x1a\n"; print("%dx%d" % struct.unpack(">II", d[16:24]))' "$shot") ||
		fail "$shot is not a PNG"
	[ "${size:-}" = 1280x2000 ] || fail "screenshot is ${size:-?}, not 1280x2000"
	[ "$(stat -c %s "$shot")" -gt 30000 ] || fail "screenshot is $(stat -c %s "$shot") bytes: blank page?"
else
	fail "no screenshot written"
fi

# The DOM after scripts ran.
chrome --dump-dom --virtual-time-budget=3000 "file://$dir/report.html" > "$work/dom.html" ||
	fail "chromium could not load report.html"
grep -q '<table class="hotspots" id="hotspots-overall">' "$work/dom.html" ||
	fail "no overall hotspot table in the DOM"
# What it ran on: the kernel release, and the accelerator when recorded.
release=$(jq -r '.context.kernel // empty' "$dir/report.json")
accel=$(jq -r '.context.environment.accelerator // empty' "$dir/report.json")
[ -n "$release" ] || fail "report.json names no kernel release"
grep -qF "<td id=\"ctx-kernel\">$release</td>" "$work/dom.html" ||
	fail "the page does not show kernel $release"
if [ -n "$accel" ]; then
	grep -qF "<td id=\"ctx-accelerator\">$accel</td>" "$work/dom.html" ||
		fail "the page does not show accelerator $accel"
fi
want_rows=$(jq '.overall.hotspots | length' "$dir/report.json")
rows=$(grep -o '<tr class="sev-[a-z]*">' "$work/dom.html" | wc -l)
[ "$rows" -ge "$want_rows" ] || fail "$rows hotspot rows, report.json has $want_rows overall"
if jq -e '.charts.rendered' "$dir/report.json" > /dev/null; then
	want=$(jq '.charts.files | length' "$dir/report.json")
	got=$(grep -o '<img class="chart"[^>]*src="data:image/svg+xml;base64,' "$work/dom.html" | wc -l)
	[ "$want" -gt 0 ] && [ "$got" = "$want" ] || fail "$got charts embedded, report.json lists $want"
else
	fail "charts were not rendered (gnuplot missing where the report was made?)"
fi
want=$(jq '[.overall, .benchmarks[]] | map(select(.flamegraph)) | length' "$dir/report.json")
got=$(grep -o '<object class="flamegraph"[^>]*data="data:image/svg+xml;base64,' "$work/dom.html" | wc -l)
[ "$got" = "$want" ] || fail "$got flamegraphs embedded, report.json has $want"

# The flamegraph's script: search for the widest leaf, then zoom into it.
cp "$dir/flamegraph.svg" "$work/flame.svg"
target=$(jq -r '(.overall.hotspots[0].function // "all")' "$dir/report.json")
python3 - "$target" > "$work/harness.html" <<'PY'
import json, re, sys
q = "^" + re.escape(sys.argv[1]) + "$"
print("""<!DOCTYPE html><html><body><pre id="out">pending</pre>
<iframe id="f" src="flame.svg" width="1200" height="900"></iframe>
<script>
document.getElementById('f').onload = function () {
  var w = this.contentWindow, d = this.contentDocument, out = [];
  var F = Array.prototype.slice.call(d.getElementsByClassName('f'));
  out.push('frames=' + F.length);
  w.kbFlameSearch(%s);
  out.push('matched=' + d.getElementById('matched').textContent);
  out.push('highlighted=' + F.filter(function (g) {
    return g.getElementsByTagName('rect')[0].getAttribute('fill') === '#e040e0'; }).length);
  var z = -1;
  F.forEach(function (g, i) { if (z < 0 && g.getAttribute('data-d') !== '0' &&
    +g.getAttribute('data-w') < +F[0].getAttribute('data-w')) z = i; });
  if (z >= 0) {
    w.kbFlameZoom(z);
    out.push('hidden=' + F.filter(function (g) { return g.style.display === 'none'; }).length);
    out.push('zoomwidth=' + Math.round(+F[z].getElementsByTagName('rect')[0].getAttribute('width')));
  }
  document.getElementById('out').textContent = out.join(' ');
};
</script></body></html>""" % json.dumps(q))
PY
chrome --allow-file-access-from-files --dump-dom --virtual-time-budget=3000 \
	"file://$work/harness.html" > "$work/harness.out" || fail "chromium could not load the flamegraph"
res=$(sed -n 's/.*<pre id="out">\(.*\)<\/pre>.*/\1/p' "$work/harness.out")
echo "flamegraph script: $res"
case $res in
*"matched=Matched: "*) ;;
*) fail "search did not report a match: '$res'" ;;
esac
[[ $res =~ highlighted=([0-9]+) ]] && [ "${BASH_REMATCH[1]}" -ge 1 ] || fail "search highlighted nothing"
if [[ $res =~ hidden=([0-9]+)\ zoomwidth=([0-9]+) ]]; then
	[ "${BASH_REMATCH[1]}" -ge 1 ] || fail "zoom hid no frame"
	[ "${BASH_REMATCH[2]}" -ge 1170 ] || fail "the zoomed frame is ${BASH_REMATCH[2]} px wide, not the full width"
else
	fail "zoom did not run: '$res'"
fi

[ "$fails" = 0 ] || { echo "html-test: $fails check(s) failed" >&2; exit 1; }
echo "html-test: report.html renders (screenshot $shot), kernel $release${accel:+ on $accel}, tables, charts and flamegraph present; search and zoom work"
