#!/usr/bin/env bash
# What the browser tests of `search serve` need: Debian's chromium and chromedriver.
# Installs them with apt when they are missing and apt can be used; otherwise says why
# and carries on (the browser test then skips, saying so, and the HTTP tests still run).
# Prints NEWSDEX_REQUIRE_BROWSER=1 when both are there, so CI can make the browser
# test fail rather than skip:
#   eval "$(scripts/ci-browser-deps.sh)"
set -uo pipefail

have() { command -v chromium > /dev/null && command -v chromedriver > /dev/null; }

if ! have; then
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    echo "installing chromium and chromium-driver with apt" >&2
    export DEBIAN_FRONTEND=noninteractive
    if ! { apt-get update -qq > /dev/null && apt-get install -y -qq chromium chromium-driver > /dev/null; }; then
      echo "apt could not install chromium and chromium-driver: the browser test will skip" >&2
    fi
  else
    echo "no chromium/chromedriver and no apt as root to install them: the browser test will skip" >&2
  fi
fi

if have; then
  echo "browser: $(chromium --version 2> /dev/null | head -1); $(chromedriver --version 2> /dev/null | head -1)" >&2
  echo "export NEWSDEX_REQUIRE_BROWSER=1"
fi
