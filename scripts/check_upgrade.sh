#!/usr/bin/env bash
# Prove that upgrading from a previous release keeps every row.
#
#   scripts/check_upgrade.sh [options] [OLD_REF]        (OLD_REF default c72b4d4)
#
# 1. a temporary git worktree of OLD_REF;
# 2. there, `manage.py migrate` and `manage.py seed_demo` into a new, empty database;
# 3. the row count of every table (Django's introspection, the old code's settings);
# 4. in this working tree (uncommitted changes included), `manage.py migrate`;
# 5. the counts again: every table of step 3 must still be there with as many rows.
#    Tables only the new release has are listed; django_content_type,
#    auth_permission and django_migrations may grow and django_cache may change
#    (listed as notes). Anything else that vanished, shrank or grew is printed and
#    the exit status is 1; on success: "OK: N tables, M rows kept".
#
# The database, from DATABASE_URL:
#   unset                       a new SQLite file in a temporary folder
#   a file path, sqlite:///PATH  that SQLite file; it must not exist yet
#   postgres://USER@HOST:PORT/NAME
#                               database NAME, created here (it must not exist yet)
#                               through the maintenance database "postgres"
# Whatever this script created it removes at the end, unless --keep.
#
# Options:
#   --keep               keep the database and the temporary folder (counts, logs)
#   --rename OLD=NEW     table OLD is meant to be renamed to NEW by the upgrade
#   --may-grow TABLE     TABLE may gain rows in the upgrade (a data migration)
#   -h, --help
# Environment:
#   PYTHON       the interpreter for this tree (default .venv/bin/python of this tree,
#                else /work/main/.venv/bin/python)
#   OLD_PYTHON   the interpreter for OLD_REF, when its dependencies differ (default PYTHON)
#   SEED_ARGS    extra arguments for seed_demo, e.g. "--members 5000" (default: the 588)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
counts="$here/table_counts.py"

keep=0
compare_args=()
old_ref=""
usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --keep) keep=1 ;;
    --rename) compare_args+=(--rename "${2:?--rename needs OLD=NEW}"); shift ;;
    --rename=*) compare_args+=(--rename "${1#*=}") ;;
    --may-grow) compare_args+=(--may-grow "${2:?--may-grow needs a table}"); shift ;;
    --may-grow=*) compare_args+=(--may-grow "${1#*=}") ;;
    -h | --help) usage; exit 0 ;;
    -*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    *) [ -z "$old_ref" ] || { echo "one OLD_REF only" >&2; exit 2; }; old_ref="$1" ;;
  esac
  shift
done
old_ref="${old_ref:-c72b4d4}"

if [ -z "${PYTHON:-}" ]; then
  if [ -x "$root/.venv/bin/python" ]; then PYTHON="$root/.venv/bin/python"; else PYTHON=/work/main/.venv/bin/python; fi
fi
OLD_PYTHON="${OLD_PYTHON:-$PYTHON}"
for py in "$PYTHON" "$OLD_PYTHON"; do
  [ -x "$py" ] || { echo "no Python at $py: set PYTHON (make test creates .venv)" >&2; exit 2; }
