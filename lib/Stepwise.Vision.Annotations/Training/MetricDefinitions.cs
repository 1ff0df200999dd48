namespace Stepwise.Vision.Training;

/// <summary>
/// The log lines the container's <c>train</c> prints and the regular expressions SageMaker's <c>MetricDefinitions</c> use to read them:
/// <code>
/// epoch=1 iter=10/60 loss=1.8421 loss_classifier=0.4120 loss_box_reg=0.2011 loss_mask=0.6900 loss_objectness=0.3921 loss_rpn_box_reg=0.1469 lr=0.00500 sec_per_iter=1.02
/// epoch=1 train_loss=1.5012 box_ap=0.0412 box_ap50=0.1201 mask_ap=0.0388 mask_ap50=0.1102 epoch_seconds=63.4
/// </code>
/// Keys are lower_snake_case, values invariant-culture numbers, one "key=value" per field separated by single spaces.
/// </summary>
public static class MetricDefinitions
{
    const string Number = @"([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)";

    /// <summary>Name → regex pairs ready for CreateTrainingJob's AlgorithmSpecification.MetricDefinitions.</summary>
    public static IReadOnlyList<(string Name, string Regex)> All { get; } =
    [
        ("train:loss", @"iter=\d+/\d+ loss=" + Number),
        ("train:loss_classifier", @"iter=\d+/\d+ .*loss_classifier=" + Number),
        ("train:loss_box_reg", @"iter=\d+/\d+ .*loss_box_reg=" + Number),
        ("train:loss_mask", @"iter=\d+/\d+ .*loss_mask=" + Number),
        ("train:loss_objectness", @"iter=\d+/\d+ .*loss_objectness=" + Number),
        ("train:loss_rpn_box_reg", @"iter=\d+/\d+ .*loss_rpn_box_reg=" + Number),
        ("train:epoch_loss", @"train_loss=" + Number),
        ("validation:box_ap", @"box_ap=" + Number),
        ("validation:box_ap50", @"box_ap50=" + Number),
        ("validation:mask_ap", @"mask_ap=" + Number),
        ("validation:mask_ap50", @"mask_ap50=" + Number),
        ("train:epoch_seconds", @"epoch_seconds=" + Number),
    ];
}
