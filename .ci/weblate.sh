#!/usr/bin/env bash
# Installs and prepares a real Weblate for tests/test_weblate.py: Debian's PostgreSQL,
# Weblate 5.14.3 in its own virtual environment (never the project's .venv), a database,
# an admin user and an API token. Starts PostgreSQL on 127.0.0.1; the test starts and stops
# the Weblate server itself. Idempotent: a second run installs nothing and takes seconds.
#
# Everything lives under $L10N_WEBLATE_HOME (default /opt/l10n-weblate):
#   venv/            Weblate and what it needs
#   settings/        l10n_weblate_settings.py (PostgreSQL, no Redis, no network)
#   bin/weblate      Weblate's management command with those settings
#   data/            Weblate's DATA_DIR (its clones of the repositories)
#   token            the admin's API token
# Run as root on Debian (12) with the package registries reachable.
set -euo pipefail

WEBLATE_VERSION=5.14.3
home=${L10N_WEBLATE_HOME:-/opt/l10n-weblate}
venv=$home/venv

# Python 3.11 on Debian 12: PyGObject 3.51+ needs girepository-2.0 (not in Debian 12's GLib);
# newer django-otp and GitPython releases break Weblate 5.14.3's middleware and remote refs.
# Seen working (2026-11-28): Django 5.2.19, translate-toolkit 3.16.3, psycopg 3.3.9,
# PyGObject 3.50.2, django-otp 1.6.3, celery 5.5.3, on Debian 12's PostgreSQL 15.18.
pip_pins=("weblate[postgres]==$WEBLATE_VERSION" "pygobject<3.51" "django-otp<1.7" "GitPython==3.1.45")
# Runtime libraries Weblate imports (rsvg, pango) and the headers that borgbackup and
# pycairo/pygobject are built against.
apt_packages=(postgresql git gir1.2-rsvg-2.0 gir1.2-pango-1.0 pkg-config liblz4-dev libzstd-dev
              libxxhash-dev libacl1-dev libcairo2-dev libgirepository1.0-dev)

log() { printf 'weblate.sh: %s\n' "$*" >&2; }
psql_admin() { (cd / && runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 "$@"); }

install_debian_packages() {
    local missing=() pkg
    for pkg in "${apt_packages[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return
    log "apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

install_weblate() {
    local stamp=$home/installed
    if [ -x "$venv/bin/weblate" ] && [ "$(cat "$stamp" 2>/dev/null)" = "${pip_pins[*]}" ]; then
        return
    fi
    log "pip install ${pip_pins[*]} into $venv"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --disable-pip-version-check "${pip_pins[@]}" >"$home/pip.log" 2>&1 ||
        { tail -n 30 "$home/pip.log" >&2; exit 1; }
    printf '%s\n' "${pip_pins[*]}" >"$stamp"
}

secret() {  # a random value kept in a file, made once
    local file=$home/$1
    [ -s "$file" ] || (umask 077 && python3 -c 'import secrets; print(secrets.token_hex(32))' >"$file")
    cat "$file"
}

write_settings() {
    mkdir -p "$home/settings" "$home/bin" "$home/data"
    cat >"$home/settings/l10n_weblate_settings.py" <<'EOF'
"""Weblate for l10n's integration test: PostgreSQL on 127.0.0.1, no Redis, no network.

Written by .ci/weblate.sh. Celery tasks run in the web process (CELERY_TASK_ALWAYS_EAGER),
so neither a broker nor a worker is needed, and the cache is the process's own memory.
"""

from pathlib import Path

from weblate.settings_example import *  # noqa: F403

HOME = Path(__file__).resolve().parent.parent
DEBUG = False
SECRET_KEY = (HOME / "secret_key").read_text().strip()
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SITE_DOMAIN = "localhost"
SITE_URL = "http://localhost"
OTP_WEBAUTHN_RP_ID = "localhost"
OTP_WEBAUTHN_ALLOWED_ORIGINS = [SITE_URL]

DATABASES["default"].update(  # noqa: F405
    NAME="weblate", USER="weblate", HOST="127.0.0.1", PORT="5432",
    PASSWORD=(HOME / "db_password").read_text().strip(),
)
DATA_DIR = str(HOME / "data")
CACHE_DIR = f"{DATA_DIR}/cache"
MEDIA_ROOT = f"{DATA_DIR}/media"
STATIC_ROOT = f"{CACHE_DIR}/static"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "avatar": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}

CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None

# Nothing leaves the machine: no avatars, no e-mail, no sign-ups, no machine translation.
WEBLATE_MACHINERY = ()
# The test's "remote" is a bare repository in a local folder.
VCS_FILE_PROTOCOL = True
ENABLE_AVATARS = False
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
REGISTRATION_OPEN = False
# The test makes a few hundred API calls in a minute.
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"anon": "10000/hour", "user": "100000/hour"}  # noqa: F405

