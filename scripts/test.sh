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
# - evote/, verifier/ and scanner-drivers/: none formats a time nor reads a calendar date (no Intl,
#   toLocale*, getHours/getDate or timeZone in their src/; instants are ISO strings in UTC);
# - library modules with no time in them: passwords, French wording, barcodes, the reconciliation rule,
#   HTTP error mapping;
# - tests that read the repository's files (import graph, SQL boundary, configuration and journal docs);
# - crash, outage and concurrency tests (killed processes and connections, parallel scans, login limits):
#   they count what was acknowledged; the instants they record are compared with one another, never
#   shown nor cut into days;
# - the urn's integrity and secrecy (tampered urns, attacker's linking, batching, ballot proofs): proofs
#   and counts, no date;
# - accounts, roles, the request log, the journal's chain and signed heads, the CLI's refusals and a journal
#   altered by hand (cli-walkthrough), a roll streamed at scale: instants only, or calendar dates read by
#   the parsers that the roll import and time-zone tests run in both zones;
# - fuzzing (random input must get a French refusal, never a 500): the dates it sends go through the
#   parsers that the calendar and time-zone tests run in both zones;
# - the modes of the files Scrutin writes (private-files) and the empty cluster new PGlite folders copy
#   (pglite-cluster): permissions and files, whatever they hold;
# - a server's start, its lock on the data folder and the commands typed beside it (the station's and the
#   platform's serve tests): processes, locks and forwarding; what the forwarded commands print is checked in
#   both zones by the files of those commands;
# - browser tests of layout (screens), count-sheet entry and unsealing: the times they show are formatted
#   by formatInstant in the election's zone (libs/basics' calendar tests run in both zones); the closing
#   time that screens.test checks word for word is that of an election in La Réunion (UTC+4), neither
#   process zone, so that one run shows a time given in the browser's zone or the machine's;
# - the README walk-throughs, whose dates (vote window, PV) the station and platform files cover in both.
# The database suites it runs use PostgreSQL only (SCRUTIN_ZONE_RUN=second, test/src/databases.ts; a test that
# asks for PGlite by name, as the dashboard's browser test does, keeps it): PGlite's sessions
# are in UTC in both runs, so the second gives it only the flipped process zone, which PostgreSQL gets as
# well as its own flipped session zone; the tests of dates through the database layer keep both kinds.
# Whole files are named to the end (a pattern is a regular expression: a new file beside one of them does
# not fall under its rule by its name), the three workspaces by folder: test/src/time-zone-rules.test.ts
# fails when their sources start to format a time or read a calendar day.
once=(/evote/ /verifier/ /scanner-drivers/)
for file in libs/server-kit/src/password libs/server-kit/src/password-policy libs/basics/src/french libs/domain/src/barcode \
  libs/domain/src/reconciliation libs/server-kit/src/errors \
  test/src/import-graph test/src/sql-boundary test/src/config-doc test/src/journal-events-doc \
  test/src/scan-crash test/src/scan-concurrency test/src/scan-idempotency test/src/scan-requests test/src/database-outage \
  test/src/unseal-responsiveness db/src/connection-loss db/src/multi-host platform/src/voting/crash \
  platform/src/http/database-outage test/src/login-limits station/src/auth/login-failures station/src/http/login-limits platform/src/http/login-limits \
  test/src/unseal platform/src/voting/urn-attacker platform/src/voting/urn-unlinkability \
  platform/src/voting/urn-batch platform/src/voting/ballot-verifier \
  test/src/accounts test/src/authorisation test/src/request-log station/src/journal/head-seal \
  test/src/cli-walkthrough station/src/roll/import-streamed \
  test/src/fuzz platform/src/http/fuzz test/src/private-files db/src/pglite-cluster station/src/cli/serve platform/src/cli/serve \
  test/src/browser/screens test/src/browser/counting test/src/browser/unseal \
  test/src/readme-script; do
  [ -f "$file.test.ts" ] || { echo "scripts/test.sh : $file.test.ts n'existe plus (règle du second fuseau)" >&2; exit 2; }
  once+=("/${file//./\\.}\\.test\\.ts\$")
done
# The README walk-throughs spend most of their eleven minutes waiting for the closing time they set (« until
# … AFTER_CLOSING »): run with the suite's two workers, they would hold one idle; they run beside the rest
# (both series, high availability), in the first zone, when the whole suite is asked for, and are awaited
# at the end. The build and the PGlite templates that each jest run's global set-up makes are made once
# before, so that the runs do not race to write them. They run in a process group of their own, stopped if
# this script stops early.
readme_beside=0; [ "$#" -eq 0 ] && readme_beside=1
if [ "$readme_beside" -eq 1 ]; then
  node -e "require('./scripts/jest-global-setup.cjs')()"
  SCRUTIN_TEST_TIMINGS=test-artifacts/timings-readme.jsonl TZ=America/Martinique PGOPTIONS="-c timezone=Pacific/Auckland" NODE_OPTIONS=--experimental-vm-modules \
    setsid npx jest --ci --maxWorkers=1 --json --outputFile=test-artifacts/jest-readme.json test/src/readme-script >test-artifacts/readme.log 2>&1 &
  readme_pid=$!
  trap 'kill -- "-$readme_pid" 2>/dev/null || true' EXIT
fi
status=0
runs=("America/Martinique Pacific/Auckland" "Pacific/Auckland America/Martinique")
outputs=()
for run in "${runs[@]}"; do
  read -r tz session <<<"$run"
  echo "== tests (PGlite et PostgreSQL) — TZ=$tz, sessions PostgreSQL en $session"
  out="test-artifacts/jest-${tz//\//-}.json"
  timings="test-artifacts/timings-${tz//\//-}.jsonl"
  rm -f "$timings"
  skip=""; zone_run=first
  [ "${#outputs[@]}" -gt 0 ] && skip="${once[*]}" && zone_run=second
  [ -z "$skip" ] && [ "$readme_beside" -eq 1 ] && skip='/test/src/readme-script\.test\.ts$'
  outputs+=("$out" "$timings")
  SCRUTIN_ZONE_RUN="$zone_run" SCRUTIN_SKIP_TESTS="$skip" SCRUTIN_TEST_TIMINGS="$timings" TZ="$tz" PGOPTIONS="-c timezone=$session" NODE_OPTIONS=--experimental-vm-modules \
    npx jest --ci --maxWorkers=2 --json --outputFile="$out" "$@" || status=$?
done
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
if [ "$readme_beside" -eq 1 ]; then
  echo "== parcours du README (lancés à côté du reste)"
  wait "$readme_pid" || status=$?
  trap - EXIT
  cat test-artifacts/readme.log
  outputs+=(test-artifacts/jest-readme.json test-artifacts/timings-readme.jsonl)
fi
[ -f test-artifacts/jest-ha.json ] && outputs+=(test-artifacts/jest-ha.json)
node scripts/test-summary.mjs "${outputs[@]}" || true
exit $status
