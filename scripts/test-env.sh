#!/usr/bin/env bash
# Prepares what the test suite talks to for real, then gets out of the way. Idempotent and quiet when all is there.
#  - Debian packages: MariaDB, Redis, Chromium (+ CJK fonts for screenshots), espeak-ng and sox (IVR prompts).
#    Installed only when missing and only when we are root with apt-get; otherwise we say what is missing.
#  - MariaDB on 127.0.0.1:3306 and Redis on 127.0.0.1:6379, started when they are not answering.
# Tests create and drop their own throwaway databases (dl_t_<random>) on that MariaDB server, or on MYSQL_TEST_URL.
set -uo pipefail
say() { printf '[test-env] %s\n' "$*"; }

need=()
for pkg in mariadb-server redis-server chromium fonts-noto-cjk espeak-ng sox; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing ${need[*]} (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null || say "apt-get failed; tests that need ${need[*]} will fail"
  else
    say "missing Debian packages: ${need[*]} — install them with: sudo apt-get install ${need[*]}"
  fi
fi

if [ -z "${MYSQL_TEST_URL:-}" ] && command -v mariadb-admin >/dev/null 2>&1; then
  if ! mariadb-admin --protocol=tcp -h127.0.0.1 -P3306 -uroot ping >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && [ -x /usr/sbin/mariadbd ]; then
      say "starting MariaDB"
      mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
      [ -d /var/lib/mysql/mysql ] || mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/dev/null 2>&1
      start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql --bind-address=127.0.0.1 --port=3306
      for _ in $(seq 1 60); do mariadb-admin --protocol=tcp -h127.0.0.1 -P3306 -uroot ping >/dev/null 2>&1 && break; sleep 0.5; done
    else
      say "MariaDB is not answering on 127.0.0.1:3306 (set MYSQL_TEST_URL to use another server)"
    fi
  fi
fi

if command -v redis-cli >/dev/null 2>&1 && ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  if command -v redis-server >/dev/null 2>&1; then
    say "starting Redis"
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no --dir /tmp --logfile /tmp/donorline-redis.log >/dev/null
    for _ in $(seq 1 40); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.25; done
  else
    say "Redis is not answering on 127.0.0.1:6379"
  fi
fi
exit 0
