#!/usr/bin/env bash
# The one test command (README, .ci/run): system packages, type-check and lint, the
# dashboard build the browser tests load, then every jest suite. Database suites run
# on the embedded PGlite and on the PostgreSQL server of SCRUTIN_TEST_PG.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-deps.sh
export SCRUTIN_TEST_PG="${SCRUTIN_TEST_PG:-postgres://postgres@127.0.0.1:5432/test}"
if ! node scripts/pg-ready.mjs "$SCRUTIN_TEST_PG" 2>/dev/null; then
  # The machine's own server may simply be stopped; start it when we can.
  command -v pg_ctlcluster >/dev/null && pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start 2>/dev/null || true
  sleep 2
fi
echo "== vérification des types et lint"
npm run lint --silent
echo "== construction du tableau de bord"
npm run build:dashboard --silent
mkdir -p test-artifacts
echo "== tests (PGlite et PostgreSQL)"
status=0
NODE_OPTIONS=--experimental-vm-modules npx jest --ci --maxWorkers=2 --json --outputFile=test-artifacts/jest.json "$@" || status=$?
node scripts/test-summary.mjs test-artifacts/jest.json || true
exit $status
