#!/usr/bin/env bash
# The Docker image test runs the server against a real PostgreSQL server, as an operator's
# DATABASE_URL would: Debian's postgresql package (initdb/pg_ctl under /usr/lib/postgresql/<v>/bin).
# Install it when missing and we are allowed to; otherwise say what to do.
set -euo pipefail
if compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "PostgreSQL server binaries not found; installing Debian's postgresql package for the Docker image test..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  exit 0
fi
echo "The Docker image test needs a PostgreSQL server (Debian: sudo apt-get install postgresql)." >&2
exit 1
