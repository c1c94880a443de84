#!/usr/bin/env bash
# Installs what the language server's end-to-end tests need, when missing (idempotent: a
# second run installs nothing): a Python venv with pytest-lsp in ~/.cache/vigil-ci/venv-lsp,
# and Debian's `neovim` (packages cached in ~/.cache/vigil-ci/apt, as .ci/chromium.sh does).
# Prints the venv's folder.
#
#   venv=$(.ci/lsp-env.sh)
set -euo pipefail
cache="${XDG_CACHE_HOME:-$HOME/.cache}/vigil-ci"
venv="$cache/venv-lsp"
if ! "$venv/bin/python" -c 'import pytest_lsp' 2>/dev/null; then
  echo "installing pytest-lsp in $venv" >&2
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q 'pytest-lsp==1.0.1' >&2
fi
if ! command -v nvim >/dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  mkdir -p "$cache/apt/partial"
  echo "installing Debian's neovim (packages cached in $cache/apt)" >&2
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    -o Dir::Cache::archives="$cache/apt" neovim >&2
fi
echo "$venv"
