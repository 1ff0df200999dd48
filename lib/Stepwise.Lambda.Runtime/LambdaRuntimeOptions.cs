namespace Stepwise.Lambda.Runtime;

/// <summary>Where the runtime API is and how long its calls may take; every member has Lambda's default.</summary>
public sealed class LambdaRuntimeOptions
{
    /// <summary><c>host:port</c> of the runtime API; null: <c>AWS_LAMBDA_RUNTIME_API</c>.</summary>
    public string? RuntimeApi { get; init; }

    /// <summary>Reads the Lambda environment (tests pass a dictionary's lookup).</summary>
    public Func<string, string?> EnvironmentVariables { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>The clock deadlines are read on.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How long posting a response or an error may take (the wait for the next event is unbounded: Lambda
    /// freezes or stops the process meanwhile, and the loop's token ends it).</summary>
    public TimeSpan PostTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The innermost HTTP handler (a fake in tests); null: a <see cref="SocketsHttpHandler"/>.</summary>
    public HttpMessageHandler? HttpHandler { get; init; }
}
