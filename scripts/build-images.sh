#!/usr/bin/env bash
# Builds EdgeVision's container images with docker or podman, whichever is there (CONTAINER_ENGINE chooses).
#
#   scripts/build-images.sh                      silo, silo-cuda, edge, dashboard, broker on the official bases
#   scripts/build-images.sh --offline-base       silo, edge, dashboard, broker, mosquitto, redis on a Debian 12 base
#                                                made here (debootstrap) and the local SDK's .NET runtime: no registry
#   scripts/build-images.sh --only edge --only dashboard
#   scripts/build-images.sh --push               push each image after building it (docker/podman login first)
#
# Names: ${REGISTRY}/edgevision/NAME:${TAG}. REGISTRY defaults to "localhost" (a local image, podman's convention);
# TAG to VERSION-<git short sha> (VERSION defaults to 0.1.0; "-dirty" is added when the work tree has changes, and
# --push refuses such a tag, so a pushed tag names one commit). The apps are published framework-dependent for linux-x64 (one shared runtime
# layer under every image, and a quicker publish) and run as user 1654 from /app; see k8s/README.md for the pods.
#
# Each base is a build argument and can be replaced: ASPNET_IMAGE (default mcr.microsoft.com/dotnet/aspnet:10.0,
# Ubuntu 24.04), CUDA_IMAGE (default nvidia/cuda:13.0.1-cudnn-runtime-ubuntu24.04). The CUDA silo is published with
# -p:EdgeVisionTorchBackend=cuda, which restores TorchSharp-cuda-linux from nuget.org.
#
# --offline-base needs root, debootstrap and Debian's archive (scripts/install-prerequisites.sh --images installs them);
# the Debian and runtime base images are built once and reused while they exist.
# Prints each image's name, size and build time (publish + image) at the end.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/container-engine.sh
source "$root/scripts/lib/container-engine.sh"

usage() { sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

offline=false
push=false
only=()
while [ $# -gt 0 ]; do
  case "$1" in
    --offline-base) offline=true ;;
    --push) push=true ;;
    --only) [ $# -ge 2 ] || usage; only+=("$2"); shift ;;
    --only=*) only+=("${1#--only=}") ;;
    -h|--help) usage ;;
    *) echo "build-images: unknown argument $1" >&2; usage ;;
  esac
  shift
done

