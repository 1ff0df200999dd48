using Stepwise.Vision.Data;

namespace Stepwise.Vision.Tests.Data;

public class PennFudanDatasetTests
{
    [Fact]
    public void Loads_hand_written_sample_with_instance_ids()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(Path.Combine(dir.Path, "PNGImages"));
        Directory.CreateDirectory(Path.Combine(dir.Path, "PedMasks"));
        RgbImage.Blank(6, 4).Save(Path.Combine(dir.Path, "PNGImages", "FudanPed00001.png"));
        new LabelImage(6, 4,
        [
            0, 1, 1, 0, 0, 0,
            0, 1, 1, 0, 2, 2,
            0, 1, 1, 0, 2, 2,
            0, 0, 0, 0, 2, 2,
        ]).Save(Path.Combine(dir.Path, "PedMasks", "FudanPed00001_mask.png"));

        var s = PennFudanDataset.Open(dir.Path)[0];
        Assert.Equal("FudanPed00001", s.Id);
        Assert.Equal(2, s.Count);
        Assert.Equal(new Box(1, 0, 2, 2), s.Boxes[0]);
        Assert.Equal(new Box(4, 1, 5, 3), s.Boxes[1]);
        Assert.Equal([1, 1], s.Labels);
        Assert.Equal(6, s.Masks[0].Area());
    }

    [Fact]
    public void Finds_the_layout_in_a_single_sub_folder()
    {
        using var dir = new TempDir();
        new SyntheticShapes(1, new SyntheticShapesOptions { Width = 32, Height = 32, MinVisiblePixels = 10 }).WriteTo(Path.Combine(dir.Path, "PennFudanPed"), 2);
        Assert.Equal(2, PennFudanDataset.Open(dir.Path).Count);
    }

    [Fact]
    public void Missing_mask_is_named_in_the_error()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(Path.Combine(dir.Path, "PNGImages"));
        Directory.CreateDirectory(Path.Combine(dir.Path, "PedMasks"));
        RgbImage.Blank(4, 4).Save(Path.Combine(dir.Path, "PNGImages", "a.png"));
        var e = Assert.Throws<InvalidDataException>(() => PennFudanDataset.Open(dir.Path));
        Assert.Contains("a_mask.png", e.Message);
        Assert.Throws<InvalidDataException>(() => PennFudanDataset.Open(Path.Combine(dir.Path, "PNGImages")));
    }

    [Fact]
    public void Split_is_deterministic_disjoint_and_complete()
    {
        var a = DatasetSplit.Create(50, 0.2, seed: 5);
        var b = DatasetSplit.Create(50, 0.2, seed: 5);
        var c = DatasetSplit.Create(50, 0.2, seed: 6);
        Assert.Equal(a.Train, b.Train);
        Assert.Equal(a.HeldOut, b.HeldOut);
        Assert.NotEqual(a.HeldOut, c.HeldOut);
        Assert.Equal(10, a.HeldOut.Count);
        Assert.Empty(a.Train.Intersect(a.HeldOut));
        Assert.Equal(Enumerable.Range(0, 50), a.Train.Concat(a.HeldOut).Order());
        Assert.Single(DatasetSplit.Create(3, 0.1, 0).HeldOut); // at least one held out
    }

    [Fact]
    public void Horizontal_flip_mirrors_image_masks_and_boxes_together()
    {
        var gen = new SyntheticShapes(4, new SyntheticShapesOptions { Width = 80, Height = 60, MinVisiblePixels = 30 });
        var (image, labels) = gen.Generate(0);
        var s = InstanceSample.FromLabelImage("x", image, labels);
        Assert.True(s.Count > 0);
        var f = s.FlipHorizontal();
        for (int k = 0; k < s.Count; k++)
        {
            Assert.Equal(f.Masks[k].BoundingBox(), f.Boxes[k]);
            Assert.Equal(s.Masks[k].Area(), f.Masks[k].Area());
        }
        for (int y = 0; y < 60; y++)
            for (int x = 0; x < 80; x++)
            {
                Assert.Equal(s.Masks[0].Pixels[y * 80 + x], f.Masks[0].Pixels[y * 80 + 79 - x]);
                Assert.Equal(s.Image.Pixels[(y * 80 + x) * 3 + 1], f.Image.Pixels[(y * 80 + 79 - x) * 3 + 1]);
            }
        var twice = f.FlipHorizontal();
        Assert.Equal(s.Image.Pixels, twice.Image.Pixels);
        Assert.Equal(s.Boxes, twice.Boxes);
        Assert.Equal(new Box(70, 2, 77, 9), new Box(2, 2, 9, 9).FlipHorizontal(80));
    }
}
