#!/bin/sh
# Installs Debian or Ubuntu packages inside an image build and leaves no package lists or caches behind.
# Ubuntu 24.04 renamed some library packages with a t64 suffix (64-bit time_t): a name apt does not know is tried
# with that suffix.
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
packages=""
for name in "$@"; do
  if apt-cache show "$name" >/dev/null 2>&1; then
    packages="$packages $name"
  elif apt-cache show "${name}t64" >/dev/null 2>&1; then
    packages="$packages ${name}t64"
  else
    echo "install-packages: no package $name (nor ${name}t64)" >&2
    exit 1
  fi
done
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $packages
apt-get clean
rm -rf /var/lib/apt/lists/* /var/cache/apt/* /var/log/apt /var/log/dpkg.log
