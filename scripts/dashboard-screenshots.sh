#!/usr/bin/env bash
# Screenshots of a running Dashboard with Debian's headless Chromium: the overview, the first camera's page and the
# cluster page, written as local-run-overview.png, local-run-camera.png and local-run-cluster.png.
#   scripts/dashboard-screenshots.sh http://localhost:PORT [folder]     # folder defaults to docs/
# Point it at the `dashboard` resource of scripts/run-local.sh (its address is in Aspire's dashboard) after the run has
# gone a few minutes, so the charts have history. EDGEVISION_CHROMIUM selects another Chromium.
set -euo pipefail
base=${1:?usage: scripts/dashboard-screenshots.sh http://localhost:PORT [folder]}
base=${base%/}
out=${2:-"$(cd "$(dirname "$0")/.." && pwd)/docs"}
chromium=${EDGEVISION_CHROMIUM:-/usr/bin/chromium}
mkdir -p "$out"

camera=$(curl -fsS "$base/api/cameras" | python3 -c '
import json, sys
cameras = json.load(sys.stdin)["cameras"]
print(cameras[0]["site"] + "/" + cameras[0]["camera"] if cameras else "")')

# The pages draw themselves from their own fetches: a budget of virtual time lets several refreshes run before the shot.
shot() {
  "$chromium" --headless --no-sandbox --disable-dev-shm-usage --hide-scrollbars --disable-gpu \
    --window-size="1280,$2" --virtual-time-budget=6000 --screenshot="$out/$1" "$base$3" 2>/dev/null
  echo "$out/$1 <- $base$3"
}

shot local-run-overview.png 900 /
if [[ -n "$camera" ]]; then
  shot local-run-camera.png 1900 "/cameras/$camera"
else
  echo "no camera known to the Dashboard yet: local-run-camera.png not taken" >&2
fi
shot local-run-cluster.png 700 /cluster
