namespace Stepwise.Local.Images;

/// <summary>No local image has this URI; each service turns it into its own error (SageMaker's ValidationException).</summary>
public sealed class ImageNotFoundException(string imageUri, string message) : Exception(message)
{
    /// <summary>The URI asked for.</summary>
    public string ImageUri { get; } = imageUri;
}
