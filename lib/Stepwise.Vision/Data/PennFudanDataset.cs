namespace Stepwise.Vision.Data;

/// <summary>
/// A dataset in the PennFudanPed layout: <c>PNGImages/&lt;stem&gt;.png</c> (RGB) and <c>PedMasks/&lt;stem&gt;_mask.png</c>
/// (8-bit, 0 background, k the k-th instance). Images load lazily, one sample per call.
/// </summary>
public sealed class PennFudanDataset
{
    public const string ImagesFolder = "PNGImages";
    public const string MasksFolder = "PedMasks";

    /// <summary>The folder holding PNGImages/ and PedMasks/.</summary>
    public string Root { get; }

    /// <summary>Image stems in ordinal order.</summary>
    public IReadOnlyList<string> Stems { get; }

    /// <summary>The class label given to every instance (1: pedestrian / object; 0 is background).</summary>
    public int Label { get; }

    PennFudanDataset(string root, IReadOnlyList<string> stems, int label)
    {
        Root = root;
        Stems = stems;
        Label = label;
    }

    public int Count => Stems.Count;

    /// <summary>
    /// Opens the layout at <paramref name="root"/>, or in its only sub-folder that has it (the PennFudanPed zip unpacks
    /// into one), checking that every image has its mask.
    /// </summary>
    public static PennFudanDataset Open(string root, int label = 1)
    {
        if (!Directory.Exists(root))
            throw new DirectoryNotFoundException($"Dataset folder '{root}' does not exist.");
        var dir = FindLayout(root)
            ?? throw new InvalidDataException($"'{root}' is not in the PennFudan layout: expected {ImagesFolder}/<stem>.png and {MasksFolder}/<stem>_mask.png (here or in a single sub-folder).");
        var stems = Directory.EnumerateFiles(Path.Combine(dir, ImagesFolder), "*.png")
            .Select(Path.GetFileNameWithoutExtension)
            .Select(s => s!)
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (stems.Length == 0)
            throw new InvalidDataException($"'{Path.Combine(dir, ImagesFolder)}' holds no .png images.");
        var missing = stems.Where(s => !File.Exists(Path.Combine(dir, MasksFolder, s + "_mask.png"))).ToArray();
        if (missing.Length > 0)
            throw new InvalidDataException($"{missing.Length} image(s) have no mask in {MasksFolder}/, e.g. '{missing[0]}_mask.png'.");
        return new PennFudanDataset(dir, stems, label);
    }

    static string? FindLayout(string root)
    {
        static bool Has(string d) => Directory.Exists(Path.Combine(d, ImagesFolder)) && Directory.Exists(Path.Combine(d, MasksFolder));
        if (Has(root))
            return root;
        var subs = Directory.GetDirectories(root).Where(Has).ToArray();
        return subs.Length == 1 ? subs[0] : null;
    }

    public string ImagePath(int index) => Path.Combine(Root, ImagesFolder, Stems[index] + ".png");

    public string MaskPath(int index) => Path.Combine(Root, MasksFolder, Stems[index] + "_mask.png");

    /// <summary>Loads sample <paramref name="index"/>: image, one binary mask per instance id, boxes from the masks, labels.</summary>
    public InstanceSample this[int index] => Load(index);

    /// <summary>Loads sample <paramref name="index"/>.</summary>
    public InstanceSample Load(int index)
    {
        var stem = Stems[index];
        try
        {
            return InstanceSample.FromLabelImage(stem, RgbImage.Load(ImagePath(index)), LabelImage.Load(MaskPath(index)), Label);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"Sample '{stem}' in '{Root}' cannot be read: {e.Message}", e);
        }
    }

    /// <summary>A deterministic split into training and held-out indices.</summary>
    public DatasetSplit Split(double heldOutFraction, int seed) => DatasetSplit.Create(Count, heldOutFraction, seed);
}
