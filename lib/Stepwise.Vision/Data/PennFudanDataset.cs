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

    /// <summary>
    /// Optional classes of image <paramref name="index"/>'s instances, one "instance_id class" line each (written by
    /// <see cref="SyntheticShapes"/> with <see cref="SyntheticShapesOptions.LabelByKind"/>); without it every instance gets <see cref="Label"/>.
    /// </summary>
    public string ClassesPath(int index) => Path.Combine(Root, MasksFolder, Stems[index] + "_classes.txt");

    /// <summary>Loads sample <paramref name="index"/>: image, one binary mask per instance id, boxes from the masks, labels.</summary>
    public InstanceSample this[int index] => Load(index);

    /// <summary>Loads sample <paramref name="index"/>.</summary>
    public InstanceSample Load(int index)
    {
        var stem = Stems[index];
        try
        {
            var image = RgbImage.Load(ImagePath(index));
            var mask = LabelImage.Load(MaskPath(index));
            if (!File.Exists(ClassesPath(index)))
                return InstanceSample.FromLabelImage(stem, image, mask, Label);
            var classes = ReadClasses(ClassesPath(index));
            return InstanceSample.FromLabelImage(stem, image, mask, id => classes.TryGetValue(id, out var c) ? c
                : throw new InvalidDataException($"instance {id} has no class in '{ClassesPath(index)}'."));
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"Sample '{stem}' in '{Root}' cannot be read: {e.Message}", e);
        }
    }

    static Dictionary<int, int> ReadClasses(string path)
    {
        var classes = new Dictionary<int, int>();
        foreach (var line in File.ReadAllLines(path).Where(l => l.Trim().Length > 0))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || !int.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var id)
                || !int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var c) || c < 1)
                throw new InvalidDataException($"'{path}': line \"{line}\" is not \"instance_id class\" with class >= 1.");
            classes[id] = c;
        }
        return classes;
    }

    /// <summary>A deterministic split into training and held-out indices.</summary>
    public DatasetSplit Split(double heldOutFraction, int seed) => DatasetSplit.Create(Count, heldOutFraction, seed);
}
