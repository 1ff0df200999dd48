namespace Stepwise.Container.Contract;

/// <summary>How fine-tuning fills the box and mask predictors it replaces when num_classes differs from the base model's.</summary>
public enum PredictorInit
{
    /// <summary>"new": freshly initialised (random), as the seed's FastRCNNPredictor/MaskRCNNPredictor swap.</summary>
    New,

    /// <summary>"class_mean" (default): background rows from the base, each new class from the mean of the base's foreground classes; conv5_mask kept.</summary>
    ClassMean,
}
