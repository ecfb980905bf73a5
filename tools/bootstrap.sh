#!/usr/bin/env bash
# Installs what the build needs and is missing on Debian: pkg-config and LMDB (liblmdb-dev); with
# --with-browser also Chromium, which the tests use to load the replay's HTML page in a real browser.
# Swift itself is expected to be installed. Safe to run again: it installs nothing when all is there.
set -euo pipefail
missing=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
pkg-config --exists lmdb 2>/dev/null || missing+=(liblmdb-dev)
if [[ ${1:-} == --with-browser ]]; then
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fi
if ((${#missing[@]})); then
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo=sudo
  echo "bootstrap: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
