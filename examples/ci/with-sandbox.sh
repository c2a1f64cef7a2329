#!/usr/bin/env bash
# The sandbox around a test command in plain shell: `examples/ci/with-sandbox.sh npm run integration-tests`.
# `npx partner-sandbox run --only xcover -- npm run integration-tests` does all of this; this is the way
# without `run`. The sandbox is stopped on every exit, and the command's exit status is the script's.
set -euo pipefail

# Started directly, not through npx, so the PID is the sandbox's own; its stdout is read from a coprocess.
coproc SANDBOX { exec ./node_modules/.bin/partner-sandbox start --only xcover --json --quiet \
  --port-base "${SANDBOX_PORT_BASE:-4010}"; }
PID=$SANDBOX_PID # bash unsets SANDBOX_PID once the coprocess ends
# On any exit: stop the sandbox and wait until its ports are closed. The exit status stays the one exited with.
trap 'kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true' EXIT

# The one ready line, printed once every server is up; end of file instead means the sandbox did not start.
if ! read -r READY <&"${SANDBOX[0]}"; then
  echo "the sandbox did not start" >&2
  exit 2
fi
XCOVER_BASE_URL=$(node -p 'JSON.parse(process.argv[1]).providers.xcover.baseUrl' "$READY")
export XCOVER_BASE_URL

"$@"
