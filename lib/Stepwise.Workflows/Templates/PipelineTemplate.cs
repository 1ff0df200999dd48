using System.Globalization;
using System.Text.Json.Nodes;
using Stepwise.Workflows.Asl;
using Stepwise.Workflows.SageMaker;

namespace Stepwise.Workflows.Templates;

/// <summary>What the pipeline templates share, after the Python SDK's <c>WorkflowTemplate</c>: each step's parameters become
/// <c>"$$.Execution.Input['State'].Key"</c> paths, and the concrete request values become the execution input.</summary>
internal static class PipelineTemplate
{
    /// <summary>The Python SDK's <c>_generate_timestamp()</c> (local time, to the second).</summary>
    public static string Timestamp() => DateTime.Now.ToString("yyyy-MM-dd-HH-mm-ss", CultureInfo.InvariantCulture);

    /// <summary>The steps rewritten to read every top-level parameter from the execution input, chained in order.</summary>
    public static Chain Parameterized(IEnumerable<ServiceIntegrationStep> steps) => new(steps.Select(step => (IChainable)new TaskStep(step.Name, step.Resource)
    {
        Parameters = Request(step).Select(p => p.Key.EndsWith(".$", StringComparison.Ordinal) ? p.Key[..^2] : p.Key)
            .ToDictionary(key => key + ".$", key => (object?)$"$$.Execution.Input['{step.Name}'].{key}"),
    }));

    /// <summary>The concrete request of each step, by state name (the Python SDK's <c>input_template</c>).</summary>
    public static JsonObject InputTemplate(IEnumerable<ServiceIntegrationStep> steps)
    {
        var template = new JsonObject();
        foreach (var step in steps) template[step.Name] = Request(step).DeepClone();
        return template;
    }

    /// <summary>Hyperparameters as the templates' <c>execute()</c> writes them: <c>{k: str(v)}</c>.</summary>
    public static JsonObject Hyperparameters(IReadOnlyDictionary<string, object> hyperparameters) =>
        new(hyperparameters.Select(h => new KeyValuePair<string, JsonNode?>(h.Key, PythonFormat.Str(h.Value))));

    /// <summary>The S3 URI of the <c>train</c> channel of template inputs.</summary>
    /// <exception cref="ArgumentException">No <c>train</c> channel.</exception>
    public static object TrainChannel(object inputs)
    {
        var value = inputs switch
        {
            string or Placeholder or TrainingInput => inputs,
            _ => SageMakerRequest.Entries(inputs, "Pipeline inputs").FirstOrDefault(e => e.Key == "train").Value
                 ?? throw new ArgumentException("Pipeline inputs need a 'train' channel (e.g. { [\"train\"] = \"s3://bucket/train\" })."),
        };
        return value is TrainingInput input ? input.S3Data : value;
    }

    private static JsonObject Request(ServiceIntegrationStep step) => ((TaskState)step.ToState()).Parameters?.AsObject() ?? [];
}
