#!/usr/bin/env bash
# Renders an HTML file to a PNG with headless Chromium (installed from Debian when missing).
#
#   examples/render_html.sh report.html report.png [WIDTH,HEIGHT]
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 FILE.html OUT.png [WIDTH,HEIGHT]" >&2
  exit 2
fi
html=$1
out=$2
size=${3:-1280,2400}
[ -f "$html" ] || { echo "no such file: $html" >&2; exit 1; }

# Chromium, installed from Debian when missing (.ci/chromium.sh).
browser=$("$(dirname "$0")/../.ci/chromium.sh")

abs_html=$(cd "$(dirname "$html")" && pwd)/$(basename "$html")
mkdir -p "$(dirname "$out")"
abs_out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")

"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --screenshot="$abs_out" --window-size="$size" "file://$abs_html" 2>/dev/null
echo "wrote $abs_out"
