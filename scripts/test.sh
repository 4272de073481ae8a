#!/usr/bin/env bash
# Runs EdgeVision's test suite on a fresh Debian 12 / Ubuntu machine that has the .NET 10 SDK:
# installs the native prerequisites, builds, runs every test and prints a one-line summary.
# Extra arguments go to the test runner (xunit v3 on Microsoft.Testing.Platform), e.g.
#   scripts/test.sh --filter-not-trait "Category=EndToEnd"    # skip the tests that start real processes and servers
#   scripts/test.sh --filter-class 'EdgeVision.Tests.Inference.Batching.DynamicBatcherTests'
# Traits in use: Category=EndToEnd (real mosquitto, redis-server, executables, RTSP camera, chromium) and
# Category=Benchmark (the edge pipeline's steady-state allocation check).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

scripts/install-prerequisites.sh

dotnet build EdgeVision.sln
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# A bound on the whole run: a hung test must fail CI, not stall it (CI allows 90 minutes in all).
status=0
timeout --signal=INT --kill-after=60 75m \
  dotnet test --project Tests/EdgeVision.Tests.csproj --no-build -- "$@" 2>&1 | tee "$log" || status=$?

# xunit's own summary, restated as one plain line so a run that executed nothing is visible at a glance.
awk '
  /^ *total: /     { total = $2 }
  /^ *failed: /    { failed = $2 }
  /^ *succeeded: / { passed = $2 }
  /^ *skipped: /   { skipped = $2 }
  END { printf "xunit: %d passed, %d failed, %d skipped\n", passed, failed, skipped }
' "$log"
exit "$status"
