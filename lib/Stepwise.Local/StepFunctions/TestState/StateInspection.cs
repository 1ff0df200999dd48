using System.Text.Json.Nodes;
using Stepwise.Aws.StepFunctions;

namespace Stepwise.Local.StepFunctions.TestState;

/// <summary>The data flow of the state TestState runs, step by step, as the interpreter records it; each value is
/// serialized when recorded, so later changes to the payload do not show through.</summary>
public sealed class StateInspection
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _payloads = new(StringComparer.Ordinal);

    /// <summary>The index of the Retry that matched the error, when one did.</summary>
    public int? RetryIndex { get; private set; }

    /// <summary>The backoff before the next attempt, when the state is RETRIABLE.</summary>
    public int? RetryBackoffIntervalSeconds { get; private set; }

    /// <summary>The index of the Catch that handled the error, when one did.</summary>
    public int? CatchIndex { get; private set; }

    /// <summary>True when a Retry would run the state again (status RETRIABLE).</summary>
    public bool Retriable { get; private set; }

    /// <summary>The Map's own settings, as written (MaxConcurrency 0 when unset).</summary>
    public int? MaxConcurrency { get; private set; }

    public int? ToleratedFailureCount { get; private set; }

    public double? ToleratedFailurePercentage { get; private set; }

    /// <summary>The HTTP request and response of an HTTP Task (TRACE).</summary>
    public InspectionDataRequest? Request { get; private set; }

    public InspectionDataResponse? Response { get; private set; }

    /// <summary>Records one step of the data flow (<c>afterInputPath</c>, <c>result</c>, …) by its wire name.</summary>
    public void Record(string step, JsonNode? value)
    {
        var text = value is null ? "null" : value.ToJsonString();
        lock (_gate) _payloads[step] = text;
    }

    /// <summary>The recorded text of a step, or null when the state did not reach it.</summary>
    public string? Payload(string step)
    {
        lock (_gate) return _payloads.GetValueOrDefault(step);
    }

    public void Retry(int index, int? backoffSeconds)
    {
        RetryIndex = index;
        RetryBackoffIntervalSeconds = backoffSeconds;
        Retriable = backoffSeconds is not null;
    }

    /// <summary>The error a Catch handled (CAUGHT_ERROR reports it beside the catcher's output).</summary>
    public string? CaughtError { get; private set; }

    public string? CaughtCause { get; private set; }

    public void Caught(int index, string error, string cause)
    {
        CatchIndex = index;
        CaughtError = error;
        CaughtCause = cause;
    }

    public void MapSettings(int maxConcurrency, double? toleratedCount, double? toleratedPercentage)
    {
        MaxConcurrency = maxConcurrency;
        ToleratedFailureCount = toleratedCount is { } count ? (int)count : null;
        ToleratedFailurePercentage = toleratedPercentage;
    }

    public void Http(InspectionDataRequest request, InspectionDataResponse? response)
    {
        Request = request;
        Response = response;
    }

    /// <summary>The report of DEBUG (the data flow, the Map's settings, the Retry or Catch that handled an error) and,
    /// with <paramref name="trace"/>, TRACE (plus the HTTP request and response of an HTTP Task).</summary>
    public InspectionData ToInspectionData(bool trace) => new()
    {
        Input = Payload(Steps.Input),
        AfterArguments = Payload(Steps.AfterArguments),
        AfterInputPath = Payload(Steps.AfterInputPath),
        AfterParameters = Payload(Steps.AfterParameters),
        Result = Payload(Steps.Result),
        AfterResultSelector = Payload(Steps.AfterResultSelector),
        AfterResultPath = Payload(Steps.AfterResultPath),
        AfterItemsPath = Payload(Steps.AfterItemsPath),
        AfterItemSelector = Payload(Steps.AfterItemSelector),
        AfterItemBatcher = Payload(Steps.AfterItemBatcher),
        AfterItemsPointer = Payload(Steps.AfterItemsPointer),
        Variables = Payload(Steps.Variables),
        MaxConcurrency = MaxConcurrency,
        ToleratedFailureCount = ToleratedFailureCount,
        ToleratedFailurePercentage = ToleratedFailurePercentage,
        ErrorDetails = RetryIndex is null && CatchIndex is null ? null : new InspectionErrorDetails
        {
            RetryIndex = RetryIndex,
            RetryBackoffIntervalSeconds = RetryBackoffIntervalSeconds,
            CatchIndex = CatchIndex,
        },
        Request = trace ? Request : null,
        Response = trace ? Response : null,
    };

    /// <summary>The wire names of the data-flow steps.</summary>
    public static class Steps
    {
        public const string Input = "input";
        public const string AfterArguments = "afterArguments";
        public const string AfterInputPath = "afterInputPath";
        public const string AfterParameters = "afterParameters";
        public const string Result = "result";
        public const string AfterResultSelector = "afterResultSelector";
        public const string AfterResultPath = "afterResultPath";
        public const string AfterItemsPath = "afterItemsPath";
        public const string AfterItemSelector = "afterItemSelector";
        public const string AfterItemBatcher = "afterItemBatcher";
        public const string AfterItemsPointer = "afterItemsPointer";
        public const string Variables = "variables";
    }
}
