using Stepwise.Vision.Data;

namespace Stepwise.Vision.Tests.Data;

public class SyntheticShapesTests
{
    static readonly SyntheticShapesOptions Small = new() { Width = 96, Height = 72, MinVisiblePixels = 40 };

    [Fact]
    public void Label_by_kind_writes_each_instance_class_and_the_dataset_reads_it_back()
    {
        using var dir = new TempDir();
        var options = Small with { LabelByKind = true, MaxInstances = 6 };
        new SyntheticShapes(5, options).WriteTo(dir.Path, 8);
        var dataset = PennFudanDataset.Open(dir.Path);
        var labels = Enumerable.Range(0, 8).SelectMany(i => dataset.Load(i).Labels).ToList();
        Assert.All(labels, l => Assert.InRange(l, 1, 4));
        Assert.True(labels.Distinct().Count() >= 3, $"kinds seen: {string.Join(",", labels.Distinct())}");
        var (_, mask, kinds) = new SyntheticShapes(5, options).GenerateWithKinds(0);
        Assert.Equal(mask.InstanceIds().Count(), kinds.Count);
        Assert.Equal(kinds, dataset.Load(0).Labels);
        // Without the option every instance is class 1, as PennFudan's pedestrians.
        using var plain = new TempDir();
        new SyntheticShapes(5, Small).WriteTo(plain.Path, 2);
        Assert.All(PennFudanDataset.Open(plain.Path).Load(0).Labels, l => Assert.Equal(1, l));
        File.WriteAllText(Path.Combine(dir.Path, "PedMasks", "Shapes00001_classes.txt"), "1 x\n");
        Assert.Contains("Shapes00001_classes.txt", Assert.Throws<InvalidDataException>(() => dataset.Load(1)).Message);
    }

    [Fact]
    public void Same_seed_writes_the_same_bytes()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        new SyntheticShapes(7, Small).WriteTo(a.Path, 4);
        new SyntheticShapes(7, Small).WriteTo(b.Path, 4);
        var files = Directory.GetFiles(a.Path, "*.png", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(a.Path, f)).Order().ToArray();
        Assert.Equal(8, files.Length);
        foreach (var f in files)
            Assert.Equal(File.ReadAllBytes(Path.Combine(a.Path, f)), File.ReadAllBytes(Path.Combine(b.Path, f)));
    }

    [Fact]
    public void Different_seeds_differ()
    {
        var a = new SyntheticShapes(1, Small).Generate(0).Image.Pixels;
        var b = new SyntheticShapes(2, Small).Generate(0).Image.Pixels;
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Generated_set_loads_through_the_PennFudan_loader()
    {
        using var dir = new TempDir();
        var gen = new SyntheticShapes(3, Small);
        gen.WriteTo(dir.Path, 12);
        var ds = PennFudanDataset.Open(dir.Path);
        Assert.Equal(12, ds.Count);
        Assert.Equal(SyntheticShapes.StemOf(0), ds.Stems[0]);
        int total = 0;
        for (int i = 0; i < ds.Count; i++)
        {
            var s = ds[i];
            var (image, mask) = gen.Generate(i);
            Assert.Equal(image.Pixels, s.Image.Pixels);
            Assert.Equal(mask.InstanceIds().Length, s.Count);
            Assert.InRange(s.Count, 0, Small.MaxInstances);
            total += s.Count;
        }
        Assert.True(total >= 12, $"expected several instances across 12 images, got {total}");
    }

    [Fact]
    public void Masks_and_boxes_are_consistent()
    {
        var gen = new SyntheticShapes(11, Small);
        for (int i = 0; i < 20; i++)
        {
            var (image, labels) = gen.Generate(i);
            var s = InstanceSample.FromLabelImage("x", image, labels);
            var union = new int[image.Width * image.Height];
            for (int k = 0; k < s.Count; k++)
            {
                var m = s.Masks[k];
                Assert.True(m.Area() >= Small.MinVisiblePixels, "occluded instances below the minimum must be dropped");
                Assert.Equal(m.BoundingBox(), s.Boxes[k]);
                Assert.True(s.Boxes[k].Width > 0 && s.Boxes[k].Height > 0);
                Assert.Equal(1, s.Labels[k]);
                for (int p = 0; p < union.Length; p++)
                    union[p] += m.Pixels[p];
            }
            Assert.All(union, v => Assert.InRange(v, 0, 1)); // instances never share a pixel
            // ids are 1..k with no gaps
            Assert.Equal(Enumerable.Range(1, s.Count), labels.InstanceIds());
        }
    }

    [Fact]
    public void Invalid_options_are_rejected_with_a_reason()
    {
        var e = Assert.Throws<ArgumentException>(() => new SyntheticShapes(0, new SyntheticShapesOptions { Width = 4 }));
        Assert.Contains("4x192", e.Message);
    }
}
