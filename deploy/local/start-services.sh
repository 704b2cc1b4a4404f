#!/usr/bin/env bash
# Brings up what orderlens needs on a development or CI machine (Debian or Ubuntu, no systemd):
# MariaDB and RabbitMQ from the distribution's packages, and the MariaDB accounts of
# deploy/mysql/accounts.sh. Every step it takes is printed. Safe to run in any state:
#   - nothing installed: `apt-get update` once, then installs the packages;
#   - installed but stopped (what CI sees): starts the servers;
#   - installed and running: changes nothing but the accounts (re-applied, idempotent).
# It returns only when each server accepts a real login.
#
#   bash deploy/local/start-services.sh             # MariaDB and RabbitMQ
#   bash deploy/local/start-services.sh --browser   # also Debian's Chromium, for browser tests
#
# Data stays in the packages' default places (/var/lib/mysql, /var/lib/rabbitmq), so a second
# run finds it again. Ports: MariaDB 3306, RabbitMQ 5672 (and 25672 for its own CLI), loopback
# accounts only; see the README's Prerequisites.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

with_browser=false
for arg in "$@"; do
  case $arg in
    --browser) with_browser=true ;;
    -h | --help)
      sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "start-services: unknown argument $arg (try --help)" >&2
      exit 2
      ;;
  esac
done

say() { printf 'start-services: %s\n' "$*"; }
fail() {
  printf 'start-services: %s\n' "$*" >&2
  exit 1
}
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    fail "this step needs root (or sudo): $*"
  fi
}

# ---- packages
apt_updated=false
apt_install() { # packages...
  if ! $apt_updated; then
    say "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=true
  fi
  say "apt-get install $*"
  # Without systemd the packages' own start attempts fail or do nothing; this script starts the
  # servers itself below, so the install never depends on them.
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

missing=()
command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server mariadb-client)
[ -x /usr/sbin/rabbitmq-server ] || missing+=(rabbitmq-server)
if $with_browser && [ ! -x /usr/bin/chromium ]; then missing+=(chromium fonts-liberation); fi
if [ ${#missing[@]} -gt 0 ]; then
  apt_install "${missing[@]}"
else
  say "packages already installed"
fi

# ---- MariaDB
mysql_alive() { mariadb-admin --protocol=tcp -h 127.0.0.1 -P 3306 --connect-timeout=2 ping >/dev/null 2>&1; }
mysql_root() { as_root mariadb --protocol=socket -uroot "$@"; }

wait_for() { # what seconds command...
  local what=$1 seconds=$2 deadline
  shift 2
  deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || fail "$what did not come up within $seconds s"
    sleep 1
  done
}

if mysql_alive; then
  say "MariaDB is running"
else
  say "starting MariaDB (start-stop-daemon, mariadbd --user=mysql)"
  # /run is emptied on every boot; mariadbd keeps its socket and pid file there.
  as_root install -d -o mysql -g mysql -m 0755 /run/mysqld
  as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
fi
say "waiting for a root login over the unix socket"
wait_for "MariaDB" 90 mysql_root -e 'SELECT 1'

say "creating or updating the orderlens accounts (deploy/mysql/accounts.sh)"
sh "$here/../mysql/accounts.sh" | mysql_root

login() { # user password
  mariadb --protocol=tcp -h 127.0.0.1 -P 3306 -u "$1" -p"$2" -N -e 'SELECT CURRENT_USER()'
}
for account in \
  "orderlens_command:${ORDERLENS_COMMAND_DB_PASSWORD:-orderlens-command-dev}" \
  "orderlens_projector:${ORDERLENS_PROJECTOR_DB_PASSWORD:-orderlens-projector-dev}" \
  "orderlens_dev:${ORDERLENS_DEV_DB_PASSWORD:-orderlens-dev}"; do
  user=${account%%:*}
  login "$user" "${account#*:}" >/dev/null || fail "MariaDB refused the login of $user over TCP"
  say "MariaDB accepts $user on 127.0.0.1:3306"
done

# ---- RabbitMQ
rabbit_alive() { as_root rabbitmq-diagnostics -q ping >/dev/null 2>&1; }
if rabbit_alive; then
  say "RabbitMQ is running"
else
  say "starting RabbitMQ (rabbitmq-server -detached)"
  as_root rabbitmq-server -detached
fi
say "waiting for RabbitMQ to finish booting (rabbitmqctl await_startup)"
wait_for "RabbitMQ" 120 as_root rabbitmqctl await_startup --timeout 5
as_root rabbitmqctl -q authenticate_user guest guest >/dev/null ||
  fail "RabbitMQ refused guest/guest (orderlens connects as guest over loopback)"
as_root rabbitmq-diagnostics -q check_port_listener 5672 >/dev/null ||
  fail "RabbitMQ does not listen on 5672"
say "RabbitMQ accepts guest on 127.0.0.1:5672"

if $with_browser; then say "Chromium: $(/usr/bin/chromium --version 2>/dev/null || echo missing)"; fi
say "ready"
