using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Stepwise.Workflows.Asl;

/// <summary>Runs its item processor once per item of an array (inline) or of a dataset (distributed).</summary>
public sealed record MapState(string Name, StateMachine ItemProcessor) : State(Name)
{
    /// <inheritdoc />
    public override string Type => "Map";

    /// <summary>INLINE or DISTRIBUTED, and the child execution type.</summary>
    public ProcessorConfig? ProcessorConfig { get; init; }

    /// <summary>True when the definition used the legacy <c>Iterator</c> field (written back the same way).</summary>
    public bool UsesIterator { get; init; }

    /// <summary>Path to the items array (JSONPath).</summary>
    public string? ItemsPath { get; init; }

    /// <summary>The items array or a JSONata expression yielding it (JSONata).</summary>
    public JsonNode? Items { get; init; }

    /// <summary>Template that builds each item's input.</summary>
    public JsonNode? ItemSelector { get; init; }

    /// <summary>Legacy name of <see cref="ItemSelector"/>.</summary>
    public JsonNode? Parameters { get; init; }

    /// <summary>Upper bound of iterations running at once (0 = no limit).</summary>
    public JsonNode? MaxConcurrency { get; init; }

    /// <summary>Path to the concurrency bound in the input.</summary>
    public string? MaxConcurrencyPath { get; init; }

    /// <summary>Failed items tolerated before the Map fails (distributed).</summary>
    public JsonNode? ToleratedFailureCount { get; init; }

    /// <summary>Path to the tolerated failure count.</summary>
    public string? ToleratedFailureCountPath { get; init; }

    /// <summary>Percentage of failed items tolerated (distributed).</summary>
    public JsonNode? ToleratedFailurePercentage { get; init; }

    /// <summary>Path to the tolerated failure percentage.</summary>
    public string? ToleratedFailurePercentagePath { get; init; }

    /// <summary>Reads the items from a dataset (S3 object, CSV, manifest, listing).</summary>
    public ItemReader? ItemReader { get; init; }

    /// <summary>Groups items into batches.</summary>
    public ItemBatcher? ItemBatcher { get; init; }

    /// <summary>Writes child results to S3.</summary>
    public ResultWriter? ResultWriter { get; init; }

    /// <summary>Label of child executions (distributed).</summary>
    public string? Label { get; init; }

    /// <summary>Template applied to the array of results (JSONPath).</summary>
    public JsonNode? ResultSelector { get; init; }

    /// <summary>Where the result goes in the input (JSONPath).</summary>
    public JsonPath? ResultPath { get; init; }

    /// <summary>Retriers, tried in order.</summary>
    public ImmutableArray<Retry> Retry { get; init; } = [];

    /// <summary>Catchers, tried in order.</summary>
    public ImmutableArray<Catcher> Catch { get; init; } = [];
}

/// <summary>How a Map runs its iterations: INLINE (in the execution) or DISTRIBUTED (child executions).</summary>
/// <param name="Mode">INLINE or DISTRIBUTED.</param>
/// <param name="ExecutionType">STANDARD or EXPRESS, for DISTRIBUTED.</param>
public sealed record ProcessorConfig(string Mode = "INLINE", string? ExecutionType = null)
{
    /// <summary>Inline iterations.</summary>
    public static ProcessorConfig Inline { get; } = new("INLINE");

    /// <summary>Distributed iterations as child executions of the given type.</summary>
    public static ProcessorConfig Distributed(string executionType = "STANDARD") => new("DISTRIBUTED", executionType);
}

/// <summary>The dataset a distributed Map reads (<c>ItemReader</c>).</summary>
/// <param name="Resource">e.g. <c>arn:aws:states:::s3:getObject</c> or <c>arn:aws:states:::s3:listObjectsV2</c>.</param>
public sealed record ItemReader(string Resource)
{
    /// <summary>Bucket/Key (JSONPath).</summary>
    public JsonNode? Parameters { get; init; }

    /// <summary>Bucket/Key (JSONata).</summary>
    public JsonNode? Arguments { get; init; }

    /// <summary>InputType (JSON, CSV, MANIFEST, JSONL), CSVHeaderLocation, CSVHeaders, MaxItems, MaxItemsPath.</summary>
    public JsonObject? ReaderConfig { get; init; }
}

/// <summary>Batches of items given to each iteration (<c>ItemBatcher</c>).</summary>
public sealed record ItemBatcher
{
    /// <summary>Items per batch.</summary>
    public JsonNode? MaxItemsPerBatch { get; init; }

    /// <summary>Path to the items per batch.</summary>
    public string? MaxItemsPerBatchPath { get; init; }

    /// <summary>Bytes per batch.</summary>
    public JsonNode? MaxInputBytesPerBatch { get; init; }

    /// <summary>Path to the bytes per batch.</summary>
    public string? MaxInputBytesPerBatchPath { get; init; }

    /// <summary>Extra input given to every batch.</summary>
    public JsonNode? BatchInput { get; init; }
}

/// <summary>Where a distributed Map writes its results (<c>ResultWriter</c>).</summary>
public sealed record ResultWriter
{
    /// <summary>e.g. <c>arn:aws:states:::s3:putObject</c>.</summary>
    public string? Resource { get; init; }

    /// <summary>Bucket/Prefix (JSONPath).</summary>
    public JsonNode? Parameters { get; init; }

    /// <summary>Bucket/Prefix (JSONata).</summary>
    public JsonNode? Arguments { get; init; }

    /// <summary>OutputType / Transformation.</summary>
    public JsonObject? WriterConfig { get; init; }
}
