#!/usr/bin/env bash
# Runs the whole EdgeVision system on this machine on embedded defaults (embedded MQTT broker, localhost
# Orleans clustering; no external broker, database or camera needed) under the Aspire app host.
# Aspire's dashboard (every process, its logs, traces and metrics): http://localhost:15888
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

scripts/install-prerequisites.sh
dotnet build EdgeVision.sln
exec dotnet run --project AppHost --no-build --launch-profile http