done
old_commit="$(git -C "$root" rev-parse --verify --quiet "${old_ref}^{commit}")" \
  || { echo "$old_ref is no commit of $root" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/check-upgrade.XXXXXX")"
old_tree="$work/old"
db_kind="" db_file="" made_dir="" pg_name="" pg_admin=""
created_db=0

# shellcheck disable=SC2317  # run by the EXIT trap
cleanup() {
  local status=$?
  set +e
  if [ -d "$old_tree" ]; then
    git -C "$root" worktree remove --force "$old_tree" >/dev/null 2>&1 || rm -rf "$old_tree"
    git -C "$root" worktree prune
  fi
  if [ "$keep" = 1 ]; then
    echo "kept: $work and the database ($db_kind) ${db_file:-$pg_name}"
  else
    if [ "$created_db" = 1 ] && [ "$db_kind" = postgres ]; then
      psql "$pg_admin" -qX -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS \"$pg_name\" WITH (FORCE)" >/dev/null
    elif [ "$created_db" = 1 ] && [ "$db_kind" = sqlite ]; then
      rm -f "$db_file" "$db_file-journal" "$db_file-wal" "$db_file-shm"
      [ -z "$made_dir" ] || rm -r "$made_dir"
    fi
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The database.
url="${DATABASE_URL:-}"
case "$url" in
  "") db_kind=sqlite; db_file="$work/db.sqlite3" ;;
  sqlite://*)
    db_kind=sqlite; db_file="${url#sqlite://}"; db_file="${db_file#/}"
    case "$db_file" in "" | :memory:) echo "an in-memory SQLite database cannot span two processes" >&2; exit 2 ;; esac
    # dj-database-url: sqlite:///rel/path is relative, sqlite:////abs/path absolute.
    case "$db_file" in /*) ;; *) db_file="$PWD/$db_file" ;; esac ;;
  postgres://* | postgresql://*)
    db_kind=postgres
    base="${url%%\?*}"; query="${url#"$base"}"
    pg_name="${base##*/}"
    if [ -z "$pg_name" ] || [ "$pg_name" = "${base#*://}" ]; then
      echo "DATABASE_URL names no database: $url" >&2; exit 2
    fi
    pg_admin="${base%/*}/postgres$query" ;;
  *://*) echo "DATABASE_URL: only sqlite:// and postgres:// are handled here, got $url" >&2; exit 2 ;;
  *) db_kind=sqlite; db_file="$url"
    case "$db_file" in /*) ;; *) db_file="$PWD/$db_file" ;; esac ;;
esac
if [ "$db_kind" = sqlite ]; then
  [ ! -e "$db_file" ] || { echo "$db_file exists: the check needs a new, empty database" >&2; exit 2; }
  db_dir="$(dirname "$db_file")"
  # Remember the top folder that mkdir -p makes, to remove exactly what was made.
  made_dir="$db_dir"
  while [ ! -d "$(dirname "$made_dir")" ]; do made_dir="$(dirname "$made_dir")"; done
  if [ -d "$made_dir" ]; then made_dir=""; else mkdir -p "$db_dir"; fi
  DATABASE_URL="sqlite:///$db_file"
  created_db=1
else
  if [ -n "$(psql "$pg_admin" -qXAt -c "SELECT 1 FROM pg_database WHERE datname = '$pg_name'")" ]; then
    echo "database $pg_name exists: the check needs a new one (drop it, or name another)" >&2; exit 2
  fi
  psql "$pg_admin" -qX -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$pg_name\"" >/dev/null
  created_db=1
fi
export DATABASE_URL
export DJANGO_SETTINGS_MODULE=anren_registry.settings
export PYTHONDONTWRITEBYTECODE=1

started=$SECONDS
step_started=$SECONDS
step() { echo "== $*"; step_started=$SECONDS; }
took() { echo "   ($((SECONDS - step_started)) s)"; }

echo "upgrade check: $old_ref ($(git -C "$root" log -1 --format='%h %cd' --date=short "$old_commit")) → $root"
echo "database: $db_kind ${db_file:-$pg_name}"

step "worktree of $old_ref"
git -C "$root" worktree add --quiet --detach "$old_tree" "$old_commit"
took

step "old release: migrate"
(cd "$old_tree" && "$OLD_PYTHON" manage.py migrate --noinput -v 0) > "$work/old-migrate.log" 2>&1 \
  || { cat "$work/old-migrate.log"; exit 1; }
took

step "old release: seed_demo ${SEED_ARGS:-}"
# shellcheck disable=SC2086
(cd "$old_tree" && "$OLD_PYTHON" manage.py seed_demo ${SEED_ARGS:-}) > "$work/old-seed.log" 2>&1 \
  || { cat "$work/old-seed.log"; exit 1; }
took

step "old release: row counts"
(cd "$old_tree" && "$OLD_PYTHON" "$counts" count --tree "$old_tree" --out "$work/before.json")
took

step "this tree: migrate"
(cd "$root" && "$PYTHON" manage.py migrate --noinput) > "$work/new-migrate.log" 2>&1 \
  || { cat "$work/new-migrate.log"; exit 1; }
grep -E '^  Applying ' "$work/new-migrate.log" || echo "   (no migrations to apply)"
took

step "this tree: row counts"
(cd "$root" && "$PYTHON" "$counts" count --tree "$root" --out "$work/after.json")
took

step "compare"
set +e
"$PYTHON" "$counts" compare "$work/before.json" "$work/after.json" "${compare_args[@]}"
result=$?
set -e
echo "total $((SECONDS - started)) s"
exit "$result"
