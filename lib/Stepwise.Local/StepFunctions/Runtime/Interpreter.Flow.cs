using System.Text.Json.Nodes;
using Stepwise.Workflows.Asl;

namespace Stepwise.Local.StepFunctions.Runtime;

// Pass, Choice, Wait, Succeed and Fail: the states that do not call out.
internal sealed partial class Interpreter
{
    private StepResult Pass(StateRun run, PassState pass)
    {
        if (run.Jsonata)
            return Exit(run, FinishJsonata(run, pass.Output, pass.NullOutput, pass.Assign, JsonataInputs(run), run.Input), pass.Next);

        var effective = EffectiveInput(run);
        var result = pass.Parameters is not null ? Template(run, pass.Parameters, effective)
            : pass.Result is not null ? pass.Result.DeepClone()
            : effective;
        if (pass.Parameters is not null) Inspect(run, TestState.StateInspection.Steps.AfterParameters, result);
        return Exit(run, FinishPath(run, result, null, pass.ResultPath), pass.Next);
    }

    private StepResult Choice(StateRun run, ChoiceState choice)
    {
        if (run.Jsonata)
        {
            var inputs = JsonataInputs(run);
            foreach (var candidate in choice.Choices)
            {
                if (!ChoiceRules.Matches(this, run, candidate.Rule, null)) continue;
                var output = FinishJsonata(run, candidate.Output ?? (candidate.NullOutput ? null : choice.Output), candidate.Output is null && (candidate.NullOutput || choice.NullOutput), candidate.Assign ?? choice.Assign, inputs, run.Input);
                return ExitChoice(run, output, candidate.Next);
            }
            if (choice.Default is null) throw NoChoiceMatched(run);
            return ExitChoice(run, FinishJsonata(run, choice.Output, choice.NullOutput, choice.Assign, inputs, run.Input), choice.Default);
        }

        var effective = EffectiveInput(run);
        foreach (var candidate in choice.Choices)
        {
            if (!ChoiceRules.Matches(this, run, candidate.Rule, effective)) continue;
            var output = SelectPath(run, choice.OutputPath, effective);
            AssignPath(run, candidate.Assign ?? choice.Assign, effective);
            return ExitChoice(run, output, candidate.Next);
        }
        if (choice.Default is null) throw NoChoiceMatched(run);
        var defaultOutput = SelectPath(run, choice.OutputPath, effective);
        AssignPath(run, choice.Assign, effective);
        return ExitChoice(run, defaultOutput, choice.Default);
    }

    private StepResult ExitChoice(StateRun run, JsonNode? output, string next)
    {
        Exit(run, output, null);
        return new StepResult(next, output);
    }

    private static StatesException NoChoiceMatched(StateRun run) =>
        new(StatesErrors.NoChoiceMatched, $"No Choice Rules matched and no Default was specified in the state '{run.State.Name}'.");

    private async Task<StepResult> WaitAsync(StateRun run, WaitState wait, CancellationToken cancellationToken)
    {
        var effective = run.Jsonata ? run.Input : EffectiveInput(run);
        var until = WaitDeadline(run, wait, effective);
        var remaining = until - Clock.UtcNow;
        if (remaining > TimeSpan.Zero) await Clock.SleepAsync(remaining, cancellationToken).ConfigureAwait(false);
        var output = run.Jsonata
            ? FinishJsonata(run, wait.Output, wait.NullOutput, wait.Assign, JsonataInputs(run), run.Input)
            : FinishPath(run, effective, null, null);
        return Exit(run, output, wait.Next);
    }

    /// <summary>AWS's longest Wait: an execution lasts at most a year (Step Functions quotas).</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromDays(365);

    private DateTimeOffset WaitDeadline(StateRun run, WaitState wait, JsonNode? effective)
    {
        var until = WaitUntil(run, wait, effective);
        if (until - run.EnteredTime > MaxWait) throw InState(run, new StatesException(StatesErrors.Runtime, "Wait state delay is too long."));
        return until;
    }

