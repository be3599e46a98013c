#!/usr/bin/env bash
# How a CI job in any language uses the mock: start it, wait for health, run the tests against it, stop it.
# Here the "tests" are examples/ci/python/partner_center_ci.py (standard library only).
#
# In another repository, replace MOCK_CMD by `npx partner-center-mock` (after `npm i -D @partner-center/mock`).
set -euo pipefail
cd "$(dirname "$0")/../.."

MOCK_CMD=${MOCK_CMD:-"node --conditions=partner-center:source --import tsx mock-server/src/cli.ts"}
LOG=$(mktemp)
# Port 0: any free port; the mock prints the URL it listens on. --validate-responses: a spec drift fails loudly.
$MOCK_CMD --port "${PORT:-0}" --validate-responses >"$LOG" 2>&1 &
MOCK_PID=$!
trap 'kill -TERM "$MOCK_PID" 2>/dev/null || true; wait "$MOCK_PID" 2>/dev/null || true; rm -f "$LOG"' EXIT

MOCK_URL=
for _ in $(seq 1 300); do
  MOCK_URL=$(sed -n 's/^partner-center mock listening on \(http:[^ ]*\)$/\1/p' "$LOG")
  [ -n "$MOCK_URL" ] && break
  kill -0 "$MOCK_PID" 2>/dev/null || { cat "$LOG"; exit 1; }
  sleep 0.1
done
[ -n "$MOCK_URL" ] || { echo "the mock did not start"; cat "$LOG"; exit 1; }
echo "mock at $MOCK_URL"

MOCK_URL="$MOCK_URL" python3 examples/ci/python/partner_center_ci.py
