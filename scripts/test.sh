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
# database session's, and a time is shown in the election's zone (issue 12): the suite runs twice,
# never under UTC, where such a bug stays invisible. West: America/Martinique (UTC-4), where a day read
# as UTC midnight falls on the day before; east: Pacific/Auckland (UTC+13 in November, with summer time),
# where local midnight is the day before in UTC. Each run puts the PostgreSQL sessions in the other
# zone (PGOPTIONS, read by node-postgres), so that neither the server's nor the process's zone can
# stand in for the election's.
#
# The second run needs only the files whose code reads, writes or shows a calendar date or a wall-clock
# time; two whole runs do not fit in the suite's 15 minutes (issue 16, item 7). It skips, by rule rather
# than by name so that a new file runs twice unless it falls under one (add to a rule only what it says):
# - evote/ and scanner-drivers/: neither workspace formats a time nor reads a calendar date (no
#   Intl, toLocale*, getHours/getDate or timeZone in their src/; instants are ISO strings in UTC);
# - station modules with no time in them: passwords and their policy, French wording, barcodes, the
#   reconciliation rule, HTTP error mapping;
# - the import graph (reads source files) and the README walk-throughs, whose dates (vote window, PV)
#   the station and platform files cover in both zones.
once=(/evote/ /scanner-drivers/ /station/src/auth/password /station/src/basics/french /station/src/domain/barcode
  /station/src/domain/reconciliation /station/src/http/errors /test/src/import-graph /test/src/readme-script)
status=0
runs=("America/Martinique Pacific/Auckland" "Pacific/Auckland America/Martinique")
outputs=()
for run in "${runs[@]}"; do
  read -r tz session <<<"$run"
  echo "== tests (PGlite et PostgreSQL) — TZ=$tz, sessions PostgreSQL en $session"
  out="test-artifacts/jest-${tz//\//-}.json"
  timings="test-artifacts/timings-${tz//\//-}.jsonl"
  rm -f "$timings"
  skip=""; [ "${#outputs[@]}" -gt 0 ] && skip="${once[*]}"
  outputs+=("$out" "$timings")
  SCRUTIN_SKIP_TESTS="$skip" SCRUTIN_TEST_TIMINGS="$timings" TZ="$tz" PGOPTIONS="-c timezone=$session" NODE_OPTIONS=--experimental-vm-modules \
    npx jest --ci --maxWorkers=2 --json --outputFile="$out" "$@" || status=$?
done
node scripts/test-summary.mjs "${outputs[@]}" || true
# High availability (issue 17): PostgreSQL clusters, three platform nodes and HAProxy started by the tests
# themselves, several minutes on this machine: one bounded job of its own, after the fast suite.
echo "== haute disponibilité (grappe primaire + secours, trois nœuds, HAProxy) — au plus ${SCRUTIN_HA_TIMEOUT:-1500} s"
ha=0
timeout --kill-after=30 "${SCRUTIN_HA_TIMEOUT:-1500}" npm run test:ha --silent -- --json --outputFile=test-artifacts/jest-ha.json || ha=$?
if [ "$ha" -eq 124 ] || [ "$ha" -eq 137 ]; then
  # Cut short, the tests could not stop the clusters they started (pg_ctl detaches them): stop them here.
  echo "tests de haute disponibilité interrompus après ${SCRUTIN_HA_TIMEOUT:-1500} s" >&2
  for data in "${TMPDIR:-/tmp}"/scrutin-ha-*/primaire "${TMPDIR:-/tmp}"/scrutin-ha-*/secours; do
    [ -f "$data/postmaster.pid" ] || continue
    pg_ctl="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)}/pg_ctl"
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$pg_ctl" -D "$data" stop -m immediate >/dev/null 2>&1 || true
    else "$pg_ctl" -D "$data" stop -m immediate >/dev/null 2>&1 || true; fi
  done
  rm -rf "${TMPDIR:-/tmp}"/scrutin-ha-* "${TMPDIR:-/tmp}"/scrutin-haproxy-*
fi
[ "$ha" -eq 0 ] || status=$ha
exit $status
