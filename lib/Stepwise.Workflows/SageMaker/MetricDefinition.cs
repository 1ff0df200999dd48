namespace Stepwise.Workflows.SageMaker;

/// <summary>A metric SageMaker extracts from the training logs.</summary>
/// <param name="Name">Metric name, e.g. <c>validation:loss</c>.</param>
/// <param name="Regex">Regex whose first group is the value, e.g. <c>loss=([0-9.]+)</c>.</param>
public sealed record MetricDefinition(string Name, string Regex);
