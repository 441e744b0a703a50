#!/usr/bin/env bash
# Installs what the build and the tests need on a clean Debian machine with Node 20:
# Go and the hashicorp go-plugin/yamux sources (conformance peers, GOPATH mode) and
# Chromium (browser tests), qemu-user with arm64 libraries (runs the linux-arm64 plugin
# executable in the packaging test), then the npm dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
pkgs=(golang-go golang-github-hashicorp-go-plugin-dev golang-github-hashicorp-yamux-dev
  golang-google-grpc-dev golang-goprotobuf-dev golang-golang-x-net-dev
  golang-github-mitchellh-go-testing-interface-dev golang-github-oklog-run-dev chromium
  qemu-user libc6-arm64-cross libstdc++6-arm64-cross)
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
npm ci --no-audit --no-fund
