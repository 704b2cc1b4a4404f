#!/usr/bin/env bash
# Starts the local MariaDB and RabbitMQ that development and CI machines have installed, if they
# are not already running, and waits until both accept connections. Safe to run repeatedly.
set -euo pipefail

mysql_up() { mysqladmin --protocol=tcp -h 127.0.0.1 -P 3306 -uroot ping >/dev/null 2>&1; }
amqp_up() { (exec 3<>/dev/tcp/127.0.0.1/5672) >/dev/null 2>&1; }

wait_until() {
  local what=$1 check=$2 deadline=$((SECONDS + 90))
  until $check; do
    if ((SECONDS > deadline)); then
      echo "start-services: $what did not come up within 90 s" >&2
      return 1
    fi
    sleep 1
  done
  echo "start-services: $what is up"
}

if ! mysql_up; then
  echo "start-services: starting MariaDB"
  if [ "$(id -u)" = 0 ]; then
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
  else
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  fi
fi
if ! amqp_up; then
  echo "start-services: starting RabbitMQ"
  rabbitmq-server -detached
fi
wait_until "MariaDB (127.0.0.1:3306)" mysql_up
wait_until "RabbitMQ (127.0.0.1:5672)" amqp_up
# The AMQP port opens a moment before the broker accepts logins; rabbitmqctl waits for the app.
if command -v rabbitmqctl >/dev/null; then rabbitmqctl await_startup >/dev/null 2>&1 || true; fi
