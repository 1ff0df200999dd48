namespace Stepwise.Workflows.SageMaker;

/// <summary>An S3 training channel with its options, as sagemaker-python-sdk's <c>TrainingInput</c> (<c>InputDataConfig[]</c>).</summary>
/// <param name="S3Data">S3 URI of the data (a string or a placeholder).</param>
public sealed record TrainingInput(object S3Data)
{
    /// <summary><c>FullyReplicated</c> (the default) or <c>ShardedByS3Key</c>.</summary>
    public string Distribution { get; init; } = "FullyReplicated";

    /// <summary><c>None</c> or <c>Gzip</c> (<c>CompressionType</c>).</summary>
    public string? Compression { get; init; }

    /// <summary>MIME type of the data (<c>ContentType</c>).</summary>
    public string? ContentType { get; init; }

    /// <summary><c>None</c> or <c>RecordIO</c> (<c>RecordWrapperType</c>).</summary>
    public string? RecordWrapping { get; init; }

    /// <summary><c>S3Prefix</c>, <c>ManifestFile</c> or <c>AugmentedManifestFile</c>.</summary>
    public string S3DataType { get; init; } = "S3Prefix";

    /// <summary>This channel's input mode, overriding the estimator's.</summary>
    public string? InputMode { get; init; }

    /// <summary>Attributes read from an augmented manifest.</summary>
    public IReadOnlyList<string>? AttributeNames { get; init; }

    /// <summary>Instance groups that get this channel (<c>InstanceGroupNames</c>).</summary>
    public IReadOnlyList<string>? InstanceGroups { get; init; }

    /// <summary>Seed that shuffles the S3 objects each epoch (<c>ShuffleConfig.Seed</c>).</summary>
    public long? ShuffleSeed { get; init; }

    internal Dictionary<string, object?> ToChannel(string channelName)
    {
        var s3 = new Dictionary<string, object?>
        {
            ["S3DataType"] = S3DataType,
            ["S3Uri"] = SageMakerRequest.StringOrPlaceholder(S3Data, "TrainingInput.S3Data"),
            ["S3DataDistributionType"] = Distribution,
        };
        if (AttributeNames is not null) s3["AttributeNames"] = AttributeNames;
        if (InstanceGroups is not null) s3["InstanceGroupNames"] = InstanceGroups;
        var channel = new Dictionary<string, object?>
        {
            ["ChannelName"] = channelName,
            ["DataSource"] = new Dictionary<string, object?> { ["S3DataSource"] = s3 },
        };
        if (Compression is not null) channel["CompressionType"] = Compression;
        if (ContentType is not null) channel["ContentType"] = ContentType;
        if (RecordWrapping is not null) channel["RecordWrapperType"] = RecordWrapping;
        if (InputMode is not null) channel["InputMode"] = InputMode;
        if (ShuffleSeed is { } seed) channel["ShuffleConfig"] = new Dictionary<string, object?> { ["Seed"] = seed };
        return channel;
    }
}
