using System.Reflection;
using Stepwise.Aws.Protocol;

namespace Stepwise.Workbook;

/// <summary>A port whose service the local cloud does not serve yet: every call fails at once, naming the operation and
/// the service, instead of pretending.</summary>
public class NotServed : DispatchProxy
{
    private string _service = "";

    /// <summary>A <typeparamref name="TPort"/> whose calls fail with <c>UnknownOperationException</c>.</summary>
    public static TPort Port<TPort>(string service) where TPort : class
    {
        var port = Create<TPort, NotServed>();
        ((NotServed)(object)port)._service = service;
        return port;
    }

    /// <inheritdoc/>
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var operation = targetMethod?.Name is { } name && name.EndsWith("Async", StringComparison.Ordinal) ? name[..^5] : targetMethod?.Name;
        var error = new AwsServiceException("UnknownOperationException",
            $"{_service} {operation}: the local cloud does not serve {_service} yet. It arrives with its own issue; until then, use STEPWISE_BACKEND=aws for it.");
        if (targetMethod?.ReturnType is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(Task<>))
            return typeof(Task).GetMethod(nameof(Task.FromException), 1, [typeof(Exception)])!
                .MakeGenericMethod(type.GetGenericArguments()[0]).Invoke(null, [error]);
        throw error;
    }
}
