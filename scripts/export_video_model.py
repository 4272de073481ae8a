"""Exports a torchvision video classifier with random weights to ONNX (and TorchScript), with clips and outputs to check it by.

Run by Debian's /usr/bin/python3 (python3-torch, python3-torchvision, python3-onnx). Writes into --out:
  model.onnx     opset 17, input "video" (batch, 3, frames, height, width), output "logits"; variable batch, and
                 frames and size where the architecture allows; EdgeVision metadata props (layout, mean, std, frames,
                 height, width, name, source, licence)
  labels.txt     one class name per line
  frames.npy     uint8 (batch, frames, height, width, 3), RGB: the clips as a camera would deliver them
  input.npy      float32 (batch, 3, frames, height, width): frames / 255, normalised with the architecture's mean/std
  expected.npy   float32 (batch, classes): PyTorch's logits for input.npy
  model.pt       with --torchscript: the model traced (torch.jit.trace) and saved with extra/edgevision.json (the same
                 settings as the metadata props, and "variable": the dimensions that may vary)
--arch streaming writes only model.onnx: a small model that carries state between clips as a second input and output.

The functions below are also imported by Benchmarks/Models/pytorch_forward_latency.py (model-formats), so tests and
benchmarks export the same way.
"""
import argparse
import json
import os

import numpy as np
import onnx
import torch
import torchvision.models.video as video

KINETICS_MEAN = [0.43216, 0.394666, 0.37645]
KINETICS_STD = [0.22803, 0.22145, 0.216989]
MVIT_MEAN = [0.45, 0.45, 0.45]
MVIT_STD = [0.225, 0.225, 0.225]
ARCHITECTURES = ["r3d_18", "mc3_18", "r2plus1d_18", "s3d", "mvit_v2_s"]


def normalisation(arch):
    """torchvision's mean and std for the architecture's Kinetics-400 weights."""
    return (MVIT_MEAN, MVIT_STD) if arch.startswith("mvit") else (KINETICS_MEAN, KINETICS_STD)


def variable_dimensions(arch):
    """The input dimensions besides batch that the architecture accepts at other values: MViT is built for 16x224x224
    and takes no other; S3D takes more frames and larger frames (at least 14 x 224 x 224); the 3D ResNets take any."""
    return [] if arch.startswith("mvit") else ["frames", "height", "width"]


class Streaming(torch.nn.Module):
    """A clip classifier with state between clips, as a streaming model exports when its state is explicit."""

    def __init__(self, classes):
        super().__init__()
        self.features = torch.nn.Conv3d(3, 4, 3, padding=1)
        self.head = torch.nn.Linear(8, classes)

    def forward(self, video, state):
        pooled = self.features(video).mean(dim=(2, 3, 4))
        state = torch.tanh(pooled + state)
        return self.head(torch.cat([pooled, state], dim=1)), state


def export_streaming(args):
    os.makedirs(args.out, exist_ok=True)
    model = Streaming(args.classes).eval()
    clip = torch.zeros(1, 3, args.frames, args.size, args.size)
    torch.onnx.export(
        model, (clip, torch.zeros(1, 4)), os.path.join(args.out, "model.onnx"), opset_version=17,
        input_names=["video", "state"], output_names=["logits", "next_state"],
        dynamic_axes={"video": {0: "batch"}, "state": {0: "batch"}, "logits": {0: "batch"}, "next_state": {0: "batch"}})


