#!/usr/bin/env bash
# Builds the GPU check bundle (docs/gpu-check.md): the Benchmarks executable published self-contained for
# linux-x64 with no libtorch of its own (-p:EdgeVisionTorchBackend=external: the CUDA machine's PyTorch supplies
# libtorch through LD_LIBRARY_PATH), without natives the two GPU scenarios never load, as one tar.xz.
# --onnx-cuda adds ONNX Runtime's CUDA provider (-p:EdgeVisionOnnxBackend=cuda), for ONNX model packages on the GPU.
#   scripts/gpu-bundle.sh [--onnx-cuda] OUT.tar.xz
set -euo pipefail
onnx=(-p:EdgeVisionOnnxBackend=cpu)
if [ "${1:-}" = --onnx-cuda ]; then
    onnx=(-p:EdgeVisionOnnxBackend=cuda)
    shift
fi
out=${1:?usage: scripts/gpu-bundle.sh [--onnx-cuda] OUT.tar.xz}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet publish "$root/Benchmarks/EdgeVision.Benchmarks.csproj" -c Release -r linux-x64 --self-contained \
    -p:EdgeVisionTorchBackend=external "${onnx[@]}" -p:ErrorOnDuplicatePublishOutputFiles=false -o "$work/bundle"

# Not loaded by inference-device or model-forward-latency: OpenCV (edge decoding), BenchmarkDotNet's disassembler
# and Roslyn, the Kubernetes client (silo hosting), the debugger and crash-dump helpers.
( cd "$work/bundle" && rm -f libOpenCvSharpExtern.so libcapstone.so libmscordaccore.so libmscordbi.so createdump \
    KubernetesClient.dll Microsoft.CodeAnalysis*.dll )
test -f "$work/bundle/libLibTorchSharp.so" && test -f "$work/bundle/models/conv3d.ckpt" \
    && test -f "$work/bundle/Models/pytorch_forward_latency.py" && test -f "$work/bundle/Models/export_video_model.py"
if ls "$work/bundle"/libtorch*.so >/dev/null 2>&1; then
    echo "libtorch found in the bundle: it must come from the CUDA machine" >&2
    exit 1
fi

mkdir -p "$(dirname "$out")"
tar -C "$work/bundle" -cf - . | xz -T0 -6 > "$out.tmp"
mv "$out.tmp" "$out"
du -h "$out"
