using Jint.Native;

namespace Stepwise.Local.StepFunctions.Jsonata;

/// <summary>Least-recently-used map from expression text to its compiled JSONata object, owned by one engine
/// (so not thread-safe). Bounded because a long-lived process sees unboundedly many distinct expressions.</summary>
internal sealed class JsonataExpressionCache(int capacity)
{
    readonly Dictionary<string, LinkedListNode<(string Expression, JsValue Compiled)>> _map = new(StringComparer.Ordinal);
    readonly LinkedList<(string Expression, JsValue Compiled)> _order = new();

    public int Count => _map.Count;

    /// <summary>Times a compiled expression was found (for tests and measurements).</summary>
    public long Hits { get; private set; }

    /// <summary>Times an expression had to be compiled.</summary>
    public long Misses { get; private set; }

    public bool TryGet(string expression, out JsValue compiled)
    {
        if (_map.TryGetValue(expression, out var node))
        {
            Hits++;
            if (node != _order.First)
            {
                _order.Remove(node);
                _order.AddFirst(node);
            }
            compiled = node.Value.Compiled;
            return true;
        }
        Misses++;
        compiled = JsValue.Undefined;
        return false;
    }

    public void Add(string expression, JsValue compiled)
    {
        if (capacity <= 0) return;
        if (_map.Count >= capacity && _order.Last is { } last)
        {
            _order.RemoveLast();
            _map.Remove(last.Value.Expression);
        }
        _map[expression] = _order.AddFirst((expression, compiled));
    }
}
