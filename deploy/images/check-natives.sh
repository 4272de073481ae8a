#!/bin/sh
# Fails the image build when a native library of the published app cannot load in this image: every shared object
# under the app folder is resolved with ldd, and any "not found" is listed. CHECK_NATIVES_AT_RUN names libraries that
# are mounted when the container starts (the GPU driver's) and are not looked for. The same libraries then load when
# the host starts (libtorch with the silo's models, OpenCV with the first frame).
set -eu
app=${1:-/app}
at_run=" ${CHECK_NATIVES_AT_RUN:-} "
missing=$(find "$app" -name '*.so*' -type f | while read -r library; do
  # "weak version ... not found" is a symbol version the library marks optional (LibTorchSharp's GLIBCXX_3.4.32 on
  # Debian 12, build/TorchSharpNative.targets): it loads.
  ldd "$library" 2>&1 | awk -v lib="$library" -v at_run="$at_run" \
    '/not found/ && !/weak version/ && index(at_run, " " $1 " ") == 0 { sub(/^[ \t]+/, ""); print lib ": " $0 }'
done)
if [ -n "$missing" ]; then
  echo "check-natives: libraries the app loads are missing from the image:" >&2
  echo "$missing" >&2
  exit 1
fi
echo "check-natives: every shared object under $app resolves"
