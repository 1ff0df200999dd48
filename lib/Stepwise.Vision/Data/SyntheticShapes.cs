namespace Stepwise.Vision.Data;

/// <summary>
/// A deterministic synthetic instance-segmentation set written in the PennFudan layout, so the real loader is what
/// training exercises offline: textured, noisy backgrounds; ellipses, rectangles, polygons and person-like blobs with
/// their own textures; later instances occlude earlier ones, and instances left too small are dropped.
/// </summary>
public sealed class SyntheticShapes(int seed, SyntheticShapesOptions? options = null)
{
    public SyntheticShapesOptions Options { get; } = (options ?? new SyntheticShapesOptions()).Validate();
    public int Seed { get; } = seed;

    /// <summary>The stem of image <paramref name="index"/> (e.g. <c>Shapes00042</c>).</summary>
    public static string StemOf(int index) => $"Shapes{index:D5}";

    /// <summary>Writes <paramref name="count"/> images and masks under <paramref name="root"/> in the PennFudan layout.</summary>
    public void WriteTo(string root, int count)
    {
        if (count < 1)
            throw new ArgumentOutOfRangeException(nameof(count), count, "At least one image is needed.");
        Directory.CreateDirectory(Path.Combine(root, PennFudanDataset.ImagesFolder));
        Directory.CreateDirectory(Path.Combine(root, PennFudanDataset.MasksFolder));
        for (int i = 0; i < count; i++)
        {
            var (image, mask, kinds) = GenerateWithKinds(i);
            image.Save(Path.Combine(root, PennFudanDataset.ImagesFolder, StemOf(i) + ".png"));
            mask.Save(Path.Combine(root, PennFudanDataset.MasksFolder, StemOf(i) + "_mask.png"));
            if (Options.LabelByKind)
                File.WriteAllLines(Path.Combine(root, PennFudanDataset.MasksFolder, StemOf(i) + "_classes.txt"),
                    kinds.Select((k, id) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{id + 1} {k}")));
        }
    }

    /// <summary>Image <paramref name="index"/> and its instance-id mask; depends only on the seed, the options and the index.</summary>
    public (RgbImage Image, LabelImage Mask) Generate(int index)
    {
        var (image, mask, _) = GenerateWithKinds(index);
        return (image, mask);
    }

    /// <summary>Kind classes of <see cref="SyntheticShapesOptions.LabelByKind"/>, by label (0 is background).</summary>
    public static IReadOnlyList<string> KindNames { get; } = ["__background__", "ellipse", "rectangle", "polygon", "person"];

    /// <summary>As <see cref="Generate"/>, with the kind (1…4, see <see cref="KindNames"/>) of instance id k at index k − 1.</summary>
    public (RgbImage Image, LabelImage Mask, IReadOnlyList<int> Kinds) GenerateWithKinds(int index)
    {
        var o = Options;
        int w = o.Width, h = o.Height;
        var rng = new SeededRandom(unchecked(Seed * 1_000_003L + index * 7_919L + 17));
        var pixels = new double[w * h * 3];
        PaintBackground(rng, w, h, pixels);

        int wanted = rng.Next(o.MinInstances, o.MaxInstances + 1);
        var shapes = new List<Shape>();
        for (int i = 0; i < wanted; i++)
            shapes.Add(RandomShape(rng, w, h));

        // Decide from the top of the stack down which instances stay visible enough, so a dropped instance
        // never leaves unlabelled pixels behind: it is simply not drawn.
        var owner = new int[w * h];
        Array.Fill(owner, -1);
        var kept = new List<int>();
        for (int i = shapes.Count - 1; i >= 0; i--)
        {
            var s = shapes[i];
            var (x0, y0, x1, y1) = s.PixelBounds(w, h);
            int area = 0, visible = 0, vx0 = int.MaxValue, vx1 = -1, vy0 = int.MaxValue, vy1 = -1;
            for (int y = y0; y <= y1; y++)
                for (int x = x0; x <= x1; x++)
                {
                    if (!s.Contains(x + 0.5, y + 0.5))
                        continue;
                    area++;
                    if (owner[y * w + x] >= 0)
                        continue;
                    visible++;
                    vx0 = Math.Min(vx0, x); vx1 = Math.Max(vx1, x); vy0 = Math.Min(vy0, y); vy1 = Math.Max(vy1, y);
                }
            if (visible < o.MinVisiblePixels || visible < o.MinVisibleFraction * area || vx1 - vx0 < 2 || vy1 - vy0 < 2)
                continue;
            for (int y = y0; y <= y1; y++)
                for (int x = x0; x <= x1; x++)
                    if (owner[y * w + x] < 0 && s.Contains(x + 0.5, y + 0.5))
                        owner[y * w + x] = i;
            kept.Add(i);
        }
        kept.Reverse();
        var idOf = new int[shapes.Count];
        for (int k = 0; k < kept.Count; k++)
            idOf[kept[k]] = k + 1;

        var labels = new byte[w * h];
        foreach (var i in kept)
            shapes[i].Texture.Prepare();
        for (int p = 0; p < w * h; p++)
        {
            int i = owner[p];
            if (i < 0)
                continue;
            labels[p] = (byte)idOf[i];
            var (r, g, b) = shapes[i].Texture.At(p % w, p / w);
            pixels[3 * p] = r; pixels[3 * p + 1] = g; pixels[3 * p + 2] = b;
        }

        var bytes = new byte[w * h * 3];
        for (int i = 0; i < bytes.Length; i++)
            bytes[i] = (byte)Math.Clamp(Math.Round(pixels[i] + o.PixelNoise * rng.Gaussian()), 0, 255);
        var kinds = kept.Select(i => shapes[i] switch { EllipseShape => 1, RectangleShape => 2, PolygonShape => 3, _ => 4 }).ToArray();
        return (new RgbImage(w, h, bytes), new LabelImage(w, h, labels), kinds);
    }

    static (double R, double G, double B) RandomColor(SeededRandom rng) => (rng.Uniform(0, 255), rng.Uniform(0, 255), rng.Uniform(0, 255));

    static void PaintBackground(SeededRandom rng, int w, int h, double[] pixels)
    {
        var a = RandomColor(rng);
        var b = RandomColor(rng);
        double angle = rng.Uniform(0, Math.PI), freq = rng.Uniform(0.02, 0.15), amp = rng.Uniform(0, 30);
        double cos = Math.Cos(angle), sin = Math.Sin(angle);
        // A coarse grid of random offsets, bilinearly interpolated: soft blotches like clutter in a street scene.
        const int cell = 24;
        int gw = w / cell + 2, gh = h / cell + 2;
        var grid = new double[gw * gh];
        for (int i = 0; i < grid.Length; i++)
            grid[i] = rng.Uniform(-35, 35);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                double t = (x * cos + y * sin) / Math.Sqrt((double)w * w + h * h) + 0.5;
                double stripes = amp * Math.Sin((x * cos - y * sin) * freq * 2 * Math.PI);
                double gx = (double)x / cell, gy = (double)y / cell;
                int ix = (int)gx, iy = (int)gy;
                double fx = gx - ix, fy = gy - iy;
                double blotch = grid[iy * gw + ix] * (1 - fx) * (1 - fy) + grid[iy * gw + ix + 1] * fx * (1 - fy)
                    + grid[(iy + 1) * gw + ix] * (1 - fx) * fy + grid[(iy + 1) * gw + ix + 1] * fx * fy;
                int p = 3 * (y * w + x);
                pixels[p] = a.R + (b.R - a.R) * t + stripes + blotch;
                pixels[p + 1] = a.G + (b.G - a.G) * t + stripes + blotch;
                pixels[p + 2] = a.B + (b.B - a.B) * t + stripes + blotch;
            }
    }

    static Shape RandomShape(SeededRandom rng, int w, int h)
    {
        double m = Math.Min(w, h);
        double cx = rng.Uniform(0.1 * w, 0.9 * w), cy = rng.Uniform(0.1 * h, 0.9 * h);
        var texture = Texture.Random(rng);
        switch (rng.Next(0, 4))
        {
            case 0:
                return new EllipseShape(cx, cy, rng.Uniform(0.08, 0.25) * m, rng.Uniform(0.08, 0.25) * m, rng.Uniform(0, Math.PI), texture);
            case 1:
                return new RectangleShape(cx, cy, rng.Uniform(0.15, 0.45) * m, rng.Uniform(0.15, 0.45) * m, rng.Uniform(-0.5, 0.5), texture);
            case 2:
            {
                int n = rng.Next(3, 9);
                double r = rng.Uniform(0.1, 0.25) * m, phase = rng.Uniform(0, 2 * Math.PI);
                var pts = new (double X, double Y)[n];
                for (int i = 0; i < n; i++)
                {
                    double ang = phase + 2 * Math.PI * (i + rng.Uniform(-0.3, 0.3)) / n, rr = r * rng.Uniform(0.5, 1.0);
                    pts[i] = (cx + rr * Math.Cos(ang), cy + rr * Math.Sin(ang));
                }
                return new PolygonShape(pts, texture);
            }
            default:
                return PersonShape.Random(rng, cx, rng.Uniform(0.3 * h, 0.7 * h), rng.Uniform(0.45, 0.85) * h, texture);
        }
    }

    abstract record Shape(Texture Texture)
    {
        /// <summary>Extent in continuous coordinates (may exceed the image).</summary>
        public abstract (double X0, double Y0, double X1, double Y1) Extent { get; }
        public abstract bool Contains(double x, double y);

        public (int X0, int Y0, int X1, int Y1) PixelBounds(int w, int h)
        {
            var e = Extent;
            return (Math.Clamp((int)Math.Floor(e.X0), 0, w - 1), Math.Clamp((int)Math.Floor(e.Y0), 0, h - 1),
                Math.Clamp((int)Math.Ceiling(e.X1), 0, w - 1), Math.Clamp((int)Math.Ceiling(e.Y1), 0, h - 1));
        }
    }

    sealed record EllipseShape(double Cx, double Cy, double Rx, double Ry, double Angle, Texture T) : Shape(T)
    {
        public override (double, double, double, double) Extent
        {
            get { double r = Math.Max(Rx, Ry); return (Cx - r, Cy - r, Cx + r, Cy + r); }
        }

        public override bool Contains(double x, double y)
        {
            double dx = x - Cx, dy = y - Cy, c = Math.Cos(Angle), s = Math.Sin(Angle);
            double u = (dx * c + dy * s) / Rx, v = (-dx * s + dy * c) / Ry;
            return u * u + v * v <= 1;
        }
    }

    sealed record RectangleShape(double Cx, double Cy, double W, double H, double Angle, Texture T) : Shape(T)
    {
        public override (double, double, double, double) Extent
        {
            get { double r = 0.5 * Math.Sqrt(W * W + H * H); return (Cx - r, Cy - r, Cx + r, Cy + r); }
        }

        public override bool Contains(double x, double y)
        {
            double dx = x - Cx, dy = y - Cy, c = Math.Cos(Angle), s = Math.Sin(Angle);
            return Math.Abs(dx * c + dy * s) <= W / 2 && Math.Abs(-dx * s + dy * c) <= H / 2;
        }
    }

    sealed record PolygonShape((double X, double Y)[] Points, Texture T) : Shape(T)
    {
        public override (double, double, double, double) Extent =>
            (Points.Min(p => p.X), Points.Min(p => p.Y), Points.Max(p => p.X), Points.Max(p => p.Y));

        public override bool Contains(double x, double y)
        {
            bool inside = false;
            for (int i = 0, j = Points.Length - 1; i < Points.Length; j = i++)
            {
                var (xi, yi) = Points[i];
                var (xj, yj) = Points[j];
                if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi)
                    inside = !inside;
            }
            return inside;
        }
    }

