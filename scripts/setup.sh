#!/usr/bin/env bash
# Installs what the build and the tests need on a clean Debian machine with Node 20 and
# Go 1.26 (first on PATH): PostgreSQL (the real-Mattermost suite starts a throwaway cluster),
# Chromium (browser tests), qemu-user with arm64 libraries (runs the linux-arm64 plugin
# executable in the packaging test), then the npm dependencies and the Go modules of the
# conformance programs and the Mattermost server build.
set -euo pipefail
cd "$(dirname "$0")/.."
pkgs=(postgresql chromium qemu-user libc6-arm64-cross libstdc++6-arm64-cross)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The tests need the machine's Go 1.26, never Debian's older golang-go.
if ! go version 2>/dev/null | grep -Eq 'go1\.(2[6-9]|[3-9][0-9])'; then
  echo "setup: Go 1.26 or newer must be first on PATH (found: $(go version 2>&1 || true))" >&2
  exit 1
fi
# No dependency's install script runs: none is needed (docs/packaging.md, "Install scripts").
npm ci --ignore-scripts --no-audit --no-fund
(cd test/conformance && go mod download)
