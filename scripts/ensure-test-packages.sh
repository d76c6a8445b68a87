#!/usr/bin/env bash
# Mail tests and the archive benchmark run Debian's Dovecot (IMAP server) and isync (mbsync, the
# benchmark's yardstick). Install them when missing and we are allowed to; otherwise say what to do.
set -euo pipefail
dovecot="${DOVECOT_PATH:-/usr/sbin/dovecot}"
missing=()
[ -x "$dovecot" ] || missing+=(dovecot-imapd)
command -v mbsync >/dev/null || missing+=(isync)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's ${missing[*]} for the mail tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "Mail tests need ${missing[*]} (Debian: sudo apt-get install ${missing[*]}), or set DOVECOT_PATH." >&2
exit 1
