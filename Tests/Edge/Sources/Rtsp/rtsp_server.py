#!/usr/bin/python3
"""A real RTSP camera on loopback for the Edge tests: GStreamer's gst-rtsp-server serving a live test pattern.

    /usr/bin/python3 rtsp_server.py [--port N] [--width W] [--height H] [--fps F] [--path /live]

Port 0 (the default) takes a free port. Prints "READY <port>" on stdout once the server listens and
"SETUP <transport>" for each stream a client sets up, then serves until killed. Needs Debian's python3-gi, gir1.2-gst-rtsp-server-1.0 and gstreamer1.0-plugins-{base,good,ugly}
(scripts/install-prerequisites.sh installs them).
"""
import argparse
import signal
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402


def on_setup(_client, context):
    """Reports each SETUP's transport ("SETUP RTP/AVP/TCP;..."), so tests can see what a client negotiated."""
    result, transport = context.request.get_header(GstRtsp.RTSPHeaderField.TRANSPORT, 0)
    print(f"SETUP {transport if result == GstRtsp.RTSPResult.OK else '?'}", flush=True)


def on_client(_server, client):
    client.connect("setup-request", on_setup)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--width", type=int, default=320)
    parser.add_argument("--height", type=int, default=240)
    parser.add_argument("--fps", type=int, default=15)
    parser.add_argument("--path", default="/live")
    args = parser.parse_args()

    Gst.init(None)
    for element in ("videotestsrc", "x264enc", "rtph264pay"):
        if Gst.ElementFactory.find(element) is None:
            print(f"ERROR GStreamer element '{element}' is missing (install gstreamer1.0-plugins-base/good/ugly)", flush=True)
            return 3

    # A keyframe every second, so a client that (re)connects decodes within a second; SPS/PPS in band too.
    launch = (
        f"( videotestsrc is-live=true pattern=ball "
        f"! video/x-raw,width={args.width},height={args.height},framerate={args.fps}/1 "
        f"! x264enc tune=zerolatency speed-preset=ultrafast key-int-max={args.fps} "
        f"! rtph264pay name=pay0 pt=96 config-interval=1 )"
    )
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(launch)
    factory.set_shared(True)

    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))
    server.get_mount_points().add_factory(args.path, factory)
    server.connect("client-connected", on_client)
    if server.attach(None) == 0:
        print(f"ERROR cannot listen on 127.0.0.1:{args.port}", flush=True)
        return 2

    loop = GLib.MainLoop()
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, loop.quit)
    print(f"READY {server.get_bound_port()}", flush=True)
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
