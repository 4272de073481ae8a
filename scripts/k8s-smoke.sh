#!/usr/bin/env bash
# Plays the rendered `local` overlay with `podman kube play` on this machine and checks that results flow from the edge
# pod through the mosquitto pod to the silo pod and out: the images the overlay names, built with --offline-base (or
# reused when this commit's images exist), run as the manifests run them (user, read-only root, dropped capabilities,
# the broker's accounts and ACL, Redis's password), with only the transforms podman 4.3 needs
# (scripts/lib/kube-play-transform.py; listed in k8s/README.md). Every port is published on 127.0.0.1 only.
# Removes every pod, volume, network and file it created when it exits, passing or not.
#
#   scripts/k8s-smoke.sh                      RESULTS results within RESULT_TIMEOUT seconds (defaults 10, 300)
#   KEEP=1 scripts/k8s-smoke.sh               leave everything running (prints how to remove it)
#
# Needs root, podman (Debian's 4.3 works), debootstrap, kubectl or kustomize, mosquitto_passwd and mosquitto_sub,
# redis-cli, curl, python3 with PyYAML: scripts/install-prerequisites.sh --images.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/container-engine.sh
source "$root/scripts/lib/container-engine.sh"

RESULTS=${RESULTS:-10}
RESULT_TIMEOUT=${RESULT_TIMEOUT:-300}
START_TIMEOUT=${START_TIMEOUT:-240}
started=$SECONDS

CONTAINER_ENGINE=podman pick_container_engine
for tool in mosquitto_passwd mosquitto_sub redis-cli python3 curl; do
  command -v "$tool" >/dev/null || { echo "k8s-smoke: $tool is missing" >&2; exit 1; }
done
python3 -c 'import yaml' 2>/dev/null || { echo "k8s-smoke: python3 lacks PyYAML (apt-get install python3-yaml)" >&2; exit 1; }

prefix=evsmoke-$$
work=$(mktemp -d -t edgevision-smoke.XXXXXX)
network=$prefix
pods=()
cleanup() {
  local rc=$?
  if [ "${KEEP:-0}" = 1 ]; then
    echo "k8s-smoke: left running: pods ${pods[*]}, network $network, folder $work; remove with:"
    echo "  podman pod rm -f ${pods[*]}; podman volume rm ${pods[*]/%/-data}; podman network rm $network; rm -rf $work"
    return
  fi
  local pod
  for pod in "${pods[@]}"; do podman pod rm -f "$pod" >/dev/null 2>&1 || true; done
  podman volume ls --format '{{.Name}}' | grep "^$prefix-" | xargs -r podman volume rm -f >/dev/null 2>&1 || true
  podman network rm -f "$network" >/dev/null 2>&1 || true
  rm -rf "$work"
  remove_own_containers_conf
  echo "k8s-smoke: removed pods, volumes, network and files ($((SECONDS - started)) s in all, exit $rc)"
}
trap cleanup EXIT

step() { printf '[%4d s] %s\n' $((SECONDS - started)) "$*"; }

# 1. Images: this commit's, built here without a registry unless they exist.
REGISTRY=${REGISTRY:-localhost}
TAG=${TAG:-$(edgevision_image_tag "$root")}
export REGISTRY TAG
image() { echo "$REGISTRY/edgevision/$1:$TAG"; }
missing=()
for name in silo edge dashboard mosquitto redis; do
  podman image exists "$(image "$name")" || missing+=("$name")
