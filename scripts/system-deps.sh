#!/usr/bin/env bash
# Best-effort install of the Debian packages SSP Vidensbank uses when they are present:
#   tesseract-ocr, tesseract-ocr-dan  OCR of scanned PDFs in Danish
#   wdanish, hunspell-da              Danish word lists for OCR repair
#   chromium                          browser tests of the web UI (tests only)
#   caddy                             validates deploy/Caddyfile (tests only)
#   postgresql                        the catalog tests also run on PostgreSQL: a throwaway cluster (tests only)
#   redis-server                      the rate limit shared by API replicas, tested on a throwaway server (tests only)
# Without root or apt-get it only reports what is missing; the service still runs, with
# "needs OCR" for scanned PDFs and the PyPI word list for OCR repair; the PostgreSQL and Redis
# tests skip with the reason.
set -uo pipefail
packages=(tesseract-ocr tesseract-ocr-dan wdanish hunspell-da)
if [ "${1:-}" = "--test" ]; then
    packages+=(chromium caddy postgresql redis-server)
fi
missing=()
for p in "${packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "note: optional system packages not installed: ${missing[*]} (needs root and apt-get)" >&2
    exit 0
fi
echo "Installing system packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || echo "warning: apt-get update failed" >&2
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
    || echo "warning: could not install ${missing[*]}" >&2
exit 0
