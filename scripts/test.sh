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
# A calendar day (birth date, appeal deadline) must not depend on the process time zone nor on the
# database session's, and a time is shown in the election's zone (issue 12): the whole suite runs twice,
# never under UTC, where such a bug stays invisible. West: America/Martinique (UTC-4), where a day read
# as UTC midnight falls on the day before; east: Pacific/Auckland (UTC+13 in November, with summer time),
# where local midnight is the day before in UTC. Each run puts the PostgreSQL sessions in the other
# zone (PGOPTIONS, read by node-postgres), so that neither the server's nor the process's zone can
# stand in for the election's. About twice the time of one run (2 × ~17 min here).
status=0
runs=("America/Martinique Pacific/Auckland" "Pacific/Auckland America/Martinique")
outputs=()
for run in "${runs[@]}"; do
  read -r tz session <<<"$run"
  echo "== tests (PGlite et PostgreSQL) — TZ=$tz, sessions PostgreSQL en $session"
  out="test-artifacts/jest-${tz//\//-}.json"
  outputs+=("$out")
  TZ="$tz" PGOPTIONS="-c timezone=$session" NODE_OPTIONS=--experimental-vm-modules \
    npx jest --ci --maxWorkers=2 --json --outputFile="$out" "$@" || status=$?
done
node scripts/test-summary.mjs "${outputs[@]}" || true
exit $status
