using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Workflows.Asl;

namespace Stepwise.Workflows.Serialization;

/// <summary>Writes the object model as ASL JSON, keys in the order the Python SDK emits them:
/// a state's fields, then <c>Type</c>, then <c>Next</c>/<c>End</c>, then <c>Retry</c> and <c>Catch</c>.</summary>
public static class AslWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Serializer options for ASL text (2-space indent, no needless escaping).</summary>
    public static JsonSerializerOptions Options(bool indented) => indented ? Indented : Compact;

    /// <summary>The state machine as a JSON object.</summary>
    public static JsonObject Write(StateMachine machine)
    {
        var o = new JsonObject();
        Put(o, "TimeoutSeconds", machine.TimeoutSeconds);
        Put(o, "Comment", machine.Comment);
        Put(o, "Version", machine.Version);
        Put(o, "QueryLanguage", machine.QueryLanguage?.ToString());
        o["StartAt"] = machine.StartAt;
        var states = new JsonObject();
        foreach (var state in machine.States) states[state.Name] = Write(state);
        o["States"] = states;
        return o;
    }

    /// <summary>One state as a JSON object (without its name, which is its key in <c>States</c>).</summary>
    public static JsonObject Write(State state)
    {
        var o = new JsonObject();
        switch (state)
        {
            case FailState f:
                Put(o, "Error", f.Error);
                Put(o, "Cause", f.Cause);
                Put(o, "ErrorPath", f.ErrorPath);
                Put(o, "CausePath", f.CausePath);
                break;
            case WaitState w:
                Put(o, "Seconds", w.Seconds);
                Put(o, "Timestamp", w.Timestamp);
                Put(o, "SecondsPath", w.SecondsPath);
                Put(o, "TimestampPath", w.TimestampPath);
                break;
            case MapState m:
                if (m.UsesIterator) o["Iterator"] = Write(m.ItemProcessor);
                else o["ItemProcessor"] = WriteProcessor(m);
                Put(o, "ItemsPath", m.ItemsPath);
                Put(o, "Items", m.Items);
                Put(o, "ItemSelector", m.ItemSelector);
                Put(o, "MaxConcurrency", m.MaxConcurrency);
                Put(o, "MaxConcurrencyPath", m.MaxConcurrencyPath);
                Put(o, "ToleratedFailureCount", m.ToleratedFailureCount);
                Put(o, "ToleratedFailureCountPath", m.ToleratedFailureCountPath);
                Put(o, "ToleratedFailurePercentage", m.ToleratedFailurePercentage);
                Put(o, "ToleratedFailurePercentagePath", m.ToleratedFailurePercentagePath);
                if (m.ItemReader is { } reader) o["ItemReader"] = Write(reader);
                if (m.ItemBatcher is { } batcher) o["ItemBatcher"] = Write(batcher);
                if (m.ResultWriter is { } writer) o["ResultWriter"] = Write(writer);
                Put(o, "Label", m.Label);
                break;
        }

        Put(o, "Comment", state.Comment);
        Put(o, "QueryLanguage", state.QueryLanguage?.ToString());
        Put(o, "InputPath", state.InputPath);
        Put(o, "OutputPath", state.OutputPath);
        switch (state)
        {
            case PassState p:
                Put(o, "Parameters", p.Parameters);
                Put(o, "Result", p.Result);
                Put(o, "ResultPath", p.ResultPath);
                break;
            case TaskState t:
                Put(o, "Parameters", t.Parameters);
                Put(o, "Arguments", t.Arguments);
                Put(o, "ResultSelector", t.ResultSelector);
                Put(o, "ResultPath", t.ResultPath);
                o["Resource"] = t.Resource;
                Put(o, "TimeoutSeconds", t.TimeoutSeconds);
                Put(o, "TimeoutSecondsPath", t.TimeoutSecondsPath);
                Put(o, "HeartbeatSeconds", t.HeartbeatSeconds);
                Put(o, "HeartbeatSecondsPath", t.HeartbeatSecondsPath);
                Put(o, "Credentials", t.Credentials);
                break;
            case ParallelState p:
                Put(o, "Parameters", p.Parameters);
                Put(o, "Arguments", p.Arguments);
                Put(o, "ResultSelector", p.ResultSelector);
                Put(o, "ResultPath", p.ResultPath);
                break;
            case MapState m:
                Put(o, "Parameters", m.Parameters);
                Put(o, "ResultSelector", m.ResultSelector);
                Put(o, "ResultPath", m.ResultPath);
                break;
        }

        PutOutput(o, state.Output, state.NullOutput);
        Put(o, "Assign", state.Assign);
        o["Type"] = state.Type;
        if (state is ChoiceState choice)
        {
            o["Choices"] = new JsonArray([.. choice.Choices.Select(c => (JsonNode)Write(c))]);
            Put(o, "Default", choice.Default);
        }

        if (state.Next is not null) o["Next"] = state.Next;
        if (state.End) o["End"] = true;
        var retry = state.Retriers();
        if (retry.Length > 0) o["Retry"] = new JsonArray([.. retry.Select(r => (JsonNode)Write(r))]);
        var catchers = state.Catchers();
        if (catchers.Length > 0) o["Catch"] = new JsonArray([.. catchers.Select(c => (JsonNode)Write(c))]);
        if (state is ParallelState parallel)
            o["Branches"] = new JsonArray([.. parallel.Branches.Select(b => (JsonNode)Write(b))]);
        return o;
    }

    /// <summary>A retrier as JSON; fields left unset are omitted.</summary>
    public static JsonObject Write(Retry retry)
    {
        var o = new JsonObject { ["ErrorEquals"] = Strings(retry.ErrorEquals) };
        Put(o, "IntervalSeconds", retry.IntervalSeconds);
        Put(o, "MaxAttempts", retry.MaxAttempts);
        Put(o, "BackoffRate", retry.BackoffRate);
        Put(o, "MaxDelaySeconds", retry.MaxDelaySeconds);
        Put(o, "JitterStrategy", retry.JitterStrategy);
        Put(o, "Comment", retry.Comment);
        return o;
    }

    /// <summary>A catcher as JSON.</summary>
    public static JsonObject Write(Catcher catcher)
    {
        var o = new JsonObject { ["ErrorEquals"] = Strings(catcher.ErrorEquals), ["Next"] = catcher.Next };
        Put(o, "ResultPath", catcher.ResultPath);
        Put(o, "Assign", catcher.Assign);
        PutOutput(o, catcher.Output, catcher.NullOutput);
        Put(o, "Comment", catcher.Comment);
        return o;
    }

    /// <summary>A top-level choice (rule + Next) as JSON.</summary>
    public static JsonObject Write(Choice choice)
    {
        var o = Write(choice.Rule);
        o["Next"] = choice.Next;
        Put(o, "Assign", choice.Assign);
        PutOutput(o, choice.Output, choice.NullOutput);
        Put(o, "Comment", choice.Comment);
        return o;
    }

    /// <summary>A choice rule (Boolean expression) as JSON.</summary>
    public static JsonObject Write(ChoiceRule rule) => rule switch
    {
        ComparisonRule c => new JsonObject { ["Variable"] = c.Variable, [c.Operator] = c.Value?.DeepClone() },
        AndRule a => new JsonObject { ["And"] = new JsonArray([.. a.Rules.Select(r => (JsonNode)Write(r))]) },
        OrRule or => new JsonObject { ["Or"] = new JsonArray([.. or.Rules.Select(r => (JsonNode)Write(r))]) },
        NotRule n => new JsonObject { ["Not"] = Write(n.Rule) },
        ConditionRule { IsLiteral: true } c => new JsonObject { ["Condition"] = c.Expression == "true" },
        ConditionRule c => new JsonObject { ["Condition"] = c.Expression },
        _ => throw new NotSupportedException(rule.GetType().Name),
    };

    private static JsonObject WriteProcessor(MapState map)
    {
        var o = new JsonObject();
        if (map.ProcessorConfig is { } config)
        {
            var c = new JsonObject { ["Mode"] = config.Mode };
            Put(c, "ExecutionType", config.ExecutionType);
            o["ProcessorConfig"] = c;
        }

        foreach (var (key, value) in Write(map.ItemProcessor)) o[key] = value?.DeepClone();
        return o;
    }

    private static JsonObject Write(ItemReader reader)
    {
        var o = new JsonObject { ["Resource"] = reader.Resource };
        Put(o, "Parameters", reader.Parameters);
        Put(o, "Arguments", reader.Arguments);
        Put(o, "ReaderConfig", reader.ReaderConfig);
        return o;
    }

    private static JsonObject Write(ItemBatcher batcher)
    {
        var o = new JsonObject();
        Put(o, "MaxItemsPerBatch", batcher.MaxItemsPerBatch);
        Put(o, "MaxItemsPerBatchPath", batcher.MaxItemsPerBatchPath);
        Put(o, "MaxInputBytesPerBatch", batcher.MaxInputBytesPerBatch);
        Put(o, "MaxInputBytesPerBatchPath", batcher.MaxInputBytesPerBatchPath);
        Put(o, "BatchInput", batcher.BatchInput);
        return o;
    }

    private static JsonObject Write(ResultWriter writer)
    {
        var o = new JsonObject();
        Put(o, "Resource", writer.Resource);
        Put(o, "Parameters", writer.Parameters);
        Put(o, "Arguments", writer.Arguments);
        Put(o, "WriterConfig", writer.WriterConfig);
        return o;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);

    private static void Put(JsonObject o, string key, JsonNode? value)
    {
        if (value is not null) o[key] = value.DeepClone();
    }

    /// <summary>Output, or an explicit <c>"Output": null</c>.</summary>
    private static void PutOutput(JsonObject o, JsonNode? output, bool nullOutput)
    {
        if (output is not null) o["Output"] = output.DeepClone();
        else if (nullOutput) o["Output"] = null;
    }

    private static void Put(JsonObject o, string key, string? value)
    {
        if (value is not null) o[key] = value;
    }

    private static void Put(JsonObject o, string key, int? value)
    {
        if (value is not null) o[key] = value.Value;
    }

    private static void Put(JsonObject o, string key, double? value)
    {
        if (value is not null) o[key] = value.Value;
    }

    private static void Put(JsonObject o, string key, JsonPath? path)
    {
        if (path is { } p) o[key] = p.IsDiscard ? null : p.Value;
    }
}
