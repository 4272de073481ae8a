namespace EdgeVision.Synthetic;

/// <summary>
/// Rasterises scenes into RGB24 (row-major, R, G, B). The static part (background and distractor) is painted
/// once per clip; each frame copies it, draws the moving shape over its bounding box only, and adds noise.
/// </summary>
internal static class SceneRenderer
{
    private const int TextureCells = 6;

    public static void RenderBackground(SceneParameters p, int width, int height, Span<byte> destination)
    {
        var texture = p.Background == BackgroundKind.Texture ? TextureGrid(p.TextureSeed) : null;
        var (sin, cos) = Math.SinCos(p.GradientAngle);
        var reach = 0.5 * (Math.Abs(cos) + Math.Abs(sin));
        var i = 0;
        for (var y = 0; y < height; y++)
        {
            var fy = (y + 0.5) / height;
            for (var x = 0; x < width; x++, i += 3)
            {
                var fx = (x + 0.5) / width;
                var color = p.BackgroundColor;
                if (p.Background == BackgroundKind.Gradient)
                {
                    var t = 0.5 + ((((fx - 0.5) * cos) + ((fy - 0.5) * sin)) / (2 * reach));
                    color = Lerp(p.BackgroundColor, p.BackgroundColor2, t);
                }
                else if (texture is not null)
                {
                    var shift = (int)Math.Round(SceneSampler.TextureAmplitude * Sample(texture, fx, fy));
                    color = new Rgb(Clamp(color.R + shift), Clamp(color.G + shift), Clamp(color.B + shift));
                }

                destination[i] = color.R;
                destination[i + 1] = color.G;
                destination[i + 2] = color.B;
            }
        }

        if (p.Distractor is { } d)
        {
            DrawShape(destination, width, height, d.Shape, d.Color, new ShapeState(d.X, d.Y, d.Size, d.Angle, 1));
        }
    }

    public static void RenderFrame(SceneParameters p, int frame, int width, int height, ReadOnlySpan<byte> background, Span<byte> destination)
    {
        background.CopyTo(destination);
        DrawShape(destination, width, height, p.Shape, p.ShapeColor, p.StateAt(frame));
        AddNoise(destination, p.NoiseAmplitude, SceneRandom.Mix(p.NoiseSeed + (ulong)frame));
    }

    public static void DrawShape(Span<byte> rgb, int width, int height, ShapeKind shape, Rgb color, ShapeState state)
    {
        var radius = state.Size * Math.Min(width, height);
        if (radius <= 0 || state.Intensity <= 0)
        {
            return;
        }

        double cx = state.X * width, cy = state.Y * height;
        var (sin, cos) = Math.SinCos(state.Angle);
        var x0 = Math.Max(0, (int)Math.Floor(cx - radius - 1));
        var x1 = Math.Min(width - 1, (int)Math.Ceiling(cx + radius + 1));
        var y0 = Math.Max(0, (int)Math.Floor(cy - radius - 1));
        var y1 = Math.Min(height - 1, (int)Math.Ceiling(cy + radius + 1));
        var mark = MarkColor(color);
        for (var y = y0; y <= y1; y++)
        {
            var py = y + 0.5 - cy;
            var row = rgb.Slice(y * width * 3, width * 3);
            for (var x = x0; x <= x1; x++)
            {
                var px = x + 0.5 - cx;
                // Into the shape's own frame: undo the rotation, scale to unit circumradius.
                var lx = ((cos * px) + (sin * py)) / radius;
                var ly = ((cos * py) - (sin * px)) / radius;
                var coverage = Coverage(ShapeGeometry.Distance(shape, lx, ly) * radius);
                if (coverage <= 0)
                {
                    continue;
                }

                var pixel = row.Slice(x * 3, 3);
                Blend(pixel, color, coverage * state.Intensity);
                if (shape == ShapeKind.Circle)
                {
                    var markCoverage = Math.Min(coverage, Coverage(ShapeGeometry.MarkDistance(lx, ly) * radius));
                    if (markCoverage > 0)
                    {
                        Blend(pixel, mark, markCoverage * state.Intensity);
                    }
                }
            }
        }
    }

    /// <summary>The mark is the shape's colour pushed away from it in brightness, so it shows on any colour.</summary>
    public static Rgb MarkColor(Rgb color) => color.Luma > 128
        ? new Rgb((byte)(color.R * 0.3), (byte)(color.G * 0.3), (byte)(color.B * 0.3))
        : Lerp(color, new Rgb(255, 255, 255), 0.7);

    private static void AddNoise(Span<byte> rgb, int amplitude, ulong seed)
    {
        if (amplitude <= 0)
        {
            return;
        }

        var random = new SceneRandom(seed);
        var span = (uint)((2 * amplitude) + 1);
        var i = 0;
        // One 64-bit draw feeds the three channels of a pixel.
        for (; i + 2 < rgb.Length; i += 3)
        {
            var bits = random.NextUInt64();
            rgb[i] = Clamp(rgb[i] + (int)((uint)(bits & 0xFFFF) % span) - amplitude);
            rgb[i + 1] = Clamp(rgb[i + 1] + (int)((uint)((bits >> 16) & 0xFFFF) % span) - amplitude);
            rgb[i + 2] = Clamp(rgb[i + 2] + (int)((uint)((bits >> 32) & 0xFFFF) % span) - amplitude);
        }
    }

    // A box filter's coverage of a pixel by a straight edge at signed distance d (pixels).
    private static double Coverage(double distance) => Math.Clamp(0.5 - distance, 0, 1);

    private static void Blend(Span<byte> pixel, Rgb color, double alpha)
    {
        pixel[0] = (byte)(pixel[0] + ((color.R - pixel[0]) * alpha) + 0.5);
        pixel[1] = (byte)(pixel[1] + ((color.G - pixel[1]) * alpha) + 0.5);
        pixel[2] = (byte)(pixel[2] + ((color.B - pixel[2]) * alpha) + 0.5);
    }

    private static Rgb Lerp(Rgb a, Rgb b, double t) => new(
        (byte)Math.Round(a.R + ((b.R - a.R) * t)), (byte)Math.Round(a.G + ((b.G - a.G) * t)), (byte)Math.Round(a.B + ((b.B - a.B) * t)));

    private static byte Clamp(int value) => (byte)Math.Clamp(value, 0, 255);

    private static double[] TextureGrid(ulong seed)
    {
        var random = new SceneRandom(seed);
        var grid = new double[(TextureCells + 1) * (TextureCells + 1)];
        for (var i = 0; i < grid.Length; i++)
        {
            grid[i] = (2 * random.NextDouble()) - 1;
        }

        return grid;
    }

    // Smooth value noise in [-1, 1]: a static texture that is the same at every resolution.
    private static double Sample(double[] grid, double fx, double fy)
    {
        double gx = fx * TextureCells, gy = fy * TextureCells;
        int ix = Math.Min((int)gx, TextureCells - 1), iy = Math.Min((int)gy, TextureCells - 1);
        double tx = Smooth(gx - ix), ty = Smooth(gy - iy);
        const int stride = TextureCells + 1;
        var top = grid[(iy * stride) + ix] + ((grid[(iy * stride) + ix + 1] - grid[(iy * stride) + ix]) * tx);
        var bottom = grid[((iy + 1) * stride) + ix] + ((grid[((iy + 1) * stride) + ix + 1] - grid[((iy + 1) * stride) + ix]) * tx);
        return top + ((bottom - top) * ty);
    }

    private static double Smooth(double t) => t * t * (3 - (2 * t));
}
