#!/usr/bin/python3
"""Turns one workload of a rendered kustomize overlay into a file `podman kube play` (4.3) runs.

Used by scripts/k8s-smoke.sh, which plays the workloads one at a time on a network of its own. What podman 4.3 lacks,
and what is done instead (each also listed in k8s/README.md):

- StatefulSet and Deployment: podman plays Pods, Deployments (one pod) and PersistentVolumeClaims. The workload
  becomes a Pod named PREFIX-NAME with the template's labels and spec; a volumeClaimTemplate becomes a
  PersistentVolumeClaim (a podman named volume, owned by the pod's fsGroup through podman's uid/gid annotations).
- Services are ignored by podman (no cluster DNS): each pod gets a static address (--ip) and hostAliases naming the
  Services it calls (mosquitto, redis) at their pods' addresses, so the hosts keep the manifests' host names.
- Secrets: secretKeyRef env does not work and secret volumes come out base64-encoded or empty, so Secret values are
  written in as literals and secret volumes become hostPath folders the script fills (mode 0440, owner the fsGroup).
- ConfigMaps: envFrom configMapRef becomes literal env; a configMap volume becomes a hostPath folder of its files.
- Downward API: metadata.namespace is rejected and status.podIP is not known to podman: every fieldRef becomes the
  literal it would be on the cluster (pod name, namespace, the static address, the label's value), and $(VAR)
  references in env values and args are expanded as the kubelet does.
- Probes become podman healthchecks, which need systemd: removed (the script checks the endpoints itself).
- Every containerPort is published on the host at 0.0.0.0 by default: each gets hostIP 127.0.0.1 and a free hostPort.
- Orleans' Kubernetes hosting needs an API server: Silo__Cluster__Kubernetes is set to false (Redis membership only).
- Namespace, ServiceAccount, Role, RoleBinding, PodDisruptionBudget, NetworkPolicy: no API server or CNI to enforce
  them; not played.

Usage: kube-play-transform.py RENDERED.yaml SETTINGS.json WORKLOAD OUT.yaml
SETTINGS: {"prefix", "namespace", "workdir" (configMap folders go there), "ips": {workload: ip}, "hostAliases": {hostname: ip}, "images": {repository: image},
"secrets": {secret: {key: value}}, "folders": {secret: host folder}, "ports": {"workload/port": hostPort}}
Prints the published ports as `workload/portname hostPort` lines.
"""
import copy
import json
import os
import re
import sys

import yaml

rendered_path, settings_path, workload_name, out_path = sys.argv[1:5]
with open(rendered_path) as f:
    documents = [d for d in yaml.safe_load_all(f) if d]
with open(settings_path) as f:
    settings = json.load(f)

prefix = settings["prefix"]
namespace = settings["namespace"]
config_maps = {d["metadata"]["name"]: d.get("data", {}) for d in documents if d["kind"] == "ConfigMap"}
workloads = {d["metadata"]["name"]: d for d in documents if d["kind"] in ("Deployment", "StatefulSet")}
if workload_name not in workloads:
    sys.exit(f"kube-play-transform: no Deployment or StatefulSet {workload_name} in {rendered_path}")
workload = workloads[workload_name]
template = copy.deepcopy(workload["spec"]["template"])
spec = template["spec"]
labels = template["metadata"].get("labels", {})
pod_name = f"{prefix}-{workload_name}"
pod_ip = settings["ips"][workload_name]


def field_value(path):
    if path == "metadata.name":
        return pod_name
    if path == "metadata.namespace":
        return namespace
    if path == "status.podIP":
        return pod_ip
    match = re.fullmatch(r"metadata\.labels\['(.+)'\]", path)
    if match:
        return labels[match.group(1)]
    sys.exit(f"kube-play-transform: fieldRef {path} has no literal here")


def secret_value(name, key):
    try:
        return settings["secrets"][name][key]
    except KeyError:
        sys.exit(f"kube-play-transform: the smoke settings give no value for Secret {name} key {key}")


def expand(value, env):
    # The kubelet's $(VAR) expansion: a variable defined earlier in the container's env; $$ escapes.
    return re.sub(r"\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)",
                  lambda m: "$" if m.group(0) == "$$" else env.get(m.group(1), m.group(0)), value)


