using Stepwise.Vision.Data;
using Stepwise.Vision.Evaluation;
using Stepwise.Vision.Rendering;

namespace Stepwise.Vision.Annotations.Tests.Rendering;

public class DetectionOverlayTests
{
    const int W = 120, H = 90;

    static RgbImage Gray() => new(W, H, Enumerable.Repeat((byte)100, W * H * 3).ToArray());

    static DetectedObject Rect(int label, float score, int x1, int y1, int x2, int y2)
    {
        var m = new byte[W * H];
        for (int y = y1; y <= y2; y++)
            for (int x = x1; x <= x2; x++)
                m[y * W + x] = 1;
        return new DetectedObject(label, score, new Box(x1, y1, x2, y2), new BinaryMask(W, H, m));
    }

    static (byte, byte, byte) At(RgbImage im, int x, int y) => (im.Pixels[(y * im.Width + x) * 3], im.Pixels[(y * im.Width + x) * 3 + 1], im.Pixels[(y * im.Width + x) * 3 + 2]);

    static (byte, byte, byte) Mixed(int k, double alpha = 0.45)
    {
        var (r, g, b) = InstancePalette.For(k);
        byte Mix(byte c) => (byte)Math.Round(100 * (1 - alpha) + c * alpha);
        return (Mix(r), Mix(g), Mix(b));
    }

    [Fact]
    public void Each_instance_gets_its_own_translucent_colour_and_a_solid_outline()
    {
        var image = Gray();
        var o = DetectionOverlay.Render(image, [Rect(1, 0.9f, 10, 30, 50, 80), Rect(1, 0.6f, 70, 30, 110, 80)]);
        Assert.Equal(Mixed(0), At(o, 30, 60));
        Assert.Equal(Mixed(1), At(o, 90, 60));
        Assert.NotEqual(At(o, 30, 60), At(o, 90, 60));
        Assert.Equal(InstancePalette.For(0), At(o, 10, 60));   // outline (and box) in the full colour
        Assert.Equal((100, 100, 100), At(o, 60, 10));           // untouched outside
        Assert.Equal(Enumerable.Repeat((byte)100, W * H * 3), image.Pixels); // the input is not modified
    }

    [Fact]
    public void The_best_detection_is_drawn_on_top_where_masks_overlap()
    {
        var o = DetectionOverlay.Render(Gray(), [Rect(1, 0.9f, 20, 30, 80, 80), Rect(1, 0.5f, 40, 40, 100, 85)], new OverlayOptions { Outlines = false, Boxes = false, Tags = false });
        var (r0, g0, b0) = InstancePalette.For(0);
        var (r1, g1, b1) = InstancePalette.For(1);
        // The overlap is blended twice: first with colour 1 (lower score), then colour 0 on top.
        byte Two(byte under, byte c1, byte c0) => (byte)Math.Round(Math.Round(under * 0.55 + c1 * 0.45) * 0.55 + c0 * 0.45);
        Assert.Equal((Two(100, r1, r0), Two(100, g1, g0), Two(100, b1, b0)), At(o, 60, 60));
    }

    [Fact]
    public void The_tag_shows_the_class_name_and_score_in_the_instance_colour()
    {
        var d = Rect(2, 0.876f, 30, 40, 90, 80);
        Assert.Equal("circle 0.88", DetectionOverlay.Tag(d, new OverlayOptions { ClassNames = new Dictionary<int, string> { [2] = "circle" } }));
        Assert.Equal("2 0.88", DetectionOverlay.Tag(d));
        var o = DetectionOverlay.Render(Gray(), [d], new OverlayOptions { ClassNames = new Dictionary<int, string> { [2] = "circle" } });
        // Above the box: a filled band of the instance colour with ink inside it.
        var band = Enumerable.Range(30, BitmapFont.Measure("circle 0.88").Width).Select(x => At(o, x, 40 - 5)).ToArray();
        Assert.Contains(InstancePalette.For(0), band);
        Assert.Contains(((byte)255, (byte)255, (byte)255), band);
    }

    [Fact]
    public void Below_min_score_nothing_is_drawn_and_masks_of_another_size_are_refused()
    {
        var o = DetectionOverlay.Render(Gray(), [Rect(1, 0.2f, 10, 10, 50, 50)], new OverlayOptions { MinScore = 0.5f });
        Assert.Equal(Gray().Pixels, o.Pixels);
        var wrong = new DetectedObject(1, 0.9f, new Box(0, 0, 1, 1), new BinaryMask(2, 2, new byte[4]));
        Assert.Contains("2x2", Assert.Throws<ArgumentException>(() => DetectionOverlay.Render(Gray(), [wrong])).Message);
    }

    [Fact]
    public void A_grid_tiles_images_with_captions_and_encodes_as_png()
    {
        var grid = DetectionOverlay.Grid([Gray(), Gray(), Gray()], ["a", "b", "c"], columns: 2, gap: 6);
        Assert.Equal(2 * W + 3 * 6, grid.Width);
        Assert.Equal(2 * (H + BitmapFont.CellHeight + 4) + 3 * 6, grid.Height);
        Assert.Equal((100, 100, 100), At(grid, 6, 6));
        Assert.Equal((255, 255, 255), At(grid, 2, 2));
        var png = PngCodec.EncodeRgb(grid);
        Assert.True(PngCodec.IsPng(png));
        Assert.Equal(grid.Pixels, PngCodec.DecodeRgb(png).Pixels);
    }

    [Fact]
    public void The_font_has_a_glyph_for_every_printable_ascii_character_but_space()
    {
        for (char c = '!'; c <= '~'; c++)
        {
            var ch = c;
            Assert.True(Enumerable.Range(0, 5).Any(x => Enumerable.Range(0, 7).Any(y => BitmapFont.IsSet(ch, x, y))), $"'{c}' is blank");
        }
        Assert.DoesNotContain(Enumerable.Range(0, 35), i => BitmapFont.IsSet(' ', i / 7, i % 7));
        Assert.Equal((6 * 3 - 1, 7), BitmapFont.Measure("abc"));
    }
}
