using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Stepwise.Lambda.Runtime;

namespace Stepwise.Local.Tests.Lambda;

/// <summary>Stepwise.Lambda.Runtime's loop against local Lambda's runtime API (in this process, no bootstrap).</summary>
public sealed class RuntimeLoopTests : IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);
    private readonly RuntimeApiServer _server = new();
    private readonly CancellationTokenSource _stop = new();

    public Task InitializeAsync() => _server.StartAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _server.DisposeAsync();
    }

    private LambdaRuntimeOptions Options => new()
    {
        RuntimeApi = _server.Address,
        EnvironmentVariables = name => name == "AWS_LAMBDA_FUNCTION_NAME" ? "loop" : null,
    };

    private RuntimeInvocation Enqueue(string payload, TimeSpan? timeout = null)
    {
        var invocation = new RuntimeInvocation(Guid.NewGuid().ToString(), Encoding.UTF8.GetBytes(payload),
            DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(10)), "arn:aws:lambda:us-east-1:123456789012:function:loop", "Root=1-0-0");
        _server.Enqueue(invocation);
        return invocation;
    }

    [Fact]
    public async Task The_loop_serves_events_in_order_and_posts_each_result_to_its_request_id()
    {
        var loop = LambdaRuntime.RunAsync((input, context, _) =>
            Task.FromResult<JsonNode?>(new JsonObject { ["n"] = input!["n"]!.GetValue<int>() * 2, ["id"] = context.AwsRequestId, ["fn"] = context.FunctionName }),
            Options, _stop.Token);

        var first = Enqueue("""{"n": 1}""");
        var second = Enqueue("""{"n": 21}""");
        var one = JsonNode.Parse((await first.Answer.Task.WaitAsync(Limit)).Body)!;
        var two = JsonNode.Parse((await second.Answer.Task.WaitAsync(Limit)).Body)!;
        await _stop.CancelAsync();

        Assert.Equal(2, one["n"]!.GetValue<int>());
        Assert.Equal(first.RequestId, one["id"]!.GetValue<string>());
        Assert.Equal("loop", one["fn"]!.GetValue<string>());
        Assert.Equal(42, two["n"]!.GetValue<int>());
        Assert.Equal(0, await loop.WaitAsync(Limit));
    }

    [Fact]
    public async Task A_handlers_exception_is_posted_as_the_invocations_error_with_its_type()
    {
        _ = LambdaRuntime.RunAsync((_, _, _) => throw new LambdaHandledException("BuildFailed", "the build failed"), Options, _stop.Token);

        var answer = await Enqueue("{}").Answer.Task.WaitAsync(Limit);

        var error = JsonNode.Parse(answer.Body)!;
        Assert.True(answer.IsError);
        Assert.Equal("BuildFailed", answer.ErrorType);
        Assert.Equal("BuildFailed", error["errorType"]!.GetValue<string>());
        Assert.Equal("the build failed", error["errorMessage"]!.GetValue<string>());
        Assert.IsType<JsonArray>(error["stackTrace"]);
    }

    [Fact]
    public async Task The_handlers_token_is_cancelled_at_the_invocations_deadline()
    {
        _ = LambdaRuntime.RunAsync(async (_, _, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return null;
        }, Options, _stop.Token);

        var answer = await Enqueue("{}", TimeSpan.FromMilliseconds(300)).Answer.Task.WaitAsync(Limit);

        Assert.True(answer.IsError);
        Assert.Equal("TaskCanceledException", JsonNode.Parse(answer.Body)!["errorType"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_failed_initialization_is_posted_to_init_error_and_ends_the_loop_with_1()
    {
        var loop = LambdaRuntime.RunAsync(_ => throw new InvalidOperationException("no configuration"), Options, _stop.Token);

        var error = await _server.InitError.WaitAsync(Limit);

        Assert.Equal("InvalidOperationException", error.ErrorType);
        Assert.Equal("no configuration", JsonNode.Parse(error.Body)!["errorMessage"]!.GetValue<string>());
        Assert.Equal(1, await loop.WaitAsync(Limit));
    }

    [Fact]
    public async Task Without_AWS_LAMBDA_RUNTIME_API_the_loop_says_so_and_returns_2()
    {
        var code = await LambdaRuntime.RunAsync((_, _, _) => Task.FromResult<JsonNode?>(null), new LambdaRuntimeOptions { EnvironmentVariables = _ => null });

        Assert.Equal(2, code);
    }

    [Fact]
    public async Task The_runtime_API_refuses_an_answer_to_a_request_id_not_in_flight()
    {
        using var http = new HttpClient { Timeout = Limit };

        var response = await http.PostAsync($"http://{_server.Address}/2018-06-01/runtime/invocation/nope/response", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidRequestID", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errorType"]!.GetValue<string>());
    }
}
