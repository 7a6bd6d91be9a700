#!/usr/bin/env bash
# Installs the Debian packages the browser-driven steps need (PDF printing, browser tests, pdftotext),
# when run as root on Debian/Ubuntu; otherwise says exactly what is missing and how to get it.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || [ -n "${DOSSIER_CHROMIUM:-}" ] || need+=(chromium)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
[ -e /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf ] || need+=(fonts-liberation)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "Missing system packages: ${need[*]}." >&2
  echo "On Debian/Ubuntu: sudo apt-get install ${need[*]}" >&2
  echo "Elsewhere: install Chromium or Chrome and poppler, or name the browser with DOSSIER_CHROMIUM=/path/to/chrome." >&2
  exit 1
fi