published = []
for container in spec.get("containers", []):
    env = {}
    for source in container.pop("envFrom", []):
        if "configMapRef" in source:
            env.update(config_maps[source["configMapRef"]["name"]])
        elif "secretRef" in source:
            env.update(settings["secrets"].get(source["secretRef"]["name"], {}))
    for variable in container.get("env", []):
        if "value" in variable:
            value = expand(variable["value"], env)
        elif "fieldRef" in variable.get("valueFrom", {}):
            value = field_value(variable["valueFrom"]["fieldRef"]["fieldPath"])
        elif "secretKeyRef" in variable.get("valueFrom", {}):
            ref = variable["valueFrom"]["secretKeyRef"]
            value = secret_value(ref["name"], ref["key"])
        elif "configMapKeyRef" in variable.get("valueFrom", {}):
            ref = variable["valueFrom"]["configMapKeyRef"]
            value = config_maps[ref["name"]][ref["key"]]
        else:
            sys.exit(f"kube-play-transform: env {variable['name']} of {workload_name} has no literal here")
        env[variable["name"]] = value
    if env.get("Silo__Cluster__Kubernetes") == "true":
        env["Silo__Cluster__Kubernetes"] = "false"
    container["env"] = [{"name": k, "value": str(v)} for k, v in env.items()]
    if "args" in container:
        container["args"] = [expand(a, env) for a in container["args"]]
    if "command" in container:
        container["command"] = [expand(a, env) for a in container["command"]]
    repository, _, _ = container["image"].rpartition(":")
    container["image"] = settings["images"].get(repository, container["image"])
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        container.pop(probe, None)
    for port in container.get("ports", []):
        key = f"{workload_name}/{port.get('name', port['containerPort'])}"
        port["hostIP"] = "127.0.0.1"
        port["hostPort"] = settings["ports"][key]
        published.append(f"{key} {port['hostPort']}")

claims = []
volumes = []
for volume in spec.get("volumes", []):
    if "configMap" in volume:
        folder = os.path.join(settings["workdir"], volume["configMap"]["name"])
        os.makedirs(folder, exist_ok=True)
        for file_name, content in config_maps[volume["configMap"]["name"]].items():
            with open(os.path.join(folder, file_name), "w") as f:
                f.write(content)
            os.chmod(os.path.join(folder, file_name), 0o444)
        os.chmod(folder, 0o755)
        volumes.append({"name": volume["name"], "hostPath": {"path": folder, "type": "Directory"}})
    elif "secret" in volume:
        volumes.append({"name": volume["name"],
                        "hostPath": {"path": settings["folders"][volume["secret"]["secretName"]], "type": "Directory"}})
    else:
        volumes.append(volume)
for claim in workload["spec"].get("volumeClaimTemplates", []):
    claim_name = f"{pod_name}-{claim['metadata']['name']}"
    owner = spec.get("securityContext", {})
    claims.append({
        "apiVersion": "v1",
        "kind": "PersistentVolumeClaim",
        "metadata": {"name": claim_name, "annotations": {
            "volume.podman.io/uid": str(owner.get("runAsUser", 0)),
            "volume.podman.io/gid": str(owner.get("fsGroup", owner.get("runAsGroup", 0)))}},
        "spec": claim["spec"],
    })
    volumes.append({"name": claim["metadata"]["name"], "persistentVolumeClaim": {"claimName": claim_name}})
spec["volumes"] = volumes
spec["hostAliases"] = [{"ip": ip, "hostnames": [name]} for name, ip in settings["hostAliases"].items()]
for key in ("serviceAccountName", "automountServiceAccountToken", "affinity"):
    spec.pop(key, None)

pod = {"apiVersion": "v1", "kind": "Pod",
       "metadata": {"name": pod_name, "labels": labels, "annotations": template["metadata"].get("annotations", {})},
       "spec": spec}
with open(out_path, "w") as f:
    yaml.safe_dump_all(claims + [pod], f, sort_keys=False)
print("\n".join(published))
