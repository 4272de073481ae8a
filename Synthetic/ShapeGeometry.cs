namespace EdgeVision.Synthetic;

/// <summary>
/// Shape outlines in unit coordinates (circumradius 1, pointing up) and their signed distance, which gives
/// anti-aliased edges at any size for one distance evaluation per pixel.
/// </summary>
internal static class ShapeGeometry
{
    private const double ArmHalfWidth = 0.33;

    private static readonly double[] Square = [-0.7071, -0.7071, 0.7071, -0.7071, 0.7071, 0.7071, -0.7071, 0.7071];
    private static readonly double[] Triangle = Regular(3, 1, 1);
    private static readonly double[] Star = Regular(5, 1, 0.45);
    private static readonly double[] Cross = Plus(ArmHalfWidth, Math.Sqrt(1 - (ArmHalfWidth * ArmHalfWidth)));

    // The circle's mark: off-centre so that turning moves it.
    public const double MarkOffset = 0.5;
    public const double MarkRadius = 0.3;

    /// <summary>Signed distance from (x, y) to the outline, in units of the circumradius (negative inside).</summary>
    public static double Distance(ShapeKind shape, double x, double y) => shape switch
    {
        ShapeKind.Circle => Math.Sqrt((x * x) + (y * y)) - 1,
        ShapeKind.Square => Polygon(Square, x, y),
        ShapeKind.Triangle => Polygon(Triangle, x, y),
        ShapeKind.Cross => Polygon(Cross, x, y),
        ShapeKind.Star => Polygon(Star, x, y),
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "Unknown shape."),
    };

    public static double MarkDistance(double x, double y)
    {
        var dx = x - MarkOffset;
        return Math.Sqrt((dx * dx) + (y * y)) - MarkRadius;
    }

    // Exact signed distance to a simple polygon (Inigo Quilez' sdPolygon), non-convex ones (star, cross) included.
    private static double Polygon(double[] v, double x, double y)
    {
        var n = v.Length / 2;
        var best = double.MaxValue;
        var sign = 1.0;
        for (int i = 0, j = n - 1; i < n; j = i, i++)
        {
            double vix = v[2 * i], viy = v[(2 * i) + 1], vjx = v[2 * j], vjy = v[(2 * j) + 1];
            double ex = vjx - vix, ey = vjy - viy, wx = x - vix, wy = y - viy;
            var t = Math.Clamp(((wx * ex) + (wy * ey)) / ((ex * ex) + (ey * ey)), 0, 1);
            double bx = wx - (ex * t), by = wy - (ey * t);
            best = Math.Min(best, (bx * bx) + (by * by));
            var above = y >= viy;
            var below = y < vjy;
            var left = ex * wy > ey * wx;
            if ((above && below && left) || (!above && !below && !left))
            {
                sign = -sign;
            }
        }

        return sign * Math.Sqrt(best);
    }

    private static double[] Regular(int points, double outer, double inner)
    {
        var star = inner < outer;
        var count = star ? points * 2 : points;
        var vertices = new double[count * 2];
        for (var i = 0; i < count; i++)
        {
            var radius = star && i % 2 == 1 ? inner : outer;
            var angle = (-Math.PI / 2) + (2 * Math.PI * i / count);
            vertices[2 * i] = radius * Math.Cos(angle);
            vertices[(2 * i) + 1] = radius * Math.Sin(angle);
        }

        return vertices;
    }

    private static double[] Plus(double w, double l) =>
        [w, -l, w, -w, l, -w, l, w, w, w, w, l, -w, l, -w, w, -l, w, -l, -w, -w, -w, -w, -l];
}
