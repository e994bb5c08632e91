#!/usr/bin/env bash
# Installs the Debian packages the test suites need (oracles and validators: astropy, healpy,
# pyvo, fitsverify, STILTS, xmllint), via ../shared/tools/install-oracles.sh. Idempotent and
# quiet: prints only what it installs. Needs root; later issues add PostgreSQL/pgSphere here.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SHARED=${SKYPORT_SHARED:-$(cd "$HERE/../.." && pwd)/shared}
EXTRA=(postgresql-15-pgsphere)   # Debian packages needed beyond the oracles (PostgreSQL 15 itself ships with the image)
if [ ! -x "$SHARED/tools/install-oracles.sh" ]; then
  echo "install-system-deps: $SHARED/tools/install-oracles.sh not found (set SKYPORT_SHARED)" >&2
  exit 1
fi
if [ "$(id -u)" != 0 ]; then
  echo "install-system-deps: not root, installing nothing (tests that need a missing tool will say so)"
  exit 0
fi
bash "$SHARED/tools/install-oracles.sh" "${EXTRA[@]+"${EXTRA[@]}"}"
echo "system packages: ok"
