"""Forward-pass cost of the conv3d twin under glibc's heap settings (BENCHMARKS.md, "Native memory").

Run from the repository root with Debian's PyTorch, once per environment, e.g.
  /usr/bin/python3 Benchmarks/Models/glibc_heap_probe.py 112
  MALLOC_ARENA_MAX=1 MALLOC_MMAP_THRESHOLD_=1073741824 MALLOC_TRIM_THRESHOLD_=1073741824 /usr/bin/python3 Benchmarks/Models/glibc_heap_probe.py 112
The forward passes run on a worker thread, as the silo's inference thread does (a per-thread glibc arena unless
MALLOC_ARENA_MAX=1). Prints ms per sequence at batch 8 and batch 1 (3 s of back-to-back passes each, 2 threads).
"""
import os
import sys
import threading
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pytorch_forward_latency as twin  # noqa: E402

side = int(sys.argv[1]) if len(sys.argv) > 1 else 112
torch.set_num_threads(2)
model = twin.Conv3dModel(dict(hidden=32, layers=2, sequence=8, dropout=0.0, classes=10)).eval()
results = []


def work():
    for batch in (8, 1):
        frames = torch.randn(batch, 8, 3, side, side)
        with torch.inference_mode():
            model(frames)
            model(frames)
            started, passes = time.perf_counter(), 0
            while time.perf_counter() - started < 3:
                model(frames)
                passes += 1
            elapsed = time.perf_counter() - started
        results.append(f"batch {batch}: {1000 * elapsed / passes / batch:.1f} ms/sequence")


worker = threading.Thread(target=work)
worker.start()
worker.join()
settings = {k: os.environ.get(k) for k in ("MALLOC_ARENA_MAX", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_")}
print(f"{side}x{side}", settings, "; ".join(results))
