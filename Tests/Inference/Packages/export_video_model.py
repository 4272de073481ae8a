"""Exports a torchvision video classifier with random weights to ONNX, with the clips and outputs to check it by.

Run by Debian's /usr/bin/python3 (python3-torch, python3-torchvision, python3-onnx). Writes into --out:
  model.onnx     opset 17, input "video" (batch, 3, frames, height, width), output "logits"; variable batch, frames and
                 size; EdgeVision metadata props (layout, mean, std, frames, height, width, name, source, licence)
  labels.txt     one class name per line
  frames.npy     uint8 (batch, frames, height, width, 3), RGB: the clips as a camera would deliver them
  input.npy      float32 (batch, 3, frames, height, width): frames / 255, normalised with torchvision's Kinetics mean/std
  expected.npy   float32 (batch, classes): PyTorch's logits for input.npy
  model.pt       with --torchscript: the model traced (torch.jit.trace) and saved with extra/edgevision.json (the same
                 settings as the metadata props, and "variable": the dimensions that may vary)
--arch streaming writes only model.onnx: a small model that carries state between clips as a second input and output.
"""
import argparse
import json
import os

import numpy as np
import onnx
import torch
import torchvision.models.video as video

MEAN = [0.43216, 0.394666, 0.37645]
STD = [0.22803, 0.22145, 0.216989]


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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--arch", required=True, choices=["r3d_18", "mc3_18", "r2plus1d_18", "s3d", "streaming"])
    parser.add_argument("--out", required=True)
    parser.add_argument("--frames", type=int, default=8)
    parser.add_argument("--size", type=int, default=32)
    parser.add_argument("--classes", type=int, default=5)
    parser.add_argument("--batch", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--torchscript", action="store_true")
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    if args.arch == "streaming":
        export_streaming(args)
        return

    model = getattr(video, args.arch)(num_classes=args.classes)

    # Random weights give tiny logits; settle BatchNorm's statistics on a few random clips so parity is checked at a
    # realistic scale.
    for module in model.modules():
        if isinstance(module, torch.nn.modules.batchnorm._BatchNorm):
            module.momentum = None
    model.train()
    shape = (2, 3, args.frames, args.size, args.size)
    with torch.no_grad():
        for _ in range(3):
            model(torch.rand(shape) * 2 - 1)
    model.eval()

    rng = np.random.default_rng(args.seed)
    frames = rng.integers(0, 256, size=(args.batch, args.frames, args.size, args.size, 3), dtype=np.uint8)
    clips = torch.from_numpy(frames).float().div(255).permute(0, 4, 1, 2, 3)  # (batch, 3, frames, height, width)
    clips = (clips - torch.tensor(MEAN).view(1, 3, 1, 1, 1)) / torch.tensor(STD).view(1, 3, 1, 1, 1)
    clips = clips.contiguous()
    with torch.no_grad():
        logits = model(clips)

    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "model.onnx")
    torch.onnx.export(
        model, clips[:1], path, opset_version=17, input_names=["video"], output_names=["logits"],
        dynamic_axes={"video": {0: "batch", 2: "frames", 3: "height", 4: "width"}, "logits": {0: "batch"}})
    exported = onnx.load(path)
    props = {
        "edgevision.layout": "NCTHW",
        "edgevision.mean": ",".join(str(v) for v in MEAN),
        "edgevision.std": ",".join(str(v) for v in STD),
        "edgevision.frames": str(args.frames),
        "edgevision.height": str(args.size),
        "edgevision.width": str(args.size),
        "edgevision.name": args.arch,
        "edgevision.source": f"torchvision 0.14 {args.arch}, random weights (seed {args.seed})",
        "edgevision.licence": "BSD-3-Clause",
    }
    for key, value in props.items():
        entry = exported.metadata_props.add()
        entry.key, entry.value = key, value
    onnx.save(exported, path)

    if args.torchscript:
        traced = torch.jit.trace(model, clips[:1])
        extra = {key[len("edgevision."):]: value for key, value in props.items()}
        extra["variable"] = "frames,height,width"
        torch.jit.save(traced, os.path.join(args.out, "model.pt"), _extra_files={"edgevision.json": json.dumps(extra)})

    with open(os.path.join(args.out, "labels.txt"), "w") as labels:
        labels.writelines(f"class {i}\n" for i in range(args.classes))
    np.save(os.path.join(args.out, "frames.npy"), frames)
    np.save(os.path.join(args.out, "input.npy"), clips.numpy().astype(np.float32))
    np.save(os.path.join(args.out, "expected.npy"), logits.numpy().astype(np.float32))


if __name__ == "__main__":
    main()
