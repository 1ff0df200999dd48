using System.CommandLine;
using System.Globalization;
using Stepwise.Container.Model;
using Stepwise.Container.Training;
using Stepwise.Vision.Data;

namespace Stepwise.Container.Commands;

/// <summary><c>evaluate --model DIR --data DIR</c>: COCO box and mask AP of a trained model on a dataset in the PennFudan layout.</summary>
public static class EvaluateCommand
{
    public static Command Create(ISegmenterFactory factory)
    {
        var model = new Option<DirectoryInfo>("--model") { Description = "A model folder written by train (config.json and weights).", Required = true };
        var data = new Option<DirectoryInfo>("--data") { Description = "Images and masks in the PennFudan layout (classes from PedMasks/<stem>_classes.txt when present).", Required = true };
        var command = new Command("evaluate", "Print box and mask AP (COCO: AP@[.5:.95], AP@.5, AP@.75) of a model on a dataset.") { model, data };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            try
            {
                var dataset = PennFudanDataset.Open(parse.GetValue(data)!.FullName);
                using var segmenter = factory.Load(parse.GetValue(model)!.FullName);
                var (box, mask) = Trainer.Evaluate(segmenter, dataset, [.. Enumerable.Range(0, dataset.Count)]);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"images={dataset.Count} box_ap={box.AP:0.0000} box_ap50={box.AP50:0.0000} box_ap75={box.AP75:0.0000} mask_ap={mask.AP:0.0000} mask_ap50={mask.AP50:0.0000} mask_ap75={mask.AP75:0.0000}"));
                return 0;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException)
            {
                parse.InvocationConfiguration.Error.WriteLine($"evaluate failed: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
