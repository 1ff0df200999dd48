using System.Text.Json.Nodes;
using Stepwise.Local.S3;
using Stepwise.Workflows.Asl;

namespace Stepwise.Local.StepFunctions.Runtime;

// Map states: inline iterations (events in this history) and distributed ones (child executions whose
// events are not), ItemReader / ItemBatcher / ResultWriter on local S3, MaxConcurrency and tolerated failures.
internal sealed partial class Interpreter
{
    /// <summary>AWS runs at most 40 inline iterations at once; distributed runs use the same cap locally.</summary>
    private const int DefaultMaxConcurrency = 40;

    private async Task<JsonNode?> MapAsync(StateRun run, MapState map, int retryCount, CancellationToken cancellationToken)
    {
        run.Frame.UnfinishedBranches = null; // a retry's failure replaces the previous attempt's
        var effective = run.Jsonata ? run.Input : EffectiveInput(run);
        var distributed = map.ProcessorConfig?.Mode == "DISTRIBUTED";
        if (map.ResultWriter is not null && !distributed)
            throw InState(run, new StatesException(StatesErrors.ResultWriterFailed, "ResultWriter needs a DISTRIBUTED ItemProcessor (ProcessorConfig.Mode), as on AWS."));
        // The state's own fields are evaluated before it starts: a failure there records no MapStateStarted.
        var items = await MapItemsAsync(run, map, effective, cancellationToken).ConfigureAwait(false);
        if (Inspecting(run) && !run.Jsonata) Inspect(run, TestState.StateInspection.Steps.AfterItemsPath, new JsonArray([.. items.Select(i => i?.DeepClone())]));
        long itemCount = items.Count;
        items = Batch(run, map, items, effective);
        if (Inspecting(run) && map.ItemBatcher is not null) Inspect(run, TestState.StateInspection.Steps.AfterItemBatcher, new JsonArray([.. items.Select(i => i?.DeepClone())]));
        var rawConcurrency = (int)(MapNumber(run, map.MaxConcurrency, map.MaxConcurrencyPath, effective, "MaxConcurrency", integer: true) ?? 0);
        if (rawConcurrency < 0) throw MapFieldError(run, $"Expected non-negative integer for MaxConcurrency, got '{rawConcurrency}' instead.");
        var writtenConcurrency = rawConcurrency;
        var concurrency = rawConcurrency == 0 ? DefaultMaxConcurrency : rawConcurrency;
        var toleratedCount = MapNumber(run, map.ToleratedFailureCount, map.ToleratedFailureCountPath, effective, "ToleratedFailureCount", integer: true);
        if (toleratedCount is < 0) throw MapFieldError(run, "ToleratedFailureCount cannot be negative.");
        var toleratedPercentage = MapNumber(run, map.ToleratedFailurePercentage, map.ToleratedFailurePercentagePath, effective, "ToleratedFailurePercentage", integer: false);
        if (toleratedPercentage is < 0 or > 100) throw MapFieldError(run, "ToleratedFailurePercentage must be between 0 and 100.");
        var tolerant = toleratedCount is not null || toleratedPercentage is not null;
        // TestState's mock stands in for the iterations: its array (or ResultWriter object) is the Map's result.
        if (TestMock(run) is { } mock)
        {
            var mocked = MockedMapOutcome(run, map, effective, items, retryCount, mock, writtenConcurrency, toleratedCount, toleratedPercentage);
            if (run.Jsonata) return FinishJsonata(run, map.Output, map.NullOutput, map.Assign, JsonataInputs(run, result: mocked), mocked);
            return FinishPath(run, mocked, map.ResultSelector, map.ResultPath);
        }
        var limits = new MapRunLimits(distributed ? rawConcurrency : concurrency, (long?)toleratedCount, toleratedPercentage);

        // A redrive reruns only the iterations that failed or were aborted: an inline one from the state it stopped in, a
        // distributed Map's by redriving its Map Run (which redrives its unsuccessful children).
        var resumeMapRun = run.ResumeMapRun;
        run.ResumeMapRun = null;
        var resume = TakeResume(run, items.Count);
        if (distributed && (resumeMapRun is null || _start.MapRuns is null)) resume = null;

        var started = Emit(run.Frame, "MapStateStarted", "mapStateStartedEventDetails", new JsonObject { ["length"] = items.Count });
        run.Started = true;
        MapRunContext? mapRun = null;
        if (distributed)
        {
            var label = map.Label ?? map.Name;
            var account = AccountOf(_start.StateMachineArn);
            mapRun = new MapRunContext(
                resume is not null ? resumeMapRun! : $"arn:aws:states:{_options.Region}:{account}:mapRun:{_start.StateMachineName}/{label}:{Guid.NewGuid()}",
                $"arn:aws:states:{_options.Region}:{account}:stateMachine:{_start.StateMachineName}/{label}",
                $"arn:aws:states:{_options.Region}:{account}:execution:{_start.StateMachineName}/{label}:",
                $"{_start.StateMachineName}/{label}",
                ChildDefinition(map, run.Jsonata),
                resume is { } previous ? [.. previous.Select(b => b.ExecutionArn)] : new string?[items.Count]);
            if (resume is not null && _start.MapRuns is { } redriving)
            {
                await _journal.FlushAsync(cancellationToken).ConfigureAwait(false);
                var pending = resume.Value.Where(b => !b.Succeeded && b.ExecutionArn is not null).Select(b => b.ExecutionArn!).ToList();
                var redriveCount = await redriving.RedriveMapRunAsync(mapRun.Arn, limits, pending, Clock.UtcNow, cancellationToken).ConfigureAwait(false);
                Emit(run.Frame, "MapRunRedriven", "mapRunRedrivenEventDetails", new JsonObject { ["mapRunArn"] = mapRun.Arn, ["redriveCount"] = redriveCount });
            }
            else
            {
                Emit(run.Frame, "MapRunStarted", "mapRunStartedEventDetails", new JsonObject { ["mapRunArn"] = mapRun.Arn });
                if (_start.MapRuns is { } host)
                {
                    await _journal.FlushAsync(cancellationToken).ConfigureAwait(false);
                    await host.StartMapRunAsync(new MapRunStart(mapRun.Arn, _start.ExecutionArn, mapRun.StateMachineArn, Clock.UtcNow, rawConcurrency,
                        toleratedPercentage ?? 0, (long)(toleratedCount ?? 0), itemCount, items.Count), limits, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        var results = new JsonNode?[items.Count];
        var failed = new bool[items.Count];
        var frames = new Frame?[items.Count];
        var succeeded = new bool[items.Count];
        var failures = 0;
        Exception? stopping = null;
        using var siblings = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var language = run.Jsonata ? QueryLanguage.JSONata : QueryLanguage.JSONPath;
        var next = -1;

        // A distributed Map's children take free slots in item order: index i waits until index i - 1 has its slot.
        var admitted = distributed ? Enumerable.Range(0, items.Count + 1).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray() : null;
        admitted?[0].TrySetResult();

        async Task Worker()
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < items.Count && !siblings.IsCancellationRequested)
            {
                if (resume?[index] is { Output: { } kept })
                {
                    results[index] = Nodes.Parse(kept);
                    succeeded[index] = true;
                    admitted?[index + 1].TrySetResult();
                    continue;
                }
                var frame = run.Frame.Child($"{run.Frame.Id}/{map.Name}[{index}]", started, language, silent: distributed);
                frames[index] = frame;
                var item = items[index];
                var acquired = false;
                try
                {
                    var itemInput = ItemInput(run, map, effective, item, index, retryCount);
                    if (mapRun is not null)
                    {
                        // A distributed Map's iterations are child executions with histories of their own.
                        await admitted![index].Task.WaitAsync(siblings.Token).ConfigureAwait(false);
                        await limits.AcquireAsync(siblings.Token).ConfigureAwait(false);
                        acquired = true;
                        admitted[index + 1].TrySetResult();
                        results[index] = resume?[index].ExecutionArn is { } child
                            ? await RedriveChildAsync(mapRun, child, map.ProcessorConfig?.ExecutionType == "EXPRESS", siblings.Token).ConfigureAwait(false)
                            : await RunChildAsync(mapRun, index, itemInput, map.ItemBatcher is null ? 1 : BatchSize(item), siblings.Token).ConfigureAwait(false);
                        succeeded[index] = true;
                        continue;
                    }
                    Emit(frame, "MapIterationStarted", "mapIterationStartedEventDetails", Iteration(map, index));
                    results[index] = resume?[index].Point is { } point
                        ? await ResumeMachineAsync(frame, map.ItemProcessor, point, siblings.Token).ConfigureAwait(false)
                        : await RunMachineAsync(frame, map.ItemProcessor, map.ItemProcessor.StartAt, itemInput, siblings.Token).ConfigureAwait(false);
                    succeeded[index] = true;
                    Emit(frame, "MapIterationSucceeded", "mapIterationSucceededEventDetails", Iteration(map, index));
                }
                catch (OperationCanceledException) when (siblings.IsCancellationRequested)
                {
                    Emit(frame, "MapIterationAborted", "mapIterationAbortedEventDetails", Iteration(map, index));
                    return;
                }
                catch (StatesException error) when (limits.Tolerant)
                {
                    Emit(frame, "MapIterationFailed", "mapIterationFailedEventDetails", Iteration(map, index));
                    failed[index] = true;
                    results[index] = Nodes.ErrorOutput(error.Error, error.Cause);
                    var count = Interlocked.Increment(ref failures);
                    if (limits.Exceeded(count, items.Count))
                    {
                        Interlocked.CompareExchange(ref stopping, new StatesException(StatesErrors.ExceedToleratedFailureThreshold,
                            $"The specified tolerated failure threshold was exceeded: {count} of {items.Count} items failed."), null);
                        await siblings.CancelAsync().ConfigureAwait(false);
                    }
                }
                catch (Exception error)
                {
                    if (error is StatesException) Emit(frame, "MapIterationFailed", "mapIterationFailedEventDetails", Iteration(map, index));
                    Interlocked.CompareExchange(ref stopping, error, null);
                    await siblings.CancelAsync().ConfigureAwait(false);
                    return;
                }
                finally
                {
                    admitted?[index + 1].TrySetResult();
                    if (acquired) limits.Release();
                }
            }
        }

        // A distributed Map has enough workers for UpdateMapRun to raise its concurrency up to the local cap.
        var workers = distributed ? Math.Max(concurrency, DefaultMaxConcurrency) : concurrency;
        var mapRunStatus = "FAILED";
        long resultsWritten = 0;
        try
        {
            await Task.WhenAll(Enumerable.Range(0, Math.Min(workers, Math.Max(items.Count, 1))).Select(_ => Task.Run(Worker, CancellationToken.None))).ConfigureAwait(false);
            // An inline Map that ends unsuccessfully keeps how each iteration ended, for a redrive (one that exceeded
            // the payload limit is rerun whole, as AWS reruns it).
            // A distributed one keeps its Map Run and its children, which a redrive redrives.
            if ((cancellationToken.IsCancellationRequested || stopping is not null)
                && stopping is not StatesException { Error: StatesErrors.DataLimitExceeded } && (!distributed || _start.MapRuns is not null))
            {
                run.Frame.UnfinishedBranches = [.. Enumerable.Range(0, items.Count).Select(i => succeeded[i]
                    ? new RedriveBranch(Nodes.Serialize(results[i]), null)
                    : new RedriveBranch(null, distributed ? null : frames[i]?.RedrivePoint) { ExecutionArn = mapRun?.ChildArns[i] })];
                run.Frame.UnfinishedMapRun = mapRun?.Arn;
            }
            if (cancellationToken.IsCancellationRequested) mapRunStatus = "ABORTED";
            cancellationToken.ThrowIfCancellationRequested();
            if (stopping is not null)
            {
                if (stopping is ExecutionTerminatedException) throw stopping;
                if (distributed) Emit(run.Frame, "MapRunFailed", "mapRunFailedEventDetails", new JsonObject());
                var error = stopping as StatesException ?? new StatesException(StatesErrors.Runtime, stopping.Message, stopping);
                throw error is FailStateException ? new StatesException(error.Error, error.Cause) : error;
            }

            if (distributed) Emit(run.Frame, "MapRunSucceeded", null, null);
            Emit(run.Frame, "MapStateSucceeded", null, null);
            JsonNode? result = new JsonArray([.. results]);
            if (map.ResultWriter is not null)
            {
                result = await WriteResultsAsync(run, map, mapRun!, items, results, failed, cancellationToken).ConfigureAwait(false);
                resultsWritten = items.Count;
            }
            mapRunStatus = "SUCCEEDED";
            if (run.Jsonata)
                return FinishJsonata(run, map.Output, map.NullOutput, map.Assign, JsonataInputs(run, result: result), result);
            return FinishPath(run, result, map.ResultSelector, map.ResultPath);
        }
        finally
        {
            if (mapRun is not null && _start.MapRuns is { } host)
                await host.CompleteMapRunAsync(mapRun.Arn, mapRunStatus, resultsWritten, Clock.UtcNow, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>A distributed Map's run: its ARN, its child executions' state machine and ARNs (prefix + id), their definition.</summary>
    private sealed record MapRunContext(string Arn, string StateMachineArn, string ExecutionArnPrefix, string StateMachineName, StateMachine Definition, string?[] ChildArns)
    {
        private string? _definitionText;

        public string DefinitionText => _definitionText ??= Definition.ToJson(indented: false);
    }

    /// <summary>The item processor as a state machine of its own, in the query language it inherits.</summary>
    private static StateMachine ChildDefinition(MapState map, bool jsonata) =>
        map.ItemProcessor with { QueryLanguage = map.ItemProcessor.QueryLanguage ?? (jsonata ? QueryLanguage.JSONata : QueryLanguage.JSONPath) };

    private static int BatchSize(JsonNode? batch) => batch?["Items"] is JsonArray items ? items.Count : 1;

    /// <summary>Runs one iteration of a distributed Map as a child execution (ExecutionStarted … ExecutionSucceeded in
    /// its own history); its failure fails the iteration with the child's error and cause.</summary>
    private async Task<JsonNode?> RunChildAsync(MapRunContext mapRun, int index, JsonNode? input, int itemCount, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString();
        var arn = mapRun.ExecutionArnPrefix + id;
        mapRun.ChildArns[index] = arn;
        var inputText = Nodes.Serialize(input);
        var now = Clock.UtcNow;
        var start = new ExecutionStart(arn, id, mapRun.StateMachineArn, mapRun.StateMachineName, _start.RoleArn, mapRun.Definition, inputText, now)
        {
            Mocks = _start.Mocks,
            MapRuns = _start.MapRuns,
        };
        var host = _start.MapRuns;
        var journal = host is null
            ? new MemoryJournal()
            : await host.StartChildAsync(new ChildExecutionStart(arn, id, mapRun.StateMachineArn, mapRun.Arn, mapRun.DefinitionText, _start.RoleArn, inputText, itemCount, now), cancellationToken).ConfigureAwait(false);
        return await RunChildExecutionAsync(start, journal, null, 0, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Redrives an unsuccessful child execution of a redriven Map Run under its own ARN: a STANDARD child from the
    /// state that failed it, an EXPRESS one from its first state (AWS restarts those with StartExecution). One that cannot be
    /// redriven keeps its last error, which fails the iteration again.</summary>
    private async Task<JsonNode?> RedriveChildAsync(MapRunContext mapRun, string arn, bool fromStart, CancellationToken cancellationToken)
    {
        var redrive = await _start.MapRuns!.RedriveChildAsync(arn, fromStart, Clock.UtcNow, cancellationToken).ConfigureAwait(false);
        if (redrive.Journal is null) throw new StatesException(redrive.Error ?? StatesErrors.Runtime, redrive.Cause ?? "");
        var start = new ExecutionStart(arn, redrive.Name, mapRun.StateMachineArn, mapRun.StateMachineName, _start.RoleArn, mapRun.Definition, redrive.Input, redrive.StartDate)
        {
            Mocks = _start.Mocks,
            MapRuns = _start.MapRuns,
            RedriveCount = redrive.RedriveCount,
            RedriveDate = Clock.UtcNow,
        };
        return await RunChildExecutionAsync(start, redrive.Journal, redrive.Resume, redrive.LastEventId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a child execution to its end (stoppable by StopExecution on its ARN meanwhile) and records that end.</summary>
    private async Task<JsonNode?> RunChildExecutionAsync(ExecutionStart start, IExecutionJournal journal, Checkpoint? resume, long lastEventId, CancellationToken cancellationToken)
    {
        var arn = start.ExecutionArn;
        var host = _start.MapRuns;
        using var control = new ExecutionControl();
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ExecutionOutcome outcome;
        // StopExecution on the child's ARN stops it while it runs, as on AWS.
        using (host?.TrackChild(arn, control, ended.Task))
        {
            try
            {
                // The Map's cancellation (a failed sibling, a stop) aborts the child, which records ExecutionAborted.
                using (cancellationToken.Register(() => control.Stop(null, null)))
                    outcome = await new WorkflowEngine(_options).RunAsync(start, journal, resume, lastEventId, control, CancellationToken.None).ConfigureAwait(false);
                if (host is not null) await host.CompleteChildAsync(arn, outcome, CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                ended.TrySetResult();
            }
        }
        return ChildResult(arn, outcome, cancellationToken);
    }

    /// <summary>A child's end as the iteration's: its output, its error, or, when the Map itself is stopping, a cancellation.
    /// A child stopped on its own (StopExecution on its ARN) is an unsuccessful item: the Map Run counts it ABORTED and its
    /// tolerated failure threshold applies to it, as to a failed one.</summary>
    private static JsonNode? ChildResult(string arn, ExecutionOutcome outcome, CancellationToken cancellationToken) => outcome.Status switch
    {
        ExecutionStatuses.Succeeded => Nodes.Parse(outcome.Output),
        ExecutionStatuses.Aborted when cancellationToken.IsCancellationRequested => throw new OperationCanceledException(cancellationToken),
        // Local wording: AWS documents the ABORTED count, not the error an aborted item reports.
        ExecutionStatuses.Aborted => throw new StatesException(outcome.Error ?? StatesErrors.Runtime, outcome.Cause ?? $"The child execution '{arn}' was aborted."),
        _ => throw new StatesException(outcome.Error ?? "", outcome.Cause ?? ""),
    };

    private StatesException MapFieldError(StateRun run, string cause) => InState(run, new StatesException(StatesErrors.Runtime, cause));

    /// <summary>A Map number that may come from its <c>…Path</c> twin, where AWS also takes a string holding the
    /// number, and refuses anything else in its own words.</summary>
    private double? MapNumber(StateRun run, JsonNode? literal, string? path, JsonNode? effective, string field, bool integer)
    {
        if (path is null || run.Jsonata) return NumberField(run, literal, null, effective, field);
        var value = SelectPath(run, JsonPath.Of(path), effective);
        double? number = value switch
        {
            JsonValue v when Workflows.Serialization.JsonNumbers.AsDouble(v) is { } d => d,
            JsonValue v when v.TryGetValue<string>(out var text) && double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
        if (number is { } n && (!integer || Math.Floor(n) == n)) return n;
        var shown = value is JsonValue t && t.TryGetValue<string>(out var raw) ? raw : Nodes.Serialize(value);
        throw MapFieldError(run, $"The {field}Path field refers to value \"{shown}\" which is not a valid {(integer ? "integer" : "float")}: {path}");
    }

    private static JsonObject Iteration(MapState map, int index) => new() { ["name"] = map.Name, ["index"] = index };

    private JsonNode? ItemInput(StateRun run, MapState map, JsonNode? effective, JsonNode? item, int index, int retryCount)
    {
        var selector = map.ItemSelector ?? map.Parameters;
        if (selector is null) return item?.DeepClone();
        JsonObject context() => Context(run, retryCount: retryCount, mapItem: new JsonObject { ["Index"] = index, ["Value"] = item?.DeepClone() });
        if (!run.Jsonata) return Template(run, selector, effective, context);
        var inputs = JsonataInputs(run, context: context);
        return Evaluate(run, selector, inputs, "ItemSelector");
    }

    private async Task<List<JsonNode?>> MapItemsAsync(StateRun run, MapState map, JsonNode? effective, CancellationToken cancellationToken)
    {
        JsonNode? items;
        if (map.ItemReader is not null)
            items = TestReaderItems(run, map) ?? await ReadItemsAsync(run, map.ItemReader, effective, cancellationToken).ConfigureAwait(false);
        else if (run.Jsonata) items = map.Items is null ? effective : Evaluate(run, map.Items, JsonataInputs(run), "Items");
        else items = map.ItemsPath is null ? effective : SelectPath(run, JsonPath.Of(map.ItemsPath), effective);

        if (items is not JsonArray array)
        {
            if (!run.Jsonata)
                throw InState(run, new StatesException(StatesErrors.Runtime, $"Items path '{map.ItemsPath ?? "$"}' must reference a JSON array, but was {Nodes.Serialize(items)}."));
            throw EvaluationFailed(run, "Items", map.Items is not null && map.ItemReader is null
                ? $"The JSONata expression '{JsonataExpression(map.Items)}' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '{JsonataType(items)}' for value: {Nodes.Serialize(items)}"
                : $"The Map state's input, which is its items when the field 'Items' is absent, must be an array, but was '{JsonataType(items)}' for value: {Nodes.Serialize(items)}");
        }
        return [.. array.Select(i => i?.DeepClone())];
    }

    private List<JsonNode?> Batch(StateRun run, MapState map, List<JsonNode?> items, JsonNode? effective)
    {
        if (map.ItemBatcher is not { } batcher) return items;
        var maxItems = (int?)NumberField(run, batcher.MaxItemsPerBatch, batcher.MaxItemsPerBatchPath, effective, "MaxItemsPerBatch") ?? int.MaxValue;
        var maxBytes = (int?)NumberField(run, batcher.MaxInputBytesPerBatch, batcher.MaxInputBytesPerBatchPath, effective, "MaxInputBytesPerBatch") ?? 256 * 1024;
        var batchInput = batcher.BatchInput is null ? null
            : run.Jsonata ? Evaluate(run, batcher.BatchInput, JsonataInputs(run), "BatchInput") : Template(run, batcher.BatchInput, effective);

        var batches = new List<JsonNode?>();
        var current = new JsonArray();
        var bytes = 0;
        foreach (var item in items)
        {
            var size = Nodes.Serialize(item).Length;
            if (current.Count > 0 && (current.Count >= maxItems || bytes + size > maxBytes))
            {
                batches.Add(BatchObject(current, batchInput));
                current = [];
                bytes = 0;
            }
            current.Add(item);
            bytes += size;
        }
        if (current.Count > 0) batches.Add(BatchObject(current, batchInput));
        return batches;
    }

    private static JsonObject BatchObject(JsonArray items, JsonNode? batchInput)
    {
        var batch = new JsonObject();
        if (batchInput is not null) batch["BatchInput"] = batchInput.DeepClone();
        batch["Items"] = items;
        return batch;
    }

    private IObjectStorage ObjectStore(StateRun run) => _options.ObjectStore
        ?? throw InState(run, new StatesException(StatesErrors.Runtime, "ItemReader and ResultWriter need local S3; the engine was started without an object store."));

    /// <summary>The one place S3's errors become Step Functions ones: <c>S3.{Code}</c> (S3.NoSuchKey, S3.NoSuchBucket…)
    /// with S3's message and the object named, which the callers wrap in States.ItemReaderFailed / ResultWriterFailed.</summary>
    private static StatesException FromS3(S3Exception error, string bucket, string? key) =>
        new($"S3.{error.ErrorCode}", key is null
            ? $"{error.Message} (Bucket: {bucket})"
            : $"{error.Message} (Bucket: {bucket}, Key: {key})");

    private async Task<JsonNode?> ReadItemsAsync(StateRun run, ItemReader reader, JsonNode? effective, CancellationToken cancellationToken)
    {
        var parameters = run.Jsonata
            ? Evaluate(run, reader.Arguments, JsonataInputs(run), "Arguments") as JsonObject
            : Template(run, reader.Parameters, effective) as JsonObject;
        var bucket = parameters?["Bucket"]?.GetValue<string>() ?? "";
        var config = reader.ReaderConfig ?? [];
        foreach (var (key, _) in config)
            if (key is not ("InputType" or "CSVHeaderLocation" or "CSVHeaders" or "MaxItems" or "MaxItemsPath"))
                throw InState(run, new StatesException(StatesErrors.ItemReaderFailed, $"ReaderConfig.{key} is not supported by the local engine (supported: InputType, CSVHeaderLocation, CSVHeaders, MaxItems, MaxItemsPath)."));
        var maxItemsPath = config["MaxItemsPath"] is JsonValue p && p.TryGetValue<string>(out var pathText) ? pathText : null;
        var maxItemsValue = MapNumber(run, config["MaxItems"], maxItemsPath, effective, "MaxItems", integer: true);
        if (maxItemsValue is < 0 or > 100_000_000) throw MapFieldError(run, "MaxItems must be between 0 and 100000000.");
        var maxItems = maxItemsValue is null or 0 ? int.MaxValue : (int)maxItemsValue.Value;
        var store = ObjectStore(run);
        try
        {
            switch (reader.Resource)
            {
                case "arn:aws:states:::s3:listObjectsV2":
                    var prefix = parameters?["Prefix"]?.GetValue<string>() ?? "";
                    var listed = new JsonArray();
                    try
                    {
                        await foreach (var o in store.ListAllAsync(bucket, prefix, cancellationToken).ConfigureAwait(false))
                        {
                            if (listed.Count >= maxItems) break;
                            listed.Add(new JsonObject
                            {
                                ["Etag"] = o.ETag,
                                ["Key"] = o.Key,
                                ["LastModified"] = Timestamp(o.LastModified),
                                ["Size"] = o.Size,
                                ["StorageClass"] = o.StorageClass,
                            });
                        }
                    }
                    catch (S3Exception error)
                    {
                        throw FromS3(error, bucket, null);
                    }
                    return listed;
                case "arn:aws:states:::s3:getObject":
                    var key = parameters?["Key"]?.GetValue<string>() ?? "";
                    string text;
                    try
                    {
                        text = await store.GetTextAsync(bucket, key, cancellationToken).ConfigureAwait(false);
                    }
                    catch (S3Exception error)
                    {
                        throw FromS3(error, bucket, key);
                    }
                    var items = ItemFiles.Parse(text, config);
                    return new JsonArray([.. items.Take(maxItems)]);
                default:
                    throw new StatesException(StatesErrors.ItemReaderFailed, $"The ItemReader resource '{reader.Resource}' is not supported locally (supported: s3:getObject, s3:listObjectsV2).");
            }
        }
        catch (StatesException error) when (error.Error != StatesErrors.Runtime && error.Error != StatesErrors.ItemReaderFailed)
        {
            throw new StatesException(StatesErrors.ItemReaderFailed, $"{error.Error}: {error.Cause}");
        }
    }

    private async Task<JsonNode?> WriteResultsAsync(StateRun run, MapState map, MapRunContext mapRun, List<JsonNode?> items, JsonNode?[] results, bool[] failed, CancellationToken cancellationToken)
    {
        var writer = map.ResultWriter!;
        if (writer.WriterConfig is { Count: > 0 })
            throw InState(run, new StatesException(StatesErrors.ResultWriterFailed, "ResultWriter.WriterConfig is not supported by the local engine: results are written as AWS writes them by default (SUCCEEDED_0.json, FAILED_0.json, manifest.json)."));
        var parameters = (run.Jsonata ? Evaluate(run, writer.Arguments, JsonataInputs(run), "Arguments") : Template(run, writer.Parameters, run.Input)) as JsonObject;
        var bucket = parameters?["Bucket"]?.GetValue<string>() ?? "";
        var prefix = parameters?["Prefix"]?.GetValue<string>() ?? "";
        var mapRunArn = mapRun.Arn;
        var runId = mapRunArn[(mapRunArn.LastIndexOf(':') + 1)..];
        var folder = (prefix.Length > 0 ? prefix.TrimEnd('/') + "/" : "") + runId + "/";
        var store = ObjectStore(run);

        JsonObject Entry(int i) => new()
        {
            ["ExecutionArn"] = mapRun.ChildArns[i],
            ["Input"] = Nodes.Serialize(items[i]),
            ["InputDetails"] = new JsonObject { ["Included"] = true },
            ["Name"] = mapRun.ChildArns[i] is { } child ? child[(child.LastIndexOf(':') + 1)..] : null,
            ["Output"] = Nodes.Serialize(results[i]),
            ["OutputDetails"] = new JsonObject { ["Included"] = true },
            ["Status"] = failed[i] ? "FAILED" : "SUCCEEDED",
        };
        var succeeded = new JsonArray([.. Enumerable.Range(0, items.Count).Where(i => !failed[i]).Select(i => (JsonNode)Entry(i))]);
        var failedEntries = new JsonArray([.. Enumerable.Range(0, items.Count).Where(i => failed[i]).Select(i => (JsonNode)Entry(i))]);
        var files = new JsonArray();
        var writing = folder + "SUCCEEDED_0.json";
        try
        {
            async Task<JsonObject> WriteAsync(string key, string json)
            {
                writing = key;
                var written = await store.PutTextAsync(bucket, key, json, "application/json", cancellationToken).ConfigureAwait(false);
                return new JsonObject { ["Key"] = key, ["Size"] = written.Size };
            }
            files.Add(await WriteAsync(folder + "SUCCEEDED_0.json", succeeded.ToJsonString()).ConfigureAwait(false));
            if (failedEntries.Count > 0)
                files.Add(await WriteAsync(folder + "FAILED_0.json", failedEntries.ToJsonString()).ConfigureAwait(false));
            var manifest = new JsonObject
            {
                ["DestinationBucket"] = bucket,
                ["MapRunArn"] = mapRunArn,
                ["ResultFiles"] = new JsonObject
                {
                    ["FAILED"] = new JsonArray([.. files.Skip(1).Select(f => f!.DeepClone())]),
                    ["PENDING"] = new JsonArray(),
                    ["SUCCEEDED"] = new JsonArray(files[0]!.DeepClone()),
                },
            };
            await WriteAsync(folder + "manifest.json", manifest.ToJsonString()).ConfigureAwait(false);
        }
        catch (S3Exception s3Error)
        {
            var error = FromS3(s3Error, bucket, writing);
            throw new StatesException(StatesErrors.ResultWriterFailed, $"{error.Error}: {error.Cause}");
        }
        return new JsonObject
        {
            ["MapRunArn"] = mapRunArn,
            ["ResultWriterDetails"] = new JsonObject { ["Bucket"] = bucket, ["Key"] = folder + "manifest.json" },
        };
    }

    private static string AccountOf(string arn)
    {
        var parts = arn.Split(':');
        return parts.Length > 4 ? parts[4] : "123456789012";
    }
}
