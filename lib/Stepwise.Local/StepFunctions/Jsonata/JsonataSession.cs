using System.Text.Json.Nodes;
using Jint.Native;

namespace Stepwise.Local.StepFunctions.Jsonata;

/// <summary>One engine rented with one input and one set of bindings already converted, so that a template with many
/// <c>{% %}</c> fields converts <c>$states</c> and the variables once, not once per field.</summary>
internal sealed class JsonataSession : IDisposable
{
    readonly JsonataEnginePool _pool;
    readonly JsonataEngine _engine;
    readonly JsValue _input;
    readonly JsValue _bindings;
    bool _healthy = true;
    bool _disposed;

    internal JsonataSession(JsonataEnginePool pool, JsonNode? input, IReadOnlyDictionary<string, JsonNode?>? bindings)
    {
        _pool = pool;
        _engine = pool.Rent();
        try
        {
            _input = _engine.ToJs(input);
            var js = _engine.NewBindings();
            if (bindings is not null)
                foreach (var (name, value) in bindings)
                    js.FastSetDataProperty(JsonataScope.VariableName(name), _engine.ToJs(value));
            _bindings = js;
        }
        catch
        {
            pool.Return(_engine);
            throw;
        }
    }

    internal JsonataSession(JsonataEnginePool pool, JsonataScope scope)
    {
        _pool = pool;
        _engine = pool.Rent();
        try
        {
            _input = _engine.ToJs(scope.Input);
            var js = _engine.NewBindings();
            foreach (var (name, value) in scope.Variables)
                js.FastSetDataProperty(JsonataScope.VariableName(name), _engine.ToJs(value));
            var states = _engine.NewBindings();
            states.FastSetDataProperty("input", _input);
            if (scope.Context is not null) states.FastSetDataProperty("context", _engine.ToJs(scope.Context));
            if (scope.Result is not null) states.FastSetDataProperty("result", _engine.ToJs(scope.Result));
            if (scope.ErrorOutput is not null) states.FastSetDataProperty("errorOutput", _engine.ToJs(scope.ErrorOutput));
            js.FastSetDataProperty("states", states);
            _bindings = js;
            _engine.Now = scope.Now;
        }
        catch
        {
            pool.Return(_engine);
            throw;
        }
    }

    /// <summary>The engine lent to this session (for tests).</summary>
    internal JsonataEngine Engine => _engine;

    /// <summary>Compiles only (cached): throws <see cref="JsonataSyntaxException"/> if it does not parse.</summary>
    internal void Compile(string expression) => _engine.Compile(expression);

    /// <summary>Evaluates; false when the result is undefined.</summary>
    /// <exception cref="JsonataSyntaxException">The expression does not parse.</exception>
    /// <exception cref="JsonataEvaluationException">It failed while running.</exception>
    internal bool TryEvaluate(string expression, out JsonNode? result)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var compiled = _engine.Compile(expression);
        try
        {
            return _engine.TryEvaluate(compiled, _input, _bindings, out result);
        }
        catch (JsonataEvaluationException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Jint itself gave up (recursion or stack limit…): an evaluation error for the user, and this engine is
            // retired because the failure may have left its event loop half-run.
            _healthy = false;
            throw new JsonataEvaluationException(JsonataError.FromEngine(e), e);
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _engine.Now = null;
        _pool.Return(_engine, _healthy);
    }
}
