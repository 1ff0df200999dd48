namespace Stepwise.Container.Contract;

/// <summary>What <c>train</c> starts from (the <c>pretrained</c> hyperparameter).</summary>
public enum PretrainedWeights
{
    /// <summary>"true": the base Mask R-CNN (backbone and heads), predictors swapped when num_classes differs.</summary>
    BaseModel,

    /// <summary>"false": random initialisation (torchvision's per module).</summary>
    None,

    /// <summary>"imagenet": CNTK's ImageNet ResNet-18 as backbone, everything else random (how the base model is trained).</summary>
    ImageNetBackbone,
}
