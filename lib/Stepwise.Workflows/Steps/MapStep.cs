using System.Text.Json.Nodes;
using Stepwise.Workflows.Asl;

namespace Stepwise.Workflows;

/// <summary>A Map state: runs <see cref="ItemProcessor"/> for each item, inline or distributed.</summary>
public sealed class MapStep(string name, IChainable itemProcessor) : RetryableStep(name)
{
    /// <inheritdoc />
    public override string Type => "Map";

    /// <summary>The sub-workflow run for each item.</summary>
    public IChainable ItemProcessor { get; } = itemProcessor;

    /// <summary>INLINE (default) or DISTRIBUTED.</summary>
    public ProcessorConfig? ProcessorConfig { get; init; }

    /// <summary>Write the processor as the legacy <c>Iterator</c> field (what the Python SDK emits).</summary>
    public bool UseIterator { get; init; }

    /// <summary>Path to the items array.</summary>
    public string? ItemsPath { get; init; }

    /// <summary>JSONata items.</summary>
    public object? Items { get; init; }

    /// <summary>Template building each item's input.</summary>
    public object? ItemSelector { get; init; }

    /// <summary>Legacy per-item template (prefer <see cref="ItemSelector"/>).</summary>
    public object? Parameters { get; init; }

    /// <summary>Upper bound of concurrent iterations (0 = no bound).</summary>
    public JsonNode? MaxConcurrency { get; init; }

    /// <summary>Path to the concurrency bound.</summary>
    public string? MaxConcurrencyPath { get; init; }

    /// <summary>Failed items tolerated.</summary>
    public JsonNode? ToleratedFailureCount { get; init; }

    /// <summary>Path to the tolerated failure count.</summary>
    public string? ToleratedFailureCountPath { get; init; }

    /// <summary>Percentage of failed items tolerated.</summary>
    public JsonNode? ToleratedFailurePercentage { get; init; }

    /// <summary>Path to the tolerated failure percentage.</summary>
    public string? ToleratedFailurePercentagePath { get; init; }

    /// <summary>Dataset reader (distributed).</summary>
    public ItemReader? ItemReader { get; init; }

    /// <summary>Batching (distributed).</summary>
    public ItemBatcher? ItemBatcher { get; init; }

    /// <summary>Result writer (distributed).</summary>
    public ResultWriter? ResultWriter { get; init; }

    /// <summary>Child execution label (distributed).</summary>
    public string? Label { get; init; }

    /// <summary>Template applied to the array of results.</summary>
    public object? ResultSelector { get; init; }

    /// <summary>Where the result goes in the input.</summary>
    public JsonPath? ResultPath { get; init; }

    /// <inheritdoc />
    public override IEnumerable<IChainable> Children => [ItemProcessor];

    internal override IEnumerable<(string Field, object? Value)> TemplateFields => [("ItemSelector", ItemSelector), ("Parameters", Parameters)];

    /// <inheritdoc />
    public override State ToState() => WithCommon(new MapState(Name, new Graph(ItemProcessor).Build())
    {
        ProcessorConfig = ProcessorConfig,
        UsesIterator = UseIterator,
        ItemsPath = ItemsPath,
        Items = Template(Items, "Items"),
        ItemSelector = Template(ItemSelector, "ItemSelector"),
        Parameters = Template(Parameters, "Parameters"),
        MaxConcurrency = MaxConcurrency?.DeepClone(),
        MaxConcurrencyPath = MaxConcurrencyPath,
        ToleratedFailureCount = ToleratedFailureCount?.DeepClone(),
        ToleratedFailureCountPath = ToleratedFailureCountPath,
        ToleratedFailurePercentage = ToleratedFailurePercentage?.DeepClone(),
        ToleratedFailurePercentagePath = ToleratedFailurePercentagePath,
        ItemReader = ItemReader,
        ItemBatcher = ItemBatcher,
        ResultWriter = ResultWriter,
        Label = Label,
        ResultSelector = Template(ResultSelector, "ResultSelector"),
        ResultPath = ResultPath,
        Retry = Retriers,
        Catch = Catchers,
    });
}
