using System.Text.Json.Nodes;

namespace Stepwise.Local.StepFunctions.Jsonata;

/// <summary>Evaluates JSONata expressions as Step Functions does, with the reference JavaScript JSONata (2.2.2) running
/// in Jint. Thread-safe: evaluations borrow engines from a bounded pool; each engine caches compiled expressions.
/// Errors are <see cref="StatesException"/>s named <see cref="StatesErrors.QueryEvaluationError"/>.</summary>
public sealed class JsonataEvaluator : IDisposable
{
    static readonly Lazy<JsonataEvaluator> s_shared = new(() => new JsonataEvaluator());

    readonly JsonataEnginePool _pool;

    /// <summary>A process-wide evaluator with default options; engines load on first use, not before.</summary>
    public static JsonataEvaluator Shared => s_shared.Value;

    /// <summary>An evaluator with its own engines (loaded lazily, on first evaluation).</summary>
    public JsonataEvaluator(JsonataEvaluatorOptions? options = null)
    {
        Options = options ?? new JsonataEvaluatorOptions();
        Options.Validate();
        _pool = new JsonataEnginePool(Options);
    }

    /// <summary>The settings this evaluator was made with.</summary>
    public JsonataEvaluatorOptions Options { get; }

    /// <summary>JavaScript engines created so far (each one loaded JSONata once).</summary>
    public int EnginesCreated => _pool.Created;

    /// <summary>The value of <paramref name="expression"/> with <c>$</c> = <paramref name="input"/> and each binding as
    /// <c>$name</c>; an undefined result is returned as null (use <see cref="TryEvaluate(string, JsonNode?, IReadOnlyDictionary{string, JsonNode?}?, out JsonNode?)"/> to tell them apart).</summary>
    /// <exception cref="StatesException">States.QueryEvaluationError: syntax or evaluation error.</exception>
    public JsonNode? Evaluate(string expression, JsonNode? input, IReadOnlyDictionary<string, JsonNode?>? bindings = null)
    {
        TryEvaluate(expression, input, bindings, out var result);
        return result;
    }

    /// <summary>Evaluates; false when the result is undefined (JSONata's "nothing"), which is not JSON null.</summary>
    /// <exception cref="StatesException">States.QueryEvaluationError: syntax or evaluation error.</exception>
    public bool TryEvaluate(string expression, JsonNode? input, IReadOnlyDictionary<string, JsonNode?>? bindings, out JsonNode? result)
    {
        ArgumentNullException.ThrowIfNull(expression);
        using var session = new JsonataSession(_pool, input, bindings);
        return Run(session, expression, out result);
    }

    /// <summary>The value of <paramref name="expression"/> in a state's scope (<c>$</c> is the state input); undefined is null.</summary>
    /// <exception cref="StatesException">States.QueryEvaluationError: syntax or evaluation error.</exception>
    public JsonNode? Evaluate(string expression, JsonataScope scope)
    {
        TryEvaluate(expression, scope, out var result);
        return result;
    }

    /// <summary>Evaluates in a state's scope; false when the result is undefined.</summary>
    /// <exception cref="StatesException">States.QueryEvaluationError: syntax or evaluation error.</exception>
    public bool TryEvaluate(string expression, JsonataScope scope, out JsonNode? result)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(scope);
        using var session = new JsonataSession(_pool, scope);
        return Run(session, expression, out result);
    }

    /// <summary>Checks that <paramref name="expression"/> parses (and caches its compiled form).</summary>
    /// <exception cref="JsonataSyntaxException">It does not parse; carries JSONata's code, message and position.</exception>
    public void Check(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        using var session = OpenSession(JsonataScope.ForInput(null));
        session.Compile(expression);
    }

    /// <summary>Rents an engine with the scope bound, for several expressions in a row (a template).</summary>
    internal JsonataSession OpenSession(JsonataScope scope) => new(_pool, scope);

    static bool Run(JsonataSession session, string expression, out JsonNode? result)
    {
        try
        {
            return session.TryEvaluate(expression, out result);
        }
        catch (JsonataSyntaxException e)
        {
            throw SyntaxError(e, field: null);
        }
        catch (JsonataEvaluationException e)
        {
            throw EvaluationError(expression, e, field: null);
        }
    }

    /// <summary>AWS-like cause for a failed evaluation; names the field when known.</summary>
    internal static StatesException EvaluationError(string expression, JsonataEvaluationException e, string? field) =>
        new(StatesErrors.QueryEvaluationError,
            field is null
                ? $"An error occurred while evaluating the expression '{expression}': {e.JsonataError}"
                : $"An error occurred while evaluating the expression '{expression}' specified for the field '{field}': {e.JsonataError}",
            e);

    internal static StatesException SyntaxError(JsonataSyntaxException e, string? field) =>
        new(StatesErrors.QueryEvaluationError,
            field is null
                ? $"The JSONata expression '{e.Expression}' is invalid: {JsonataErrorText(e)}"
                : $"The JSONata expression '{e.Expression}' specified for the field '{field}' is invalid: {JsonataErrorText(e)}",
            e);

    static string JsonataErrorText(JsonataSyntaxException e) => new JsonataError(e.Code, e.JsonataMessage, e.Position, e.Token).ToString();

    public void Dispose() => _pool.Dispose();
}
