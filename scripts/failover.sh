#!/usr/bin/env bash
# Bascule sur le serveur de secours (docs/deployment.md, « Bascule ») :
#   scripts/failover.sh DOSSIER_DU_SECOURS [PORT]
# À lancer sur la machine du serveur de secours, une fois le primaire arrêté pour de bon (machine morte,
# ou arrêtée et isolée : deux primaires en même temps écriraient deux urnes différentes).
#  1. pg_ctl promote : le secours quitte la récupération et accepte les écritures ; les nœuds de la
#     plateforme, dont DATABASE_URL nomme les deux serveurs avec target_session_attrs=read-write, s'y
#     reconnectent d'eux-mêmes (db/src/multi-host.ts) ;
#  2. synchronous_standby_names vidé : le nouveau primaire n'a pas encore de secours ; sans cela chaque
#     validation attendrait un serveur qui n'existe pas et plus aucun bulletin ne serait accusé.
#     Le vote continue donc sans réplication synchrone jusqu'à ce qu'un nouveau secours soit rattaché
#     (pg_basebackup depuis le nouveau primaire, puis synchronous_standby_names remis : même document).
# Lancé en root, les commandes PostgreSQL passent par l'utilisateur postgres.
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage : $0 DOSSIER_DU_SECOURS [PORT]" >&2
  exit 2
fi
data="$1"
port="${2:-5432}"
bin="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
as_pg=()
[ "$(id -u)" -eq 0 ] && as_pg=(runuser -u postgres --)
sql() { "${as_pg[@]}" "$bin/psql" -X -q -At -h 127.0.0.1 -p "$port" -U postgres -d postgres -c "$1"; }

if [ "$(sql 'SELECT pg_is_in_recovery()')" != "t" ]; then
  echo "Le serveur du port $port n'est pas un serveur de secours : rien à promouvoir." >&2
  exit 1
fi
start=$(date +%s%N)
"${as_pg[@]}" "$bin/pg_ctl" -D "$data" -w -t 30 promote >/dev/null
sql "ALTER SYSTEM SET synchronous_standby_names = ''" >/dev/null
sql 'SELECT pg_reload_conf()' >/dev/null
[ "$(sql 'SELECT pg_is_in_recovery()')" = "f" ] || { echo "La promotion n'a pas abouti (voir le journal du serveur)." >&2; exit 1; }
echo "Serveur du port $port promu primaire en $(( ($(date +%s%N) - start) / 1000000 )) ms ; réplication synchrone suspendue jusqu'au rattachement d'un nouveau secours."
