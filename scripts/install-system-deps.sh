#!/usr/bin/env bash
# Install the system packages needed to render reports (DOCX -> PDF -> PNG)
# and to check their fonts, on Debian 12 (bookworm), as root.
#
# - LibreOffice without GUI (writer + calc), poppler-utils (pdffonts, pdfinfo,
#   pdftoppm, pdftotext), fontconfig, Chromium + ChromeDriver, Node.js + npm
#   (only when no node/npm is on the PATH) for the add-in tests in tests/js.
# - Free stand-ins for the official fonts: Noto Serif/Sans CJK SC
#   (fonts-noto-cjk), AR PL KaitiM GB (fonts-arphic-gkai00mp) and FandolFang,
#   which only ships inside texlive-lang-chinese: we download that .deb and
#   extract FandolFang-Regular.otf alone into /usr/local/share/fonts/nianbao/
#   instead of installing texlive.
#
# Idempotent: packages that are already installed and a font that is already
# in place are skipped; when nothing is missing it finishes in well under a
# second and never touches the network.
#
# Measured (docs/rendering.md): 59 s in a fresh minimal Debian 12 chroot
# (apt-get update + downloads + unpacking); 0.1 s when everything is
# already there.
set -euo pipefail

PACKAGES=(
  libreoffice-writer-nogui
  libreoffice-calc-nogui
  poppler-utils
  fonts-noto-cjk
  fonts-arphic-gkai00mp
  fontconfig
  chromium
  chromium-driver
)
FONT_DIR=/usr/local/share/fonts/nianbao
FANDOL_PKG=texlive-lang-chinese
FANDOL_PATH=usr/share/texlive/texmf-dist/fonts/opentype/public/fandol

log() { printf '[install-system-deps] %s\n' "$*" >&2; }

if [[ $(id -u) -ne 0 ]]; then
  log "must run as root"
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt_updated=0
# A mirror hiccup should not fail CI: each network step is tried three times.
retry() {
  local n
  for n in 1 2 3; do
    if "$@"; then return 0; fi
    log "failed (attempt $n): $*"
    sleep $((n * 5))
  done
  return 1
}
apt_update_once() {
  if [[ $apt_updated -eq 0 ]]; then
    log "apt-get update"
    retry apt-get update -qq
    apt_updated=1
  fi
}

# 1. Debian packages: install only the missing ones.
missing=()
for pkg in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  if [[ $status != installed ]]; then
    missing+=("$pkg")
  fi
done
# Node.js and npm run the add-ins' JavaScript tests (tests/js); any Node >= 18 will do, so one
# that is already on the PATH (the machine's own) is kept.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
fi
if [[ ${#missing[@]} -gt 0 ]]; then
  apt_update_once
  log "apt-get install ${missing[*]}"
  retry apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  log "Debian packages already installed"
fi

# 2. FandolFang (free 仿宋 stand-in) from texlive-lang-chinese, extracted alone.
font_changed=0
if compgen -G "$FONT_DIR/FandolFang*.otf" >/dev/null; then
  log "FandolFang already in $FONT_DIR"
else
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  # apt-get download drops privileges to _apt: let it write the temp dir.
  if id _apt >/dev/null 2>&1; then chown _apt "$tmp"; fi
  apt_update_once
  log "apt-get download $FANDOL_PKG (only FandolFang is kept)"
  (cd "$tmp" && retry apt-get download -qq "$FANDOL_PKG")
  dpkg-deb -x "$tmp"/"$FANDOL_PKG"_*.deb "$tmp/x"
  install -d -m 0755 "$FONT_DIR"
  install -m 0644 "$tmp/x/$FANDOL_PATH"/FandolFang*.otf "$FONT_DIR"/
  # Keep the licence text next to the font (GPL with font exception).
  for f in "$tmp"/x/usr/share/doc/texlive-doc/fonts/fandol/{README,COPYING.gz}; do
    if [[ -f $f ]]; then install -m 0644 "$f" "$FONT_DIR/fandol-$(basename "$f")"; fi
  done
  font_changed=1
fi

# 3. Font cache: rebuild when we added a font or fontconfig does not see it.
if [[ $font_changed -eq 1 ]] || ! fc-list : family | grep -q '^FandolFang'; then
  log "fc-cache -f"
  fc-cache -f >/dev/null
fi

fc-list : family | grep -q '^FandolFang' || { log "FandolFang not visible to fontconfig"; exit 1; }
log "done"
