#!/usr/bin/env python3
"""PyTorch twin of EdgeVision's four temporal video models, for forward-latency comparison.

The modules below mirror Inference/Models/*.cs layer for layer (same layers, shapes, parameter names, memory
layouts and eval-mode behaviour), so a forward pass here does the same arithmetic as the TorchSharp one.

It also serves torchvision's video classifiers for `model-formats`: a request {"torchvision": "r3d_18", "export": DIR,
"frames": 16, "size": 112, "classes": 400, "seed": 0} builds the architecture with random weights (export_video_model.py,
beside this script), exports it to DIR/model.onnx and DIR/model.pt with EdgeVision's settings, saves a batch-1 input and
PyTorch's logits for it (DIR/input.npy, DIR/expected.npy) and keeps the model; {"torchvision": "r3d_18", "batch": 4,
"warmup": 1, "repetitions": 5} then times that model eagerly on a random batch.

Two modes:
  --serve   read one JSON request per stdin line, answer one JSON line on stdout (what the
            `model-forward-latency` and `model-formats` benchmark scenarios drive, interleaving their own timings);
  --case    time one case and print it: --case transformer 112 4 8  (kind, side, batch, sequence).
A request: {"kind": "conv3d", "side": 112, "batch": 4, "sequence": 8, "hidden": 32, "layers": 2,
"classes": 10, "warmup": 1, "repetitions": 5}; the answer adds "milliseconds" (every timed repetition).
"""

import argparse
import json
import os
import sys
import time
from collections import OrderedDict

import torch
from torch import nn


def motion_augment(frames):
    """(batch, time, c, h, w) -> (batch, time, 2c, h, w): frames plus frames minus their mean over time."""
    return torch.cat([frames, frames - frames.mean(dim=1, keepdim=True)], dim=2)


