#!/bin/sh
# Installs PostgreSQL from Debian packages (if missing), starts it on
# 127.0.0.1:5432 with user/password postgres/postgres and prints the URL the
# store's test suite reads, so CI always runs the repository suite on PostgreSQL
# as well as SQLite. Safe to run again: every step checks before it acts.
#
# Usage (as root on Debian), in two statements so that `set -e` sees a failure
# (`export VAR="$(…)"` would hide it):
#   PRONGSAI_TEST_DATABASE_URL="$(.ci/postgres.sh)"
#   export PRONGSAI_TEST_DATABASE_URL
#
# Only the URL goes to stdout; progress goes to stderr.
set -eu

PORT=5432
PASSWORD=postgres

log() { echo "postgres.sh: $*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
    log "must run as root (it installs packages and starts a cluster)"
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive

server_installed() {
    command -v pg_lsclusters >/dev/null 2>&1 &&
        ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1
}

if ! server_installed; then
    log "installing postgresql"
    # Try with the package lists we have; refresh them only when that fails
    # (a fresh image has none, an old one may point at vanished files).
    if ! apt-get install -y --no-install-recommends postgresql >&2; then
        apt-get update >&2
        apt-get install -y --no-install-recommends postgresql >&2
    fi
fi

# The newest installed major version.
VERSION=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
CLUSTER=main

if ! pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1 == v && $2 == c { found = 1 } END { exit !found }'; then
    log "creating cluster $VERSION/$CLUSTER"
    pg_createcluster "$VERSION" "$CLUSTER" >&2
fi

# Listen on loopback only, on the well-known port, through a drop-in file
# (Debian's postgresql.conf includes conf.d/); restart only if it changed.
CONF_DIR=/etc/postgresql/$VERSION/$CLUSTER/conf.d
SETTINGS="listen_addresses = '127.0.0.1'
port = $PORT"
changed=no
mkdir -p "$CONF_DIR"
if [ "$(cat "$CONF_DIR/prongsai-ci.conf" 2>/dev/null || true)" != "$SETTINGS" ]; then
    printf '%s\n' "$SETTINGS" >"$CONF_DIR/prongsai-ci.conf"
    changed=yes
fi

status=$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1 == v && $2 == c { print $4 }')
case "$status" in
    online*)
        if [ "$changed" = yes ]; then
            log "restarting cluster $VERSION/$CLUSTER for new settings"
            pg_ctlcluster "$VERSION" "$CLUSTER" restart >&2
        fi
        ;;
    *)
        log "starting cluster $VERSION/$CLUSTER"
        pg_ctlcluster "$VERSION" "$CLUSTER" start >&2
        ;;
esac

tries=0
until pg_isready -q -h 127.0.0.1 -p "$PORT"; do
    tries=$((tries + 1))
    if [ "$tries" -ge 60 ]; then
        log "PostgreSQL did not become ready on 127.0.0.1:$PORT"
        exit 1
    fi
    sleep 1
done

# Peer authentication over the local socket; the TCP listener (scram in
# Debian's default pg_hba.conf) then accepts the password.
(cd / && runuser -u postgres -- psql -q -p "$PORT" -v ON_ERROR_STOP=1 \
    -c "ALTER USER postgres PASSWORD '$PASSWORD'") >&2

log "ready"
echo "postgres://postgres:$PASSWORD@127.0.0.1:$PORT/postgres"
