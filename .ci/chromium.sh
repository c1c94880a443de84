#!/usr/bin/env bash
# Prints the path of a headless-capable Chromium, installing Debian's `chromium` package
# when there is none (idempotent: a second run installs nothing). The downloaded packages
# are kept outside the clone, in ~/.cache/vigil-ci/apt, so a rerun after a clean does not
# fetch them again.
#
#   browser=$(.ci/chromium.sh)
set -euo pipefail
for name in chromium chromium-browser; do
  if path=$(command -v "$name"); then
    echo "$path"
    exit 0
  fi
done
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/vigil-ci/apt"
mkdir -p "$cache/partial"
echo "installing Debian's chromium (packages cached in $cache)" >&2
$sudo apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
  -o Dir::Cache::archives="$cache" chromium >&2
command -v chromium