for _logger in LOGGING["loggers"].values():  # noqa: F405
    if _logger.get("level") == "DEBUG":
        _logger["level"] = "INFO"
EOF
    # The server may only talk to 127.0.0.1: any other HTTP(S) goes to a closed local port.
    cat >"$home/bin/weblate" <<EOF
#!/bin/sh
export DJANGO_SETTINGS_MODULE=l10n_weblate_settings PYTHONPATH="$home/settings"
export http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9 no_proxy=127.0.0.1,localhost
export GIT_TERMINAL_PROMPT=0
exec "$venv/bin/weblate" "\$@"
EOF
    chmod +x "$home/bin/weblate"
}

start_postgresql() {
    local version cluster port status
    read -r version cluster port status _ < <(pg_lsclusters -h | head -n1) || true
    if [ -z "${version:-}" ]; then
        version=$(ls /usr/lib/postgresql | sort -n | tail -n1)
        cluster=main
        log "pg_createcluster $version $cluster"
        pg_createcluster "$version" "$cluster" >/dev/null
        status=down
    fi
    # Weblate's settings name port 5432: the first cluster Debian makes.
    [ "${port:-5432}" = 5432 ] || { log "cluster $version/$cluster is on port $port, not 5432"; exit 1; }
    if [ "$status" != online ]; then
        pg_ctlcluster "$version" "$cluster" start
    fi
    local password
    password=$(secret db_password)
    psql_admin -v pw="$password" >/dev/null <<'EOF'
SELECT 'CREATE ROLE weblate LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'weblate') \gexec
ALTER ROLE weblate PASSWORD :'pw';
SELECT 'CREATE DATABASE weblate OWNER weblate ENCODING ''UTF8'' LC_COLLATE ''C'' LC_CTYPE ''C'' TEMPLATE template0'
    WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'weblate') \gexec
EOF
    # Weblate's migrations create the pg_trgm and btree_gin extensions.
    psql_admin -d weblate -c 'SET client_min_messages = warning; CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE EXTENSION IF NOT EXISTS btree_gin;' >/dev/null
}

prepare_database() {
    local stamp=$home/migrated
    # `migrate` costs half a minute even with nothing to do; the stamp remembers the version,
    # the database it ran against and the settings (its post-migrate step writes Weblate's
    # git configuration from them).
    local id
    id="$WEBLATE_VERSION $(psql_admin -tAc "SELECT oid FROM pg_database WHERE datname = 'weblate'")"
    id="$id $(sha256sum <"$home/settings/l10n_weblate_settings.py" | cut -c1-16)"
    if [ "$(cat "$stamp" 2>/dev/null)" != "$id" ]; then
        log "weblate migrate"
        "$home/bin/weblate" migrate --noinput >"$home/migrate.log" 2>&1 || { tail -n 30 "$home/migrate.log" >&2; exit 1; }
        printf '%s\n' "$id" >"$stamp"
    fi
    "$home/bin/weblate" createadmin --username admin --email admin@localhost --password "$(secret admin_password)" \
        --update --no-color >/dev/null 2>&1
    "$home/bin/weblate" drf_create_token admin --no-color 2>/dev/null | awk '/^Generated token/ {print $3}' >"$home/token.new"
    [ -s "$home/token.new" ] && mv "$home/token.new" "$home/token"
}

main() {
    [ "$(id -u)" -eq 0 ] || { log "run as root"; exit 1; }
    mkdir -p "$home"
    install_debian_packages
    install_weblate
    secret secret_key >/dev/null
    write_settings
    start_postgresql
    prepare_database
    log "ready: $home/bin/weblate, token in $home/token"
}

main "$@"
