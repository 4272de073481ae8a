using EdgeVision.Synthetic;

namespace EdgeVision.Tests.Synthetic;

/// <summary>
/// What a test can measure of the moving shape: pixels that differ from the clip's static background (which
/// holds the distractor) by more than the noise can explain. Against another frame instead of the background,
/// the same measure counts the pixels that changed.
/// </summary>
internal sealed record Foreground(int Area, double CenterX, double CenterY, bool[] Mask)
{
    // Noise adds at most 10 per channel; shapes differ from the background by 70+ in luma.
    private const int Threshold = 24;

    public static byte[] Background(SceneParameters parameters, int width, int height)
    {
        var background = new byte[width * height * 3];
        SceneRenderer.RenderBackground(parameters, width, height, background);
        return background;
    }

    public static Foreground Of(ReadOnlySpan<byte> frame, ReadOnlySpan<byte> background, int width)
    {
        var mask = new bool[frame.Length / 3];
        int area = 0;
        double sumX = 0, sumY = 0;
        for (var p = 0; p < mask.Length; p++)
        {
            var difference = 0;
            for (var c = 0; c < 3; c++)
            {
                difference = Math.Max(difference, Math.Abs(frame[(p * 3) + c] - background[(p * 3) + c]));
            }

            if (difference > Threshold)
            {
                mask[p] = true;
                area++;
                sumX += p % width;
                sumY += p / width;
            }
        }

        return new Foreground(area, area == 0 ? double.NaN : sumX / area, area == 0 ? double.NaN : sumY / area, mask);
    }

    public static IReadOnlyList<Foreground> OfClip(SyntheticClip clip)
    {
        var background = Background(clip.Parameters, clip.Width, clip.Height);
        return [.. Enumerable.Range(0, clip.FrameCount).Select(f => Of(clip.Frame(f), background, clip.Width))];
    }
}
