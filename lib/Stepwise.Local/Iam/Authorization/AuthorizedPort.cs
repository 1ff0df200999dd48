using System.Collections.Concurrent;
using System.Reflection;

namespace Stepwise.Local.Iam.Authorization;

/// <summary>
/// A decorator over a service port (<c>ISageMaker</c>, <c>IStepFunctions</c>, …) that authorizes every call before it
/// reaches the service: the operation is the method's name without <c>Async</c>, its input the first argument, the
/// permissions it needs come from the service's <see cref="ServiceAuthorization"/> table. With an access key id, each
/// call also acts as that key's caller (<see cref="CallerContext"/>), so the service sees the same caller the check did.
/// One decorator for every port: an operation added to a port is checked without a change here.
/// </summary>
public class AuthorizedPort<TPort> : DispatchProxy
    where TPort : class
{
    private static readonly ConcurrentDictionary<MethodInfo, MethodInfo?> Forwarders = new();
    private static readonly MethodInfo ForwardMethod = typeof(AuthorizedPort<TPort>).GetMethod(nameof(ForwardAsync), BindingFlags.NonPublic | BindingFlags.Instance)!;

    private TPort _inner = null!;
    private ServiceAuthorization _table = null!;
    private CallerAuthorizer? _authorizer;
    private string? _accessKeyId;

    /// <summary><paramref name="inner"/> behind the check of <paramref name="table"/>'s permissions (none without an
    /// <paramref name="authorizer"/>); acting as <paramref name="accessKeyId"/> when given, else as the caller of the call in progress.</summary>
    public static TPort Create(TPort inner, ServiceAuthorization table, CallerAuthorizer? authorizer, string? accessKeyId = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        var port = Create<TPort, AuthorizedPort<TPort>>();
        var proxy = (AuthorizedPort<TPort>)(object)port;
        proxy._inner = inner;
        proxy._table = table;
        proxy._authorizer = authorizer;
        proxy._accessKeyId = accessKeyId;
        return port;
    }

    /// <inheritdoc/>
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var forwarder = Forwarders.GetOrAdd(targetMethod, static m =>
            m.ReturnType.IsGenericType && m.ReturnType.GetGenericTypeDefinition() == typeof(Task<>) && m.GetParameters().Length >= 1
                ? ForwardMethod.MakeGenericMethod(m.ReturnType.GetGenericArguments()[0])
                : null);
        if (forwarder is null)
            return Call(targetMethod, args); // not an operation (no input, not a Task<T>): nothing to authorize
        return forwarder.Invoke(this, [targetMethod, args]);
    }

    private async Task<TOutput> ForwardAsync<TOutput>(MethodInfo method, object?[]? args)
    {
        using var caller = _accessKeyId is null ? null : CallerContext.Use(_accessKeyId);
        var operation = method.Name.EndsWith("Async", StringComparison.Ordinal) ? method.Name[..^"Async".Length] : method.Name;
        if (_authorizer is not null && args is [{ } input, ..])
            _authorizer.Authorize(_table, operation, input);
        return await ((Task<TOutput>)Call(method, args)!).ConfigureAwait(false);
    }

    private object? Call(MethodInfo method, object?[]? args)
    {
        try
        {
            return method.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}