known=(silo silo-cuda edge dashboard broker mosquitto redis)
if [ ${#only[@]} -gt 0 ]; then
  names=("${only[@]}")
elif "$offline"; then
  # The CUDA silo needs TorchSharp-cuda-linux from nuget.org; ask for it with --only silo-cuda where that is reachable.
  names=(silo edge dashboard broker mosquitto redis)
else
  names=(silo silo-cuda edge dashboard broker)
fi
for name in "${names[@]}"; do
  [[ " ${known[*]} " == *" $name "* ]] || { echo "build-images: unknown image $name (one of: ${known[*]})" >&2; exit 2; }
  if ! "$offline" && [[ $name == mosquitto || $name == redis ]]; then
    echo "build-images: $name is built only with --offline-base (elsewhere the manifests use the official image)" >&2
    exit 2
  fi
done

pick_container_engine
work=$(mktemp -d -t edgevision-images.XXXXXX)
cleanup() {
  # debootstrap mounts /proc (and more) inside the root it makes; an interrupted run leaves them mounted.
  { grep -o " $work/[^ ]*" /proc/mounts 2>/dev/null || true; } | sort -r | while read -r mount; do umount -l "$mount" || true; done
  rm -rf "$work"
  remove_own_containers_conf
}
trap cleanup EXIT

REGISTRY=${REGISTRY:-localhost}
VERSION=${VERSION:-0.1.0}
TAG=${TAG:-$(edgevision_image_tag "$root")}
image_name() { echo "$REGISTRY/edgevision/$1:$TAG"; }
if "$push" && [[ $TAG == *-dirty ]]; then
  echo "build-images: --push with the tag $TAG: commit the changes first (or set TAG yourself)" >&2
  exit 2
fi

ASPNET_IMAGE=${ASPNET_IMAGE:-mcr.microsoft.com/dotnet/aspnet:10.0}
CUDA_IMAGE=${CUDA_IMAGE:-nvidia/cuda:13.0.1-cudnn-runtime-ubuntu24.04}
DEBIAN_IMAGE=localhost/edgevision/debian:bookworm

image_exists() { "$ENGINE" image inspect "$1" >/dev/null 2>&1; }

# Debian 12 from Debian's archive: minbase (apt, dpkg, coreutils, bash), without apt's caches, with the PATH that
# `podman kube play` does not add.
build_debian_base() {
  if image_exists "$DEBIAN_IMAGE"; then return; fi
  command -v debootstrap >/dev/null || { echo "build-images: --offline-base needs debootstrap (apt-get install debootstrap)" >&2; exit 1; }
  [ "$(id -u)" -eq 0 ] || { echo "build-images: --offline-base runs debootstrap, which needs root" >&2; exit 1; }
  local started=$SECONDS rootfs="$work/rootfs"
  echo "build-images: debootstrap Debian 12 (bookworm) into $rootfs"
  debootstrap --variant=minbase --include=ca-certificates bookworm "$rootfs" "${DEBIAN_MIRROR:-http://deb.debian.org/debian}" \
    >"$work/debootstrap.log" 2>&1 || { tail -n 20 "$work/debootstrap.log" >&2; exit 1; }
  rm -rf "$rootfs"/var/cache/apt/* "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*.log "$rootfs"/var/log/apt
  tar -C "$rootfs" --numeric-owner --exclude='./proc/*' --exclude='./sys/*' -c . | "$ENGINE" import --quiet \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["/bin/bash"]' - "$DEBIAN_IMAGE" >/dev/null
  rm -rf "$rootfs"
  echo "build-images: $DEBIAN_IMAGE in $((SECONDS - started)) s"
}

# The ASP.NET Core runtime of the local SDK (the newest one it has) on that Debian.
build_runtime_base() {
  local dotnet_root version context started=$SECONDS
  dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
  version=$(ls "$dotnet_root/shared/Microsoft.AspNetCore.App" | sort -V | tail -n 1)
  [ -d "$dotnet_root/shared/Microsoft.NETCore.App/$version" ] || { echo "build-images: no Microsoft.NETCore.App $version beside ASP.NET Core's in $dotnet_root" >&2; exit 1; }
  ASPNET_IMAGE=localhost/edgevision/aspnet:$version
  if image_exists "$ASPNET_IMAGE"; then return; fi
  context="$work/runtime"
  mkdir -p "$context/dotnet/host/fxr" "$context/dotnet/shared/Microsoft.NETCore.App" "$context/dotnet/shared/Microsoft.AspNetCore.App"
  cp "$dotnet_root/dotnet" "$dotnet_root/LICENSE.txt" "$dotnet_root/ThirdPartyNotices.txt" "$context/dotnet/" 2>/dev/null || cp "$dotnet_root/dotnet" "$context/dotnet/"
  cp -r "$dotnet_root/host/fxr/$(ls "$dotnet_root/host/fxr" | sort -V | tail -n 1)" "$context/dotnet/host/fxr/"
  cp -r "$dotnet_root/shared/Microsoft.NETCore.App/$version" "$context/dotnet/shared/Microsoft.NETCore.App/"
  cp -r "$dotnet_root/shared/Microsoft.AspNetCore.App/$version" "$context/dotnet/shared/Microsoft.AspNetCore.App/"
  cp "$root/deploy/images/install-packages.sh" "$context/"
  "$ENGINE" build --quiet -f "$root/deploy/images/dotnet-runtime-offline.Containerfile" --build-arg "DEBIAN=$DEBIAN_IMAGE" \
    --build-arg "DOTNET_VERSION=$version" -t "$ASPNET_IMAGE" "$context" >/dev/null
  echo "build-images: $ASPNET_IMAGE in $((SECONDS - started)) s"
}

if "$offline"; then
  build_debian_base
  build_runtime_base
  CUDA_IMAGE=$ASPNET_IMAGE
fi

project_of() {
  case "$1" in
    silo|silo-cuda) echo Silo/EdgeVision.Silo.csproj ;;
    edge) echo EdgeAgent/EdgeVision.EdgeAgent.csproj ;;
    dashboard) echo Dashboard/EdgeVision.Dashboard.csproj ;;
    broker) echo Broker/EdgeVision.Broker.csproj ;;
  esac
}

summary=()
for name in "${names[@]}"; do
  image=$(image_name "$name")
  context="$work/$name"
  mkdir -p "$context"
  cp "$root/deploy/images/install-packages.sh" "$root/deploy/images/check-natives.sh" "$context/"
  started=$SECONDS
  publish_s=0
  project=$(project_of "$name")
  if [ -n "$project" ]; then
    backend=()
    [ "$name" = silo-cuda ] && backend=(-p:EdgeVisionTorchBackend=cuda)
    echo "build-images: dotnet publish $project${backend[*]:+ ${backend[*]}}"
    # Framework-dependent for linux-x64 only (no osx/win natives), no apphost (the entry point is `dotnet app.dll`).
    dotnet publish "$root/$project" -c Release -r linux-x64 --self-contained false -p:UseAppHost=false \
      "${backend[@]}" -o "$context/app" --nologo -v quiet >"$work/$name-publish.log" 2>&1 \
      || { tail -n 30 "$work/$name-publish.log" >&2; exit 1; }
    publish_s=$((SECONDS - started))
  fi
  build_args=(--build-arg "BASE=$ASPNET_IMAGE")
  case "$name" in
    silo-cuda) build_args=(--build-arg "DOTNET=$ASPNET_IMAGE" --build-arg "BASE=$CUDA_IMAGE") ;;
    mosquitto|redis) build_args=(--build-arg "BASE=$DEBIAN_IMAGE") ;;
  esac
  echo "build-images: building $image"
  "$ENGINE" build -f "$root/deploy/images/$name.Containerfile" "${build_args[@]}" \
    --label "org.opencontainers.image.title=edgevision-$name" \
    --label "org.opencontainers.image.version=$VERSION" \
    --label "org.opencontainers.image.revision=$(git -C "$root" rev-parse HEAD)" \
    -t "$image" "$context" >"$work/$name-build.log" 2>&1 \
    || { tail -n 30 "$work/$name-build.log" >&2; exit 1; }
  grep -h '^check-natives' "$work/$name-build.log" || true
  rm -rf "$context"
  total_s=$((SECONDS - started))
  size=$("$ENGINE" image inspect --format '{{.Size}}' "$image")
  summary+=("$(printf '%-58s %6d MB %5d s (publish %d s, image %d s)' "$image" $((size / 1000000)) "$total_s" "$publish_s" $((total_s - publish_s)))")
  if "$push"; then
    "$ENGINE" push "$image"
  fi
done

# Intermediate layers of earlier builds of these images.
if [ "$ENGINE" = podman ]; then podman image prune --force >/dev/null; fi

echo
echo "image                                                        size     time"
printf '%s\n' "${summary[@]}"
echo
echo "kustomize: (cd k8s/overlays/OVERLAY && kustomize edit set image edgevision/silo=$(image_name silo) edgevision/silo-cuda=$(image_name silo-cuda) edgevision/edge=$(image_name edge) edgevision/dashboard=$(image_name dashboard))"
