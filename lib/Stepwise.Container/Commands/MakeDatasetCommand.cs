using System.CommandLine;
using Stepwise.Vision.Data;

namespace Stepwise.Container.Commands;

/// <summary><c>make-dataset --out DIR [--count N] [--seed S]</c>: writes the synthetic set in the PennFudan layout.</summary>
public static class MakeDatasetCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder to write PNGImages/ and PedMasks/ into.", Required = true };
        var count = new Option<int>("--count") { Description = "Number of images.", DefaultValueFactory = _ => 150 };
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed writes the same bytes.", DefaultValueFactory = _ => 0 };
        var width = new Option<int>("--width") { Description = "Image width.", DefaultValueFactory = _ => 256 };
        var height = new Option<int>("--height") { Description = "Image height.", DefaultValueFactory = _ => 192 };
        var maxInstances = new Option<int>("--max-instances") { Description = "Most instances per image (before occlusion drops some).", DefaultValueFactory = _ => new SyntheticShapesOptions().MaxInstances };
        var byKind = new Option<bool>("--label-by-kind") { Description = "One class per shape kind (1 ellipse, 2 rectangle, 3 polygon, 4 person), in PedMasks/<stem>_classes.txt; train with num_classes=5." };
        var command = new Command("make-dataset", "Write a synthetic instance-segmentation set (shapes and person-like blobs) in the PennFudan layout.")
        {
            output, count, seed, width, height, maxInstances, byKind,
        };
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(output)!;
            int n = parse.GetValue(count);
            try
            {
                var generator = new SyntheticShapes(parse.GetValue(seed), new SyntheticShapesOptions
                {
                    Width = parse.GetValue(width),
                    Height = parse.GetValue(height),
                    MaxInstances = parse.GetValue(maxInstances),
                    LabelByKind = parse.GetValue(byKind),
                });
                generator.WriteTo(dir.FullName, n);
            }
            catch (ArgumentException e)
            {
                parse.InvocationConfiguration.Error.WriteLine(e.Message);
                return 2;
            }
            parse.InvocationConfiguration.Output.WriteLine($"wrote {n} images to {dir.FullName}");
            return 0;
        });
        return command;
    }
}
