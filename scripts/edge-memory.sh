#!/usr/bin/env bash
# The edge agent's memory over a long run, one agent process per garbage-collector setting, side by side:
#
#   dotnet build -c Release Benchmarks && scripts/edge-memory.sh OUTDIR [MINUTES=30]
#
# It starts Debian's mosquitto and one silo (results and drop notices flow back to every agent's ledger) on free loopback
# ports, then one agent per variant (synthetic source, the soak's settings: 30 fps, 8-frame 32x32 JPEG sequences,
# Edge:ResultTimeoutSeconds 30), each its own camera. Every 30 s it writes each agent's VmRSS and thread count
# (OUTDIR/rss.txt) and the runtime's own metrics from its /metrics (OUTDIR/metrics.txt: GC collections by generation,
# heap sizes, committed bytes, bytes allocated, thread pool); the agent "dumped" gets a heap snapshot
# (dotnet-gcdump, from /tmp/tools or PATH) at 3, 15 and 29 minutes, which collects it: it is the one variant disturbed.
# At the end it prints each agent's median RSS per minute and kills, by pid, every process it started.
#
# VARIANTS overrides the list: NAME:VAR=VALUE,VAR=VALUE (environment) or NAME:RC=key=value;key=value (keys written into a
# copy of the agent's runtimeconfig.json). The agent runs with its own runtimeconfig.json (workstation collector) and
# without DOTNET_GCgen0size and MALLOC_ARENA_MAX unless a variant sets them, and with EDGEVISION_EDGE_MEMORY=0 so that it
# does not restart itself with them; the variant "self" (EDGEVISION_EDGE_MEMORY=1) starts it as a shell or systemd does:
# without the variables, restarting itself with them.
set -euo pipefail
OUT=$(realpath -m "${1:?usage: scripts/edge-memory.sh OUTDIR [MINUTES]}")
MINUTES=${2:-30}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=$ROOT/EdgeAgent/bin/Release/net10.0
SILO=$ROOT/Silo/bin/Release/net10.0
GCDUMP=$(command -v dotnet-gcdump || echo /tmp/tools/dotnet-gcdump)
VARIANTS=${VARIANTS:-"self:EDGEVISION_EDGE_MEMORY=1 server:RC=System.GC.Server=true ws:X=1 dumped:X=1 ws-1arena:MALLOC_ARENA_MAX=1 gen0-4m:DOTNET_GCgen0size=0x400000 gen0-4m-1arena:DOTNET_GCgen0size=0x400000,MALLOC_ARENA_MAX=1 gen0-4m-nonconcurrent:DOTNET_GCgen0size=0x400000,DOTNET_gcConcurrent=0 server-gen0-4m:DOTNET_GCgen0size=0x400000,DOTNET_gcServer=1 gen0-rc:RC=System.GC.Gen0Size=4194304 gen0-rc-private:RC=GCgen0size=4194304 hardlimit-128m:RC=System.GC.HeapHardLimit=134217728 hardlimit-256m:RC=System.GC.HeapHardLimit=268435456"}
[ -f "$BIN/EdgeVision.EdgeAgent.dll" ] && [ -f "$SILO/EdgeVision.Silo.dll" ] || { echo "build first: dotnet build -c Release Benchmarks" >&2; exit 1; }
mkdir -p "$OUT"
cd "$OUT"
: > pids
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
stop() { while read -r _ pid; do kill "$pid" 2> /dev/null || true; done < pids; }
trap stop EXIT

PORT=$(free_port)
printf 'listener %s 127.0.0.1\nallow_anonymous true\n' "$PORT" > mosquitto.conf
/usr/sbin/mosquitto -c mosquitto.conf > mosquitto.log 2>&1 &
echo "mosquitto $!" >> pids
(cd "$SILO" && exec env -u MALLOC_ARENA_MAX ASPNETCORE_URLS=http://127.0.0.1:0 DOTNET_gcServer=0 Logging__Console__FormatterName=simple \
  Silo__Mqtt__Host=127.0.0.1 Silo__Mqtt__Port="$PORT" Silo__Mqtt__ClientId=edge-memory-silo \
  Silo__Cluster__SiloPort="$(free_port)" Silo__Cluster__GatewayPort="$(free_port)" Silo__Cluster__InferenceDevice=cpu \
  Silo__Inference__TargetLatencyMs=1000 Silo__Inference__MaxLatencyMs=4000 dotnet EdgeVision.Silo.dll) > silo.log 2>&1 &