def build(arch, classes, seed, frames, size, calibrate=True):
    """torchvision's arch with random weights from seed, in eval mode. With calibrate, BatchNorm's statistics settle on
    a few random clips first (architectures without BatchNorm, such as MViT, skip it): random weights give tiny logits,
    and parity is better checked at a realistic scale."""
    torch.manual_seed(seed)
    model = getattr(video, arch)(num_classes=classes)
    norms = [m for m in model.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    if calibrate and norms:
        for module in norms:
            module.momentum = None
        model.train()
        with torch.no_grad():
            for _ in range(3):
                model(torch.rand(2, 3, frames, size, size) * 2 - 1)
    return model.eval()


def metadata(arch, frames, size, seed):
    """The EdgeVision settings of the export: ONNX metadata props (with the edgevision. prefix) and, without it, the
    TorchScript extra file."""
    mean, std = normalisation(arch)
    return {
        "edgevision.layout": "NCTHW",
        "edgevision.mean": ",".join(str(v) for v in mean),
        "edgevision.std": ",".join(str(v) for v in std),
        "edgevision.frames": str(frames),
        "edgevision.height": str(size),
        "edgevision.width": str(size),
        "edgevision.name": arch,
        "edgevision.source": f"torchvision {arch}, random weights (seed {seed})",
        "edgevision.licence": "BSD-3-Clause",
    }


def export_onnx(model, example, path, props, variable):
    """opset 17, input "video", output "logits", variable batch and the variable dimensions, props as metadata."""
    axes = {0: "batch", **{i: name for i, name in ((2, "frames"), (3, "height"), (4, "width")) if name in variable}}
    torch.onnx.export(
        model, example, path, opset_version=17, input_names=["video"], output_names=["logits"],
        dynamic_axes={"video": axes, "logits": {0: "batch"}})
    exported = onnx.load(path)
    for key, value in props.items():
        entry = exported.metadata_props.add()
        entry.key, entry.value = key, value
    onnx.save(exported, path)


def export_torchscript(model, example, path, props, variable):
    """Traced, saved with extra/edgevision.json: the props without their prefix and the variable dimensions."""
    traced = torch.jit.trace(model, example)
    extra = {key[len("edgevision."):]: value for key, value in props.items()}
    extra["variable"] = ",".join(variable)
    torch.jit.save(traced, path, _extra_files={"edgevision.json": json.dumps(extra)})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--arch", required=True, choices=ARCHITECTURES + ["streaming"])
    parser.add_argument("--out", required=True)
    parser.add_argument("--frames", type=int, default=8)
    parser.add_argument("--size", type=int, default=32)
    parser.add_argument("--classes", type=int, default=5)
    parser.add_argument("--batch", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--torchscript", action="store_true")
    args = parser.parse_args()

    torch.set_num_threads(max(1, os.cpu_count() or 1))
    if args.arch == "streaming":
        export_streaming(args)
        return

    model = build(args.arch, args.classes, args.seed, args.frames, args.size)
    mean, std = normalisation(args.arch)
    rng = np.random.default_rng(args.seed)
    frames = rng.integers(0, 256, size=(args.batch, args.frames, args.size, args.size, 3), dtype=np.uint8)
    clips = torch.from_numpy(frames).float().div(255).permute(0, 4, 1, 2, 3)  # (batch, 3, frames, height, width)
    clips = ((clips - torch.tensor(mean).view(1, 3, 1, 1, 1)) / torch.tensor(std).view(1, 3, 1, 1, 1)).contiguous()
    with torch.no_grad():
        logits = model(clips)

    os.makedirs(args.out, exist_ok=True)
    props = metadata(args.arch, args.frames, args.size, args.seed)
    variable = variable_dimensions(args.arch)
    export_onnx(model, clips[:1], os.path.join(args.out, "model.onnx"), props, variable)
    if args.torchscript:
        export_torchscript(model, clips[:1], os.path.join(args.out, "model.pt"), props, variable)

    with open(os.path.join(args.out, "labels.txt"), "w") as labels:
        labels.writelines(f"class {i}\n" for i in range(args.classes))
    np.save(os.path.join(args.out, "frames.npy"), frames)
    np.save(os.path.join(args.out, "input.npy"), clips.numpy().astype(np.float32))
    np.save(os.path.join(args.out, "expected.npy"), logits.numpy().astype(np.float32))


if __name__ == "__main__":
    main()
