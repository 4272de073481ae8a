using EdgeVision.Edge.Sources.Ffmpeg;

namespace EdgeVision.Tests.Edge.Sources.Ffmpeg;

public sealed class FfmpegArgumentsTests
{
    private static readonly FfmpegSourceOptions Options = new() { OpenTimeout = TimeSpan.FromSeconds(7) };

    [Fact]
    public void RtspUsesTcpAndTheSocketTimeoutInMicroseconds()
    {
        var args = Join(FfmpegArguments.Capture(FfmpegInput.Network("rtsp://cam/1"), Options));

        Assert.Equal("-hide_banner -loglevel error -nostdin -rtsp_transport tcp -timeout 7000000 -i rtsp://cam/1 -an -sn -dn -f rawvideo -pix_fmt bgr24 pipe:1", args);
    }

    [Fact]
    public void RtspOverUdpLeavesTheTransportToFfmpeg()
    {
        var args = Join(FfmpegArguments.Capture(FfmpegInput.Network("rtsp://cam/1"), Options with { RtspOverTcp = false }));

        Assert.DoesNotContain("rtsp_transport", args);
        Assert.Contains("-timeout 7000000", args);
    }

    [Fact]
    public void HttpUsesTheReadWriteTimeoutAndScalesWhenASizeIsConfigured()
    {
        var args = Join(FfmpegArguments.Capture(FfmpegInput.Network("http://cam/mjpeg"), Options with { Width = 320, Height = 240 }));

        Assert.Equal("-hide_banner -loglevel error -nostdin -rw_timeout 7000000 -i http://cam/mjpeg -an -sn -dn -vf scale=320:240 -f rawvideo -pix_fmt bgr24 pipe:1", args);
    }

    [Fact]
    public void WebcamReadsTheDeviceThroughV4l2()
    {
        var args = Join(FfmpegArguments.Capture(FfmpegInput.Webcam("/dev/video1"), Options));

        Assert.Contains("-f v4l2 -i /dev/video1 ", args);
        Assert.DoesNotContain("timeout", args);
    }

    [Fact]
    public void WebcamAsksTheDriverForTheConfiguredModeBeforeOpeningIt()
    {
        var options = Options with { WebcamInputFormat = "mjpeg", WebcamVideoSize = "1280x720", WebcamFrameRate = 29.97 };

        Assert.Equal("-hide_banner -loglevel error -nostdin -f v4l2 -input_format mjpeg -video_size 1280x720 -framerate 29.97 -i /dev/video0 -an -sn -dn -f rawvideo -pix_fmt bgr24 pipe:1",
            Join(FfmpegArguments.Capture(FfmpegInput.Webcam("/dev/video0"), options)));
        // The probe opens the device in the same mode, so the size it reports is the size ffmpeg will send.
        Assert.Contains("-f v4l2 -input_format mjpeg -video_size 1280x720 -framerate 29.97 -select_streams v:0", Join(FfmpegArguments.Probe(FfmpegInput.Webcam("/dev/video0"), options)));
    }

    [Theory]
    [InlineData("WebcamVideoSize", "1280*720")]
    [InlineData("WebcamFrameRate", "0")]
    [InlineData("WebcamInputFormat", "mjpeg -x")]
    public void BadWebcamModesAreRejectedNamingTheSetting(string setting, string value)
    {
        var options = setting switch
        {
            "WebcamVideoSize" => Options with { WebcamVideoSize = value },
            "WebcamFrameRate" => Options with { WebcamFrameRate = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
            _ => Options with { WebcamInputFormat = value },
        };

        Assert.Contains(options.Validate(), error => error.StartsWith(setting, StringComparison.Ordinal));
    }

    [Fact]
    public void RealtimeFilesArePacedByFfmpeg()
    {
        var args = FfmpegArguments.Capture(FfmpegInput.File("/v/a.mp4"), Options with { Realtime = true }).ToList();

        Assert.Equal(args.IndexOf("-i") - 1, args.IndexOf("-re"));
    }

    [Fact]
    public void ProbeAsksForTheFirstVideoStreamsSizeAndRate()
    {
        var args = Join(FfmpegArguments.Probe(FfmpegInput.Network("rtsp://cam/1"), Options));

        Assert.Equal("-v error -rtsp_transport tcp -timeout 7000000 -select_streams v:0 -show_entries stream=width,height,avg_frame_rate -of csv=p=0 rtsp://cam/1", args);
    }

    [Theory]
    [InlineData("640,480,30000/1001\n", 640, 480, 29.97)]
    [InlineData("65,47,10/1", 65, 47, 10.0)]
    [InlineData("1280,720,0/0\n", 1280, 720, null)]
    public void ParsesProbeOutput(string output, int width, int height, double? fps)
    {
        var parsed = FfmpegArguments.ParseProbe(output);

        Assert.NotNull(parsed);
        Assert.Equal((width, height), (parsed.Value.Width, parsed.Value.Height));
        Assert.Equal(fps, parsed.Value.Fps is { } f ? Math.Round(f, 2) : null);
    }

    [Theory]
    [InlineData("")]
    [InlineData("N/A,N/A,0/0")]
    [InlineData("0,480,25/1")]
    public void RejectsProbeOutputWithoutASize(string output) => Assert.Null(FfmpegArguments.ParseProbe(output));

    [Fact]
    public void PasswordsInUrlsAreMaskedForDisplay() =>
        Assert.Equal("rtsp://admin:***@cam/1", FfmpegInput.Network("rtsp://admin:hunter2@cam/1").Display);

    private static string Join(IReadOnlyList<string> args) => string.Join(' ', args);
}
