#!/usr/bin/env bash
# Install Prometheus and promtool from Debian's packages when they are not on the PATH: the
# test suite runs the shipped config, rules and dashboard queries against the real server.
set -euo pipefail
if command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || {
        echo "install.sh: prometheus is missing and this user cannot install packages;" \
             "install Debian's 'prometheus' package (or put prometheus and promtool on PATH)" >&2
        exit 1
    }
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
echo "install.sh: installing Debian's prometheus package (prometheus, promtool)"
# The package's service is not started: no init system here, and the tests run their own.
$SUDO apt-get install -y -qq --no-install-recommends prometheus >/dev/null \
    || { $SUDO apt-get update -qq && \
         $SUDO apt-get install -y -qq --no-install-recommends prometheus >/dev/null; }
command -v promtool >/dev/null