class ConvLstmCell(nn.Module):
    def __init__(self, input_channels, hidden_channels, kernel_size=3):
        super().__init__()
        self.hidden_channels = hidden_channels
        self.gates = nn.Conv2d(input_channels + hidden_channels, 4 * hidden_channels, kernel_size, padding=kernel_size // 2)

    def forward(self, x, hidden, cell):
        i, f, o, g = self.gates(torch.cat([x, hidden], 1)).chunk(4, 1)
        next_cell = f.sigmoid() * cell + i.sigmoid() * g.tanh()
        return o.sigmoid() * next_cell.tanh(), next_cell


class ConvLstmModel(nn.Module):
    def __init__(self, c):
        super().__init__()
        h = c["hidden"]
        self.stem = nn.Conv2d(3 * 3, h, 3, padding=1)
        self.stemNorm = nn.BatchNorm2d(h)
        self.stemActivation = nn.ReLU()
        self.stemDown = nn.Conv2d(h, h, 3, stride=2, padding=1)
        self.stemDownNorm = nn.BatchNorm2d(h)
        self.stemDownActivation = nn.ReLU()
        self.cells = nn.ModuleList([ConvLstmCell(h, h) for _ in range(c["layers"])])
        self.pool = nn.AdaptiveAvgPool2d(2)
        self.dropout = nn.Dropout(c["dropout"])
        self.head = nn.Linear(h * c["sequence"] * 4, c["classes"])

    def features(self, frames):
        previous = torch.cat([frames[:, :1], frames[:, :-1]], 1)
        frames = torch.cat([motion_augment(frames), frames - previous], 2)
        b, t = frames.shape[:2]
        x = self.stemActivation(self.stemNorm(self.stem(frames.reshape(b * t, *frames.shape[2:]))))
        x = self.stemDownActivation(self.stemDownNorm(self.stemDown(x)))
        sequence = x.reshape(b, t, *x.shape[1:])
        for cell in self.cells:
            hidden = torch.zeros(b, cell.hidden_channels, sequence.shape[3], sequence.shape[4], device=sequence.device)
            state = hidden
            outputs = []
            for step in range(t):
                hidden, state = cell(sequence[:, step], hidden, state)
                outputs.append(hidden)
            sequence = torch.stack(outputs, 1)
        return self.pool(sequence.flatten(0, 1)).reshape(b, t, -1).flatten(1)

    def forward(self, frames):
        return self.head(self.dropout(self.features(frames)))


class Conv3dModel(nn.Module):
    def __init__(self, c):
        super().__init__()
        h = c["hidden"]
        layers = OrderedDict()
        for i in range(c["layers"]):
            layers[f"conv{i}"] = nn.Conv3d(2 * 3 if i == 0 else h, h, 3, padding=1)
            layers[f"norm{i}"] = nn.BatchNorm3d(h)
            layers[f"relu{i}"] = nn.ReLU()
            layers[f"pool{i}"] = nn.MaxPool3d((1, 2, 2), (1, 2, 2), ceil_mode=True)
        self.blocks = nn.Sequential(layers)
        self.pool = nn.AdaptiveAvgPool3d((c["sequence"], 2, 2))
        self.dropout = nn.Dropout(c["dropout"])
        self.head = nn.Linear(h * c["sequence"] * 4, c["classes"])

    def features(self, frames):
        # Channels-last, as Conv3dModel lays it out (its only layout whose backward is sound on libtorch 2.10).
        volume = motion_augment(frames).permute(0, 2, 1, 3, 4).contiguous(memory_format=torch.channels_last_3d)
        return self.pool(self.blocks(volume)).flatten(1)

    def forward(self, frames):
        return self.head(self.dropout(self.features(frames)))


class VideoTransformerModel(nn.Module):
    def __init__(self, c):
        super().__init__()
        h = c["hidden"]
        self.patch = max(1, min(16, c["side"] // 16))
        self.tubelet = 2 if c["sequence"] >= 2 else 1
        heads = next((n for n in (8, 4, 2) if h % n == 0 and h // n >= 8), 1)
        pooled = ((c["side"] + 1) // 2 + 1) // 2
        grid = (c["sequence"] // self.tubelet, pooled // self.patch, pooled // self.patch)
        blocks = OrderedDict()
        for i in range(2):
            blocks[f"conv{i}"] = nn.Conv3d(2 * 3 if i == 0 else h, h, 3, padding=1)
            blocks[f"norm{i}"] = nn.BatchNorm3d(h)
            blocks[f"relu{i}"] = nn.ReLU()
            blocks[f"pool{i}"] = nn.MaxPool3d((1, 2, 2), (1, 2, 2), ceil_mode=True)
        self.stem = nn.Sequential(blocks)
        kernel = (self.tubelet, self.patch, self.patch)
        self.tubelets = nn.Conv3d(h, h, kernel, stride=kernel)
        self.position = nn.Parameter(torch.randn(1, h, *grid) * 0.02)
        self.cls = nn.Parameter(torch.randn(1, 1, h) * 0.02)
        self.embeddingDropout = nn.Dropout(c["dropout"])
        # Sequence-first like TorchSharp's (libtorch C++) encoder layer: post-norm, ReLU, feed-forward 4h.
        self.layers = nn.ModuleList([nn.TransformerEncoderLayer(h, heads, 4 * h, c["dropout"]) for _ in range(c["layers"])])
        self.norm = nn.LayerNorm(h)
        self.dropout = nn.Dropout(c["dropout"])
        self.head = nn.Linear(h, c["classes"])

    def features(self, frames):
        b = frames.shape[0]
        x = motion_augment(frames).permute(0, 2, 1, 3, 4).contiguous(memory_format=torch.channels_last_3d)
        volume = self.stem(x).contiguous(memory_format=torch.channels_last_3d)
        embedded = self.tubelets(volume)
        positions = self.position
        if embedded.shape[2:] != positions.shape[2:]:
            positions = nn.functional.interpolate(positions, size=embedded.shape[2:], mode="trilinear", align_corners=False)
        tokens = (embedded + positions).flatten(2).transpose(1, 2)
        tokens = self.embeddingDropout(torch.cat([self.cls.expand(b, -1, -1), tokens], 1))
        sequence = tokens.transpose(0, 1)
        for layer in self.layers:
            sequence = layer(sequence)
        return self.norm(sequence[0])

    def forward(self, frames):
        return self.head(self.dropout(self.features(frames)))


class HybridVideoModel(nn.Module):
    """Weighted fusion (the factory's default): softmax-normalised learned weights over the three models' logits."""

    def __init__(self, c):
        super().__init__()
        self.convLstm = ConvLstmModel(c)
        self.conv3d = Conv3dModel(c)
        self.transformer = VideoTransformerModel(c)
        self.fusionWeights = nn.Parameter(torch.zeros(3))

    def forward(self, frames):
        w = self.fusionWeights.softmax(0)
        return w[0] * self.convLstm(frames) + w[1] * self.conv3d(frames) + w[2] * self.transformer(frames)


DEVICE = torch.device("cpu")
MODELS = {"convlstm": ConvLstmModel, "conv3d": Conv3dModel, "transformer": VideoTransformerModel, "hybrid": HybridVideoModel}
TORCHVISION = {}  # the torchvision model the last export built, its input shape and its random batches by size


def export_torchvision(request):
    """Builds and exports a torchvision architecture (see the module's docstring) and keeps it for time_torchvision."""
    import numpy as np
    import export_video_model as exporter

    arch, frames, size, seed = request["torchvision"], request["frames"], request["size"], request.get("seed", 0)
    out = request["export"]
    os.makedirs(out, exist_ok=True)
    started = time.perf_counter()
    model = exporter.build(arch, request.get("classes", 400), seed, frames, size).to(DEVICE)
    torch.manual_seed(seed)
    example = torch.randn(1, 3, frames, size, size)
    props = exporter.metadata(arch, frames, size, seed)
    variable = exporter.variable_dimensions(arch)
    paths = {"onnx": os.path.join(out, "model.onnx"), "torchscript": os.path.join(out, "model.pt"),
             "input": os.path.join(out, "input.npy"), "expected": os.path.join(out, "expected.npy")}
    exporter.export_onnx(model, example, paths["onnx"], props, variable)
    exporter.export_torchscript(model, example, paths["torchscript"], props, variable)
    with torch.inference_mode():
        logits = model(example)
    np.save(paths["input"], example.numpy())
    np.save(paths["expected"], logits.numpy())
    TORCHVISION.clear()
    TORCHVISION.update(model=model, shape=(3, frames, size, size), batches={})
    return {**request, **paths, "seconds": time.perf_counter() - started}


def time_torchvision(request):
    """Times the model of the last export on a random batch of request["batch"] clips, as time_case does."""
    if TORCHVISION.get("model") is None:
        raise ValueError(f"{request['torchvision']}: export it before timing it")
    batch = request["batch"]
    if batch not in TORCHVISION["batches"]:
        torch.manual_seed(batch)
        TORCHVISION["batches"][batch] = torch.randn(batch, *TORCHVISION["shape"]).to(DEVICE)
    frames = TORCHVISION["batches"][batch]
    times = []
    with torch.inference_mode():
        for i in range(request.get("warmup", 1) + request.get("repetitions", 5)):
            started = time.perf_counter()
            logits = TORCHVISION["model"](frames).cpu()
            elapsed = time.perf_counter() - started
            assert logits.shape[0] == batch, logits.shape
            if i >= request.get("warmup", 1):
                times.append(elapsed * 1000.0)
    return {**request, "milliseconds": times}


def answer(request):
    if "torchvision" in request:
        return export_torchvision(request) if "export" in request else time_torchvision(request)
    return check_twin(request) if "weights" in request else time_case(request)


def time_case(request):
    config = {"hidden": 32, "layers": 2, "classes": 10, "dropout": 0.1, "warmup": 1, "repetitions": 5, **request}
    torch.manual_seed(0)
    model = MODELS[config["kind"]](config).eval().to(DEVICE)
    frames = torch.randn(config["batch"], config["sequence"], 3, config["side"], config["side"]).to(DEVICE)
    times = []
    with torch.inference_mode():
        for i in range(config["warmup"] + config["repetitions"]):
            started = time.perf_counter()
            logits = model(frames).cpu()  # the copy to the host waits for a GPU, as TorchSharp's side does
            elapsed = time.perf_counter() - started
            assert logits.shape == (config["batch"], config["classes"]), logits.shape
            if i >= config["warmup"]:
                times.append(elapsed * 1000.0)
    return {**request, "milliseconds": times}


def check_twin(request):
    """Loads the TorchSharp model's weights (PyBridge's save_py) strictly into the twin and returns its logits for
    the same input (raw float32, the case's shape), so the caller can see both sides compute the same function."""
    config = {"hidden": 32, "layers": 2, "classes": 10, "dropout": 0.1, **request}
    model = MODELS[config["kind"]](config).eval()
    model.load_state_dict(torch.load(config["weights"]), strict=True)
    model.to(DEVICE)
    with open(config["input"], "rb") as data:
        frames = torch.frombuffer(bytearray(data.read()), dtype=torch.float32)
    frames = frames.reshape(config["batch"], config["sequence"], 3, config["side"], config["side"])
    with torch.inference_mode():
        logits = model(frames.to(DEVICE)).cpu()
    return {**request, "logits": logits.flatten().tolist()}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=2, help="torch intra-op threads")
    parser.add_argument("--device", default="cpu", choices=["cpu", "cuda"], help="where the models run")
    parser.add_argument("--serve", action="store_true", help="answer JSON requests from stdin, one per line")
    parser.add_argument("--case", nargs=4, metavar=("KIND", "SIDE", "BATCH", "SEQUENCE"))
    parser.add_argument("--repetitions", type=int, default=5)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    global DEVICE
    DEVICE = torch.device(args.device)
    hello = {"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads(),
             "blas": torch.__config__.show().replace("\n", " | "), "device": str(DEVICE),
             "gpu": torch.cuda.get_device_name(0) if DEVICE.type == "cuda" else None}
    if args.serve:
        print(json.dumps(hello), flush=True)
        for line in sys.stdin:
            if line.strip():
                print(json.dumps(answer(json.loads(line))), flush=True)
    elif args.case:
        kind, side, batch, sequence = args.case
        print(json.dumps(hello))
        print(json.dumps(time_case({"kind": kind, "side": int(side), "batch": int(batch), "sequence": int(sequence),
                                    "repetitions": args.repetitions})))
    else:
        parser.error("give --serve or --case")


if __name__ == "__main__":
    main()
