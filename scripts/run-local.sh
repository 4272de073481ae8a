#!/usr/bin/env bash
# Runs the whole EdgeVision system on this machine on embedded defaults (embedded MQTT broker, localhost
# Orleans clustering; no external broker, database or camera needed) under the Aspire app host.
# Aspire's dashboard (every process, its logs, traces and metrics): http://localhost:15888
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

scripts/install-prerequisites.sh
dotnet build EdgeVision.sln

# The app host runs as this script's own process (exec), with the environment of its launch profile "http"
# (AppHost/Properties/launchSettings.json) as `dotnet run --launch-profile http` would set it. Not through
# `dotnet run`, which leaves SIGINT to the terminal's process group and ignores one sent to it alone
# (kill -INT <pid>). Here SIGINT and SIGTERM reach the app host, which stops every process it started (Aspire's
# dcp and the four hosts) and then exits.
profile=http
while IFS= read -r -d '' variable; do
  export "${variable?}"
done < <(python3 - AppHost/Properties/launchSettings.json "$profile" <<'PY'
import json, sys
settings = json.load(open(sys.argv[1]))["profiles"][sys.argv[2]]
variables = dict(settings.get("environmentVariables", {}))
if "applicationUrl" in settings:
    variables.setdefault("ASPNETCORE_URLS", settings["applicationUrl"])
variables["DOTNET_LAUNCH_PROFILE"] = sys.argv[2]
sys.stdout.write("".join(f"{name}={value}\0" for name, value in variables.items()))
PY
)
if [[ "${DOTNET_LAUNCH_PROFILE:-}" != "$profile" ]]; then
  echo "run-local.sh: could not read launch profile '$profile' from AppHost/Properties/launchSettings.json" >&2
  exit 1
fi

exec dotnet AppHost/bin/Debug/net10.0/EdgeVision.AppHost.dll
