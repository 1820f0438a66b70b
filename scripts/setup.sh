#!/usr/bin/env bash
# Installs what Muster needs to build, test and run on Debian 12. Idempotent: it only calls
# apt-get when a package is missing, and npm ci only when the lockfile changed.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config
  libboost-dev libsodium-dev libsqlite3-dev nlohmann-json3-dev libspdlog-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev zlib1g-dev libstb-dev libjemalloc-dev libre2-dev
  libssl-dev openssl
  # Web Push (transport/push/): libcurl sends to the browsers' push services (HTTPS, HTTP/2, proxies);
  # Hinnant's date library gives working hours the IANA time-zone database.
  libcurl4-openssl-dev libhowardhinnant-date-dev tzdata
  # Phone numbers in E.164 with every country's numbering plan (domain/phone_number.hpp).
  libphonenumber-dev
  # Voice notes recorded in Chromium (Opus) copied to MP3 for iPhone Safari (app/voice_copy.hpp).
  libopus-dev libopusfile-dev libmp3lame-dev libwebm-dev
  chromium fonts-noto-core fonts-dejavu-core
  # emoji in messages and reactions, for the screenshots of `make screens` (docs/screens/)
  fonts-noto-color-emoji
  # clang for the sanitizer builds; libclang-rt-14-dev holds the sanitizer runtimes and libFuzzer
  # (libclang_rt.fuzzer*.a); llvm gives llvm-symbolizer, so sanitizer reports name functions and lines.
  clang libclang-rt-14-dev llvm
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Node dependencies: reinstall only when a package-lock.json changed since the last install.
for dir in web tests; do
  [ -f "$dir/package-lock.json" ] || continue
  stamp="$dir/node_modules/.muster-lock-stamp"
  if [ ! -f "$stamp" ] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
    (cd "$dir" && npm ci --no-audit --no-fund)
    cp "$dir/package-lock.json" "$stamp"
  fi
done
