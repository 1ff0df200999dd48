using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stepwise.Lambda.Runtime;

/// <summary>A function's handler: the event in, the result out (null is JSON <c>null</c>); an exception is the invocation's error.</summary>
public delegate Task<JsonNode?> LambdaFunctionHandler(JsonNode? input, LambdaRuntimeContext context, CancellationToken cancellationToken);

/// <summary>The custom-runtime loop a <c>bootstrap</c> program runs: initialize once, then for each event from the runtime
/// API call the handler and post its result or its error — until the loop's token is cancelled.</summary>
public static class LambdaRuntime
{
    /// <summary>Runs <paramref name="initialize"/> (its failure is posted to <c>init/error</c> and returns 1), then serves
    /// events with the handler it returns. Each handler call's token is cancelled at the invocation's deadline.</summary>
    public static async Task<int> RunAsync(Func<CancellationToken, Task<LambdaFunctionHandler>> initialize, LambdaRuntimeOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(initialize);
        options ??= new LambdaRuntimeOptions();
        var api = options.RuntimeApi ?? options.EnvironmentVariables("AWS_LAMBDA_RUNTIME_API");
        if (string.IsNullOrEmpty(api))
        {
            await Console.Error.WriteLineAsync("AWS_LAMBDA_RUNTIME_API is not set: this program is a Lambda function's bootstrap and runs under Lambda (or the local Lambda).")
                .ConfigureAwait(false);
            return 2;
        }
        using var client = new LambdaRuntimeClient(api, options.HttpHandler, options.PostTimeout);
        LambdaFunctionHandler handler;
        try
        {
            handler = await initialize(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var error = LambdaFunctionError.FromException(e);
            await Console.Error.WriteLineAsync(error.ToJson().ToJsonString()).ConfigureAwait(false);
            await client.SendInitErrorAsync(error, cancellationToken).ConfigureAwait(false);
            return 1;
        }
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var invocation = await client.NextInvocationAsync(cancellationToken).ConfigureAwait(false);
                await InvokeAsync(client, handler, invocation, options, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }
        return 0;
    }

    /// <summary>Serves events with <paramref name="handler"/>, which needs no initialization.</summary>
    public static Task<int> RunAsync(LambdaFunctionHandler handler, LambdaRuntimeOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync(_ => Task.FromResult(handler), options, cancellationToken);

    private static async Task InvokeAsync(LambdaRuntimeClient client, LambdaFunctionHandler handler, LambdaInvocation invocation,
        LambdaRuntimeOptions options, CancellationToken cancellationToken)
    {
        var time = options.TimeProvider;
        var context = new LambdaRuntimeContext(invocation, options.EnvironmentVariables, time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (invocation.Deadline != DateTimeOffset.MaxValue)
        {
            var left = invocation.Deadline - time.GetUtcNow();
            if (left > TimeSpan.Zero) deadline.CancelAfter(left);
            else deadline.Cancel();
        }
        byte[] result;
        try
        {
            JsonNode? input;
            try
            {
                input = invocation.Payload.Length == 0 ? null : JsonNode.Parse(invocation.Payload);
            }
            catch (JsonException e)
            {
                throw new LambdaHandledException("Runtime.SerializationError", $"The event is not JSON: {e.Message}", e);
            }
            var output = await handler(input, context, deadline.Token).ConfigureAwait(false);
            result = Encoding.UTF8.GetBytes(output?.ToJsonString() ?? "null");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var error = LambdaFunctionError.FromException(e);
            await Console.Error.WriteLineAsync($"{time.GetUtcNow():yyyy-MM-dd'T'HH:mm:ss.fff'Z'}\t{invocation.RequestId}\tfail\t{e}").ConfigureAwait(false);
            await client.SendErrorAsync(invocation.RequestId, error, cancellationToken).ConfigureAwait(false);
            return;
        }
        await client.SendResponseAsync(invocation.RequestId, result, cancellationToken).ConfigureAwait(false);
    }
}