    /// <summary>A pedestrian silhouette: head, torso, two arms and two legs, tall and narrow like PennFudan's people.</summary>
    sealed record PersonShape(Shape[] Parts, Texture T) : Shape(T)
    {
        public static PersonShape Random(SeededRandom rng, double cx, double cy, double height, Texture texture)
        {
            double u = height / 8, top = cy - height / 2, stride = rng.Uniform(-0.6, 0.6), lean = rng.Uniform(-0.15, 0.15);
            var parts = new Shape[]
            {
                new EllipseShape(cx + lean * u * 3, top + u * 0.55, u * 0.5, u * 0.6, 0, texture),
                new RectangleShape(cx + lean * u * 1.5, top + u * 2.6, u * 1.5, u * 3.2, lean, texture),
                new RectangleShape(cx - u * 0.95, top + u * 2.6, u * 0.45, u * 2.8, 0.15 + rng.Uniform(0, 0.3), texture),
                new RectangleShape(cx + u * 0.95, top + u * 2.6, u * 0.45, u * 2.8, -0.15 - rng.Uniform(0, 0.3), texture),
                new RectangleShape(cx - u * 0.4, top + u * 5.9, u * 0.6, u * 3.9, 0.2 * stride, texture),
                new RectangleShape(cx + u * 0.4, top + u * 5.9, u * 0.6, u * 3.9, -0.2 * stride, texture),
            };
            return new PersonShape(parts, texture);
        }