done
if [ ${#missing[@]} -gt 0 ]; then
  step "building ${missing[*]} with --offline-base"
  "$root/scripts/build-images.sh" --offline-base "${missing[@]/#/--only=}"
fi
step "images: $(for name in silo edge dashboard mosquitto redis; do printf '%s %s MB  ' "$name" \
  $(($(podman image inspect --format '{{.Size}}' "$(image "$name")") / 1000000)); done)"

# 2. The local overlay as a cluster would receive it.
if command -v kubectl >/dev/null; then
  kubectl kustomize "$root/k8s/overlays/local" >"$work/rendered.yaml"
else
  kustomize build "$root/k8s/overlays/local" >"$work/rendered.yaml"
fi

# 3. A network of its own (podman picks a free subnet), a static address per pod.
podman network create "$network" >/dev/null
subnet=$(podman network inspect --format '{{range .Subnets}}{{.Subnet}}{{end}}' "$network")
net=${subnet%.*}
declare -A ips=([mosquitto]=$net.11 [redis]=$net.12 [silo]=$net.13 [edge-camera-1]=$net.14 [dashboard]=$net.15)

# 4. The Secrets each installation creates (k8s/README.md, step 3), with fresh passwords.
password() { head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
redis_pw=$(password); silo_pw=$(password); dashboard_pw=$(password); camera_pw=$(password)
mkdir -p "$work/mosquitto-auth"
mosquitto_passwd -c -b "$work/mosquitto-auth/passwords" silo "$silo_pw" 2>/dev/null
mosquitto_passwd -b "$work/mosquitto-auth/passwords" dashboard "$dashboard_pw"
mosquitto_passwd -b "$work/mosquitto-auth/passwords" camera-1 "$camera_pw"
cp "$root/k8s/base/mosquitto.acl" "$work/mosquitto-auth/acl"
grep -q '^user camera-1$' "$work/mosquitto-auth/acl" || { echo "k8s-smoke: no camera-1 block in k8s/base/mosquitto.acl" >&2; exit 1; }
# As the pod's Secret volume would be: readable by the broker's group (fsGroup 1883) only.
chown -R 1883:1883 "$work/mosquitto-auth"
chmod 0440 "$work/mosquitto-auth"/*
chmod 0750 "$work/mosquitto-auth"

# 5. A free loopback port for every containerPort.
ports_json=$(python3 - "$work/rendered.yaml" <<'EOF'
import json, socket, sys, yaml
ports, sockets = {}, []
for d in yaml.safe_load_all(open(sys.argv[1])):
    if d and d["kind"] in ("Deployment", "StatefulSet"):
        for c in d["spec"]["template"]["spec"]["containers"]:
            for p in c.get("ports", []):
                s = socket.socket(); s.bind(("127.0.0.1", 0)); sockets.append(s)
                ports[f"{d['metadata']['name']}/{p.get('name', p['containerPort'])}"] = s.getsockname()[1]
print(json.dumps(ports))
EOF
)
cat >"$work/settings.json" <<EOF
{
  "prefix": "$prefix", "namespace": "edgevision", "workdir": "$work",
  "ips": {"mosquitto": "${ips[mosquitto]}", "redis": "${ips[redis]}", "silo": "${ips[silo]}",
          "edge-camera-1": "${ips[edge-camera-1]}", "dashboard": "${ips[dashboard]}"},
  "hostAliases": {"mosquitto": "${ips[mosquitto]}", "redis": "${ips[redis]}"},
  "images": {"edgevision/silo": "$(image silo)", "edgevision/edge": "$(image edge)",
             "edgevision/dashboard": "$(image dashboard)", "eclipse-mosquitto": "$(image mosquitto)",
             "redis": "$(image redis)"},
  "secrets": {"redis-auth": {"password": "$redis_pw"},
              "silo-mqtt": {"username": "silo", "password": "$silo_pw"},
              "dashboard-mqtt": {"username": "dashboard", "password": "$dashboard_pw"},
              "edge-camera-1": {"Edge__Mqtt__Username": "camera-1", "Edge__Mqtt__Password": "$camera_pw"}},
  "folders": {"mosquitto-auth": "$work/mosquitto-auth"},
  "ports": $ports_json
}
EOF
port() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["ports"][sys.argv[2]])' "$work/settings.json" "$1"; }

play() {
  local workload=$1 begun=$SECONDS
  python3 "$root/scripts/lib/kube-play-transform.py" "$work/rendered.yaml" "$work/settings.json" "$workload" \
    "$work/$workload.yaml" >/dev/null
  pods+=("$prefix-$workload")
  podman kube play --network "$network" --ip "${ips[$workload]}" "$work/$workload.yaml" >"$work/$workload.play.log" 2>&1 \
    || { cat "$work/$workload.play.log" >&2; exit 1; }
  step "played $workload at ${ips[$workload]} ($((SECONDS - begun)) s)"
}

logs() {
  local pod
  for pod in "${pods[@]}"; do
    echo "---- $pod"
    podman pod logs --tail 40 "$pod" 2>&1 || true
  done
}

# Waits until a command succeeds, at most $1 seconds.
wait_for() {
  local what=$1 limit=$2 begun=$SECONDS
  shift 2
  until "$@" >/dev/null 2>&1; do
    if [ $((SECONDS - begun)) -ge "$limit" ]; then
      step "FAILED: $what within $limit s"
      logs
      exit 1
    fi
    sleep 1
  done
  step "$what after $((SECONDS - begun)) s"
}

healthy() { [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1$2")" = 200 ]; }

# 6. The stateful tiers first (a StatefulSet's pods start in order; the silo stops when Redis does not answer).
play mosquitto
play redis
wait_for "mosquitto accepts the dashboard account" 60 \
  mosquitto_sub -h 127.0.0.1 -p "$(port mosquitto/mqtt)" -u dashboard -P "$dashboard_pw" -t 'edgevision/+/+/results' -E
wait_for "redis answers with its password" 60 \
  env REDISCLI_AUTH="$redis_pw" redis-cli -h 127.0.0.1 -p "$(port redis/redis)" ping
play silo
play dashboard
wait_for "silo /health 200 (models loaded, subscribed)" "$START_TIMEOUT" healthy "$(port silo/http)" /health
edge_played=$SECONDS
play edge-camera-1
wait_for "edge /health 200 (source and broker up)" "$START_TIMEOUT" healthy "$(port edge-camera-1/http)" /health
wait_for "dashboard /alive 200" 60 healthy "$(port dashboard/http)" /alive

# 7. Results out of the broker, as a subscriber account sees them.
step "waiting for $RESULTS results on edgevision/cluster/camera-1/results (at most $RESULT_TIMEOUT s)"
subscribed=$SECONDS
if ! mosquitto_sub -h 127.0.0.1 -p "$(port mosquitto/mqtt)" -u dashboard -P "$dashboard_pw" -V mqttv5 \
    -t 'edgevision/cluster/camera-1/results' -C "$RESULTS" -W "$RESULT_TIMEOUT" -F '%U %p' >"$work/results.txt"; then
  step "FAILED: $(wc -l <"$work/results.txt") of $RESULTS results within $RESULT_TIMEOUT s"
  logs
  exit 1
fi
received=$SECONDS

# 8. Figures.
python3 - "$work/results.txt" $((received - subscribed)) $((received - edge_played)) <<'EOF'
import json, statistics, sys
lines = [l.split(" ", 1) for l in open(sys.argv[1]) if l.strip()]
results = [json.loads(payload) for _, payload in lines]
arrivals = [float(t) for t, _ in lines]
span = arrivals[-1] - arrivals[0]
rate = f"; {(len(results) - 1) / span:.2f} results/s from the first to the last" if span > 0 else ""
e2e = [r["endToEndLatencyMs"] for r in results]
forward = [r["inferenceLatencyMs"] for r in results]
sequences = [r["sequenceNumber"] for r in results]
print(f"results: {len(results)} in {sys.argv[2]} s of subscription ({sys.argv[3]} s after the edge pod was played){rate}")
print(f"sequences {sequences[0]}..{sequences[-1]}, model {results[0]['modelName']} {results[0]['modelVersion']}, "
      f"top label of the last: {results[-1]['topK'][0]['label']} ({results[-1]['topK'][0]['confidence']:.2f})")
print(f"end-to-end latency median {statistics.median(e2e):.0f} ms (max {max(e2e):.0f}); "
      f"inference median {statistics.median(forward):.0f} ms; adaptive state of the last: {results[-1]['adaptiveState']}")
EOF
for pod in "${pods[@]}"; do
  podman pod inspect --format '{{range .Containers}}{{.Name}} {{end}}' "$pod" | tr ' ' '\n' | grep -v -- '-infra$' | grep . |
    while read -r container; do
      podman inspect --format "$container: user {{.Config.User}}, read-only root {{.HostConfig.ReadonlyRootfs}}, caps dropped {{.HostConfig.CapDrop}}" "$container"
    done
done
step "PASSED: edge -> mosquitto -> silo -> results on MQTT"
