#!/usr/bin/env bash
# Installs the Debian packages the browser-driven steps need (PDF printing, browser tests, pdftotext),
# when run as root on Debian/Ubuntu; otherwise says exactly what is missing and how to get it.
set -euo pipefail
if [ "${1:-}" = venv ]; then
  # Debian/Ubuntu ship `python3 -m venv` without ensurepip unless python3-venv is installed.
  py="${2:-python3}"
  "$py" -c 'import ensurepip' 2>/dev/null && exit 0
  pkg="python$("$py" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')-venv"
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing $pkg (needed to create the virtualenv)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null
  else
    echo "Python's venv module cannot create environments here. On Debian/Ubuntu: sudo apt-get install $pkg" >&2
    exit 1
  fi
  exit 0
fi
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