echo "silo $!" >> pids
for _ in $(seq 1 90); do grep -q "ubscribed" silo.log 2> /dev/null && break; sleep 2; done

: > agents
for variant in $VARIANTS; do
  name=${variant%%:*}
  setting=${variant#*:}
  bin=$BIN
  environment=()
  if [[ $setting == RC=* ]]; then
    bin=$OUT/bin-$name
    rm -rf "$bin" && cp -r "$BIN" "$bin"
    python3 - "$bin/EdgeVision.EdgeAgent.runtimeconfig.json" "${setting#RC=}" << 'PY'
import json, sys
path = sys.argv[1]
config = json.load(open(path))
properties = config["runtimeOptions"]["configProperties"]
for pair in sys.argv[2].split(";"):
    key, value = pair.split("=")
    properties[key] = value == "true" if value in ("true", "false") else int(value)
json.dump(config, open(path, "w"), indent=2)
PY
  else
    IFS=',' read -r -a environment <<< "$setting"
  fi
  http=$(free_port)
  (cd "$bin" && exec env -u MALLOC_ARENA_MAX -u DOTNET_gcServer -u DOTNET_GCgen0size -u COMPlus_GCgen0size -u GLIBC_TUNABLES -u EDGEVISION_RESTARTED \
    EDGEVISION_EDGE_MEMORY=0 "${environment[@]}" Logging__Console__FormatterName=simple \
    dotnet EdgeVision.EdgeAgent.dll --Edge:Site memory --Edge:Camera "$name" --Edge:Mqtt:Host 127.0.0.1 --Edge:Mqtt:Port "$PORT" \
    --Edge:Mqtt:ReconnectMaxDelaySeconds 2 --Edge:ResultTimeoutSeconds 30 --urls "http://127.0.0.1:$http") > "agent-$name.log" 2>&1 &
  echo "$name $!" >> pids
  echo "$name $! $http" >> agents
done

START=$(date +%s)
echo "started $(date -u +%FT%TZ), mosquitto on $PORT" | tee started
while (( $(date +%s) - START < MINUTES * 60 )); do
  t=$(( $(date +%s) - START ))
  load=$(cut -d' ' -f1 /proc/loadavg)
  while read -r name pid http; do
    [ -e "/proc/$pid/status" ] || continue
    echo "$t $name $(awk '/^VmRSS/{print $2}' "/proc/$pid/status") $(awk '/^Threads/{print $2}' "/proc/$pid/status") $load" >> rss.txt
    curl -s --max-time 5 "http://127.0.0.1:$http/metrics" | grep -E '^(dotnet_|edgevision_edge_ledger)' | sed "s/^/$t $name /" >> metrics.txt || true
    if [ "$name" = dumped ]; then
      for at in 180 900 1740; do
        if (( t >= at )) && [ ! -e "dumped-$at.gcdump" ]; then "$GCDUMP" collect -p "$pid" -o "$OUT/dumped-$at.gcdump" > /dev/null 2>&1 || true; fi
      done
    fi
  done < agents
  sleep 30
done

python3 - rss.txt << 'PY'
import collections, statistics, sys
rows = collections.defaultdict(lambda: collections.defaultdict(list))
loads = []
for line in open(sys.argv[1]):
    t, name, kib, threads, load = line.split()
    rows[name][int(t) // 60].append(int(kib) / 1024)
    loads.append(float(load))
print("median RSS (MiB) of each minute, per agent; load average median %.1f" % statistics.median(loads))
for name, minutes in rows.items():
    print("%-24s %s" % (name, " ".join("%.0f" % statistics.median(minutes[m]) for m in sorted(minutes))))
PY
