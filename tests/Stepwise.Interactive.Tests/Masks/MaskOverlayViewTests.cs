using SkiaSharp;
using Stepwise.Interactive.Masks;
using Stepwise.Vision.Data;
using Stepwise.Vision.Evaluation;
using Stepwise.Vision.Invocations;
using Stepwise.Vision.Rendering;

namespace Stepwise.Interactive.Tests.Masks;

public class MaskOverlayViewTests
{
    const int W = 64, H = 48;

    static RgbImage Gray() => new(W, H, Enumerable.Repeat((byte)90, W * H * 3).ToArray());

    static DetectedObject Rect(int label, float score, int x1, int y1, int x2, int y2)
    {
        var m = new byte[W * H];
        for (int y = y1; y <= y2; y++)
            for (int x = x1; x <= x2; x++)
                m[y * W + x] = 1;
        return new DetectedObject(label, score, new Box(x1, y1, x2, y2), new BinaryMask(W, H, m));
    }

    static InvocationResult Answer() => new(W, H, 0.5f, [Rect(1, 0.9f, 4, 20, 28, 44), Rect(1, 0.7f, 36, 20, 60, 44)]);

    [Fact]
    public void The_view_of_an_answer_is_a_png_of_the_image_size_with_a_colour_per_instance()
    {
        var view = MaskOverlayView.Of(PngCodec.EncodeRgb(Gray()), InvocationResult.Parse(Answer().ToJson()), OverlayOptions.WithClasses("background", "pedestrian"));
        var image = PngCodec.DecodeRgb(view.Png);
        Assert.Equal((W, H), (image.Width, image.Height));
        int At(int x, int y) => (image.Pixels[(y * W + x) * 3] << 16) | (image.Pixels[(y * W + x) * 3 + 1] << 8) | image.Pixels[(y * W + x) * 3 + 2];
        Assert.NotEqual(At(16, 38), At(48, 38));
        Assert.Equal(0x5A5A5A, At(32, 5));
        Assert.Equal("2 detections >= 0.5, best 0.90", view.Caption);
        Assert.Equal(view.Png, Convert.FromBase64String(view.Base64));
    }

    [Fact]
    public void Jpeg_images_decode_through_skia()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(W, H, SKColorType.Rgba8888, SKAlphaType.Premul));
        bitmap.Erase(new SKColor(200, 30, 30));
        using var data = SKImage.FromBitmap(bitmap).Encode(SKEncodedImageFormat.Jpeg, 95);
        var image = MaskOverlayView.DecodeImage(data.ToArray());
        Assert.Equal((W, H), (image.Width, image.Height));
        Assert.InRange(image.Pixels[0], 190, 210);
        Assert.Contains("not a PNG or JPEG", Assert.Throws<InvalidDataException>(() => MaskOverlayView.DecodeImage([1, 2, 3])).Message);
    }

    [Fact]
    public void A_grid_tiles_views_with_their_captions()
    {
        var a = MaskOverlayView.Of(Gray(), Answer());
        var b = MaskOverlayView.Of(Gray(), new InvocationResult(W, H, 0.8f, []));
        Assert.Equal("no detection >= 0.8", b.Caption);
        var grid = MaskOverlayView.Grid([a, b, a], columns: 3);
        var image = PngCodec.DecodeRgb(grid.Png);
        Assert.Equal(grid.Image.Width, image.Width);
        Assert.True(image.Width >= 3 * W && image.Height > H);
    }
}