    private DateTimeOffset WaitUntil(StateRun run, WaitState wait, JsonNode? effective)
    {
        if (wait.SecondsPath is not null && !run.Jsonata)
        {
            if (!TryResolve(run, wait.SecondsPath, effective, out var value))
                throw InState(run, new StatesException(StatesErrors.Runtime, $"The SecondsPath parameter does not reference an input value: {wait.SecondsPath}"));
            if (value is not JsonValue v || Workflows.Serialization.JsonNumbers.AsDouble(v) is not { } seconds || Math.Floor(seconds) != seconds)
                throw InState(run, new StatesException(StatesErrors.Runtime, $"The SecondsPath parameter cannot be parsed as a long value: {wait.SecondsPath} == {AsText(value)}"));
            if (seconds < 0)
                throw InState(run, new StatesException(StatesErrors.Runtime, $"The SecondsPath parameter references a negative value: {wait.SecondsPath} == {AsText(value)}"));
            return run.EnteredTime.AddSeconds(Math.Min(seconds, MaxWait.TotalSeconds + 1));
        }
        if (wait.TimestampPath is not null && !run.Jsonata)
        {
            if (!TryResolve(run, wait.TimestampPath, effective, out var value))
                throw InState(run, new StatesException(StatesErrors.Runtime, $"The TimestampPath parameter does not reference an input value: {wait.TimestampPath}"));
            if (value is JsonValue v && v.TryGetValue<string>(out var text) && Workflows.Timestamps.TryParse(text, out var at)) return at;
            throw InState(run, new StatesException(StatesErrors.Runtime,
                $"The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: {wait.TimestampPath} == {AsText(value)}"));
        }
        if (wait.Seconds is not null)
        {
            var seconds = NumberField(run, wait.Seconds, null, effective, "Seconds") ?? 0;
            if (seconds < 0 || Math.Floor(seconds) != seconds)
                throw run.Jsonata
                    ? EvaluationFailed(run, "Seconds", $"The JSONata expression '{JsonataExpression(wait.Seconds)}' specified for the field 'Seconds' returned {Nodes.Serialize(JsonValue.Create(seconds))}, which is not a non-negative integer.")
                    : InState(run, new StatesException(StatesErrors.Runtime, $"The Wait seconds value {seconds} is not a non-negative integer."));
            return run.EnteredTime.AddSeconds(Math.Min(seconds, MaxWait.TotalSeconds + 1));
        }

        JsonNode? stamp = wait.Timestamp;
        if (run.Jsonata && stamp is not null) stamp = Evaluate(run, stamp, JsonataInputs(run), "Timestamp");
        else if (wait.TimestampPath is not null) stamp = SelectPath(run, wait.TimestampPath, effective);
        if (stamp is JsonValue stampValue && stampValue.TryGetValue<string>(out var stampText) && Workflows.Timestamps.TryParse(stampText, out var time))
            return time;
        if (run.Jsonata)
            throw EvaluationFailed(run, "Timestamp", stamp is JsonValue s && s.GetValueKind() == System.Text.Json.JsonValueKind.String
                ? $"The JSONata expression '{JsonataExpression(wait.Timestamp)}' specified for the field 'Timestamp' returned the string {Nodes.Serialize(stamp)}, which is not an ISO-8601 timestamp (for example 2016-03-14T01:59:00Z)."
                : $"The JSONata expression '{JsonataExpression(wait.Timestamp)}' specified for the field 'Timestamp' returned an unexpected result type. Expected 'string', but was '{JsonataType(stamp)}' for value: {Nodes.Serialize(stamp)}");
        throw InState(run, new StatesException(StatesErrors.Runtime, $"The Wait timestamp {Nodes.Serialize(stamp)} is not an RFC3339 timestamp."));
    }

    private StepResult Succeed(StateRun run)
    {
        var output = run.Jsonata
            ? FinishJsonata(run, run.State.Output, run.State.NullOutput, null, JsonataInputs(run), run.Input)
            : SelectPath(run, run.State.OutputPath, EffectiveInput(run));
        Exit(run, output, null);
        return new StepResult(null, output);
    }

    private Exception Fail(StateRun run, FailState fail)
    {
        string? error = fail.Error, cause = fail.Cause;
        if (run.Jsonata)
        {
            var inputs = JsonataInputs(run);
            error = AsText(fail.Error is null ? null : Evaluate(run, JsonValue.Create(fail.Error), inputs, "Error"));
            cause = AsText(fail.Cause is null ? null : Evaluate(run, JsonValue.Create(fail.Cause), inputs, "Cause"));
        }
        else
        {
            if (fail.ErrorPath is not null) error = FailPath(run, fail.ErrorPath, "ErrorPath");
            if (fail.CausePath is not null) cause = FailPath(run, fail.CausePath, "CausePath");
        }
        return new FailStateException(error ?? "", cause ?? "");
    }

    /// <summary>A Fail state's ErrorPath or CausePath: a path or an intrinsic function that yields a string.</summary>
    private string? FailPath(StateRun run, string path, string field)
    {
        var inputs = new PathInputs(run.Input, () => Context(run), run.Frame.Variables);
        JsonNode? value;
        if (path.StartsWith("States.", StringComparison.Ordinal))
            value = Queries.Template(new JsonObject { ["v.$"] = path }, inputs) is JsonObject o ? o["v"]?.DeepClone() : null;
        else if (!Queries.TrySelect(path, inputs, out value))
            throw InState(run, new StatesException(StatesErrors.Runtime, $"The {field} parameter does not reference an input value: {path}"));
        if (value is JsonValue v && v.TryGetValue<string>(out var text)) return text;
        throw InState(run, new StatesException(StatesErrors.Runtime, $"The {field} parameter does not reference a string value: {path} == {Nodes.Serialize(value)}"));
    }

    private static string? AsText(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : node?.ToJsonString();
}
