namespace Stepwise.Local.StepFunctions.Jsonata;

/// <summary>Settings of a <see cref="JsonataEvaluator"/>. Defaults suit a workbook process.</summary>
public sealed record JsonataEvaluatorOptions
{
    /// <summary>Most JavaScript engines alive at once, hence most evaluations in parallel. Each holds its own copy of
    /// JSONata (a few MB) and costs a load the first time; more engines than cores only add memory.</summary>
    public int MaxEngines { get; init; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>Compiled expressions kept per engine (least recently used are dropped).</summary>
    public int ExpressionCacheSize { get; init; } = 512;

    /// <summary>Longest one evaluation may run before JSONata stops it (error D1012).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Deepest JSONata evaluation nesting (error D1011), which bounds runaway recursion in user functions.</summary>
    public int MaxDepth { get; init; } = 500;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxEngines, 1, nameof(MaxEngines));
        ArgumentOutOfRangeException.ThrowIfNegative(ExpressionCacheSize, nameof(ExpressionCacheSize));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Timeout, TimeSpan.Zero, nameof(Timeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDepth, 1, nameof(MaxDepth));
    }
}