        public override (double, double, double, double) Extent =>
            (Parts.Min(p => p.Extent.X0), Parts.Min(p => p.Extent.Y0), Parts.Max(p => p.Extent.X1), Parts.Max(p => p.Extent.Y1));

        public override bool Contains(double x, double y) => Parts.Any(p => p.Contains(x, y));
    }

    /// <summary>An instance's appearance: a base colour with stripes, checks or speckles.</summary>
    sealed class Texture
    {
        (double R, double G, double B) _a, _b;
        int _kind;
        double _freq, _angle;
        long _seed;
        SeededRandom? _speckle;

        public static Texture Random(SeededRandom rng) => new()
        {
            _a = RandomColor(rng),
            _b = RandomColor(rng),
            _kind = rng.Next(0, 4),
            _freq = rng.Uniform(0.05, 0.3),
            _angle = rng.Uniform(0, Math.PI),
            _seed = (long)(rng.NextUInt64() >> 1),
        };

        public void Prepare() => _speckle = new SeededRandom(_seed);

        public (double R, double G, double B) At(int x, int y)
        {
            double t = _kind switch
            {
                0 => 0,
                1 => 0.5 + 0.5 * Math.Sin((x * Math.Cos(_angle) + y * Math.Sin(_angle)) * _freq * 2 * Math.PI),
                2 => ((int)(x * _freq) + (int)(y * _freq)) % 2 == 0 ? 0.2 : 0.8,
                _ => _speckle!.NextDouble() * 0.6,
            };
            return (_a.R + (_b.R - _a.R) * 0.5 * t, _a.G + (_b.G - _a.G) * 0.5 * t, _a.B + (_b.B - _a.B) * 0.5 * t);
        }
    }
}
