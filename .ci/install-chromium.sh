#!/usr/bin/env bash
# Installs Debian's Chromium for the catalog site's browser tests (tests/site). playwright-core
# drives it through executablePath, so no browser is ever downloaded by npm or Playwright.
# Idempotent: does nothing when /usr/bin/chromium already exists.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "chromium: already installed ($(/usr/bin/chromium --version 2>/dev/null || echo 'version unknown'))"
  exit 0
fi

# CI runs as root; elsewhere use sudo when it is available.
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "chromium: /usr/bin/chromium is missing and this script needs root (or sudo) to install it" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium chromium-driver
/usr/bin/chromium --version
