#!/usr/bin/python3
"""An HTTP MJPEG camera on loopback for the Edge tests (multipart/x-mixed-replace, as IP cameras serve it).

    python3 mjpeg_http_server.py [--width W] [--height H] [--fps F]

Renders one second of ffmpeg's testsrc as JPEG frames at start, then serves them in a loop, paced at F, to every
client of GET /video.mjpeg on 127.0.0.1 (a free port). Prints "READY <port>" once listening.
"""
import argparse
import glob
import http.server
import os
import subprocess
import sys
import tempfile
import time

BOUNDARY = "edgevisionframe"


def render(width, height, fps):
    with tempfile.TemporaryDirectory() as directory:
        subprocess.run(
            ["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-f", "lavfi",
             "-i", f"testsrc=size={width}x{height}:rate={fps}", "-frames:v", str(fps), "-q:v", "3",
             os.path.join(directory, "f%03d.jpg")],
            check=True)
        return [open(path, "rb").read() for path in sorted(glob.glob(os.path.join(directory, "*.jpg")))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--width", type=int, default=160)
    parser.add_argument("--height", type=int, default=120)
    parser.add_argument("--fps", type=int, default=15)
    args = parser.parse_args()
    frames = render(args.width, args.height, args.fps)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path != "/video.mjpeg":
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", f"multipart/x-mixed-replace;boundary={BOUNDARY}")
            self.end_headers()
            index = 0
            try:
                while True:
                    jpeg = frames[index % len(frames)]
                    self.wfile.write(f"--{BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: {len(jpeg)}\r\n\r\n".encode())
                    self.wfile.write(jpeg + b"\r\n")
                    self.wfile.flush()
                    index += 1
                    time.sleep(1 / args.fps)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *_):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(f"READY {server.server_address[1]}", flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
