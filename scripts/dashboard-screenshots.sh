#!/usr/bin/env bash
# Screenshots of a running Dashboard with Debian's headless Chromium: the overview, a camera's page and the cluster page,
# written as PREFIX-overview.png, PREFIX-camera.png and PREFIX-cluster.png (PREFIX: local-run unless --prefix names another).
#   scripts/dashboard-screenshots.sh http://localhost:PORT [folder] [--prefix NAME] [--camera SITE/CAMERA]
# The folder defaults to docs/, the camera to the first one the Dashboard lists. Point it at the `dashboard` resource of
# scripts/run-local.sh (its address is in Aspire's dashboard) after the run has gone a few minutes, so the charts have
# history. EDGEVISION_CHROMIUM selects another Chromium.
set -euo pipefail
usage="usage: scripts/dashboard-screenshots.sh http://localhost:PORT [folder] [--prefix NAME] [--camera SITE/CAMERA]"
base=""
out=""
prefix=local-run
camera=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --prefix) prefix=${2:?$usage}; shift 2 ;;
    --camera) camera=${2:?$usage}; shift 2 ;;
    -*) echo "$usage" >&2; exit 2 ;;
    *) if [[ -z "$base" ]]; then base=$1; elif [[ -z "$out" ]]; then out=$1; else echo "$usage" >&2; exit 2; fi; shift ;;
  esac
done
[[ -n "$base" ]] || { echo "$usage" >&2; exit 2; }
[[ "$prefix" =~ ^[A-Za-z0-9._-]+$ ]] || { echo "--prefix takes letters, digits, '.', '_' and '-' (was '$prefix')" >&2; exit 2; }
base=${base%/}
out=${out:-"$(cd "$(dirname "$0")/.." && pwd)/docs"}
chromium=${EDGEVISION_CHROMIUM:-/usr/bin/chromium}
mkdir -p "$out"

if [[ -z "$camera" ]]; then
  camera=$(curl -fsS "$base/api/cameras" | python3 -c '
import json, sys
cameras = json.load(sys.stdin)["cameras"]
print(cameras[0]["site"] + "/" + cameras[0]["camera"] if cameras else "")')
fi

# The pages draw themselves from their own fetches: a budget of virtual time lets several refreshes run before the shot.
shot() {
  "$chromium" --headless --no-sandbox --disable-dev-shm-usage --hide-scrollbars --disable-gpu \
    --window-size="1280,$2" --virtual-time-budget=6000 --screenshot="$out/$1" "$base$3" 2>/dev/null
  echo "$out/$1 <- $base$3"
}

shot "$prefix-overview.png" 900 /
if [[ -n "$camera" ]]; then
  shot "$prefix-camera.png" 1900 "/cameras/$camera"
else
  echo "no camera known to the Dashboard yet: $prefix-camera.png not taken" >&2
fi
shot "$prefix-cluster.png" 700 /cluster
