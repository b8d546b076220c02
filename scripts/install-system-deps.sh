#!/usr/bin/env bash
# Installs the Debian packages the tests drive: headless Chromium, socat (serial
# pseudo-terminals), poppler-utils (pdftotext, pdfsig, pdftoppm), zbar-tools (zbarimg,
# the decode benchmark's reference) and haproxy (the failover tests' proxy, run by the tests
# themselves: its system service is not enabled). Nothing is downloaded outside Debian's archive.
set -euo pipefail
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v socat >/dev/null || need+=(socat)
command -v pdfsig >/dev/null || need+=(poppler-utils)
command -v zbarimg >/dev/null || need+=(zbar-tools)
command -v haproxy >/dev/null || need+=(haproxy)
{ docker compose version && true; } >/dev/null 2>&1 || command -v docker-compose >/dev/null || need+=(docker-compose)
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installation des paquets Debian nécessaires aux tests : ${need[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# Debian starts a service at install where it can: the tests start their own proxy on free ports.
if [[ " ${need[*]} " == *" haproxy "* ]] && command -v systemctl >/dev/null && systemctl is-active --quiet haproxy 2>/dev/null; then
  $SUDO systemctl disable --now haproxy >/dev/null 2>&1 || true
fi
