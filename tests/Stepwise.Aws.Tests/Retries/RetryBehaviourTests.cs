using System.Net;
using Microsoft.Extensions.Time.Testing;
using Stepwise.Aws.Retries;
using Stepwise.Aws.StepFunctions;
using Stepwise.Aws.Tests.Support;

namespace Stepwise.Aws.Tests.Retries;

/// <summary>Retries through the whole client, against a fake handler and a fake clock: nothing really sleeps.</summary>
public sealed class RetryBehaviourTests
{
    private const string Ok = """{"stateMachines":[]}""";

    private static AwsServiceClient Client(FakeHandler handler, FakeTimeProvider time, int maxAttempts = 3, double jitter = 0) =>
        new(TestClients.Options(handler, new Uri("https://example.test"), time,
            retry: new AwsRetryOptions { MaxAttempts = maxAttempts, Randomizer = () => jitter }));

    private static Task<ListStateMachinesOutput> List(AwsServiceClient client, CancellationToken cancellationToken = default) =>
        client.SendAsync(StepFunctionsOperations.ListStateMachines, new ListStateMachinesInput(), cancellationToken);

    private static HttpResponseMessage Error(HttpStatusCode status, string code) =>
        FakeHandler.Response(status, $$"""{"__type":"{{code}}","message":"m"}""", "application/x-amz-json-1.0");

    [Theory]
    [InlineData("ThrottlingException")]
    [InlineData("Throttling")]
    [InlineData("TooManyRequestsException")]
    [InlineData("RequestLimitExceeded")]
    [InlineData("ProvisionedThroughputExceededException")]
    public async Task Throttling_is_retried_until_it_succeeds(string code)
    {
        var handler = new FakeHandler((_, n) => n < 3 ? Error(HttpStatusCode.BadRequest, code) : FakeHandler.Response(HttpStatusCode.OK, Ok));
        using var client = Client(handler, new FakeTimeProvider(TestClients.SuiteTime));

        await List(client);

        Assert.Equal(3, handler.Requests.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task Server_errors_are_retried(HttpStatusCode status)
    {
        var handler = new FakeHandler((_, n) => n == 1 ? FakeHandler.Response(status, "<html>oops</html>", "text/html") : FakeHandler.Response(HttpStatusCode.OK, Ok));
        using var client = Client(handler, new FakeTimeProvider(TestClients.SuiteTime));

        await List(client);

        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task Network_errors_are_retried()
    {
        var handler = new FakeHandler((_, n) => n == 1 ? throw new HttpRequestException("connection refused") : FakeHandler.Response(HttpStatusCode.OK, Ok));
        using var client = Client(handler, new FakeTimeProvider(TestClients.SuiteTime));

        await List(client);

        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task An_HttpClient_timeout_is_retried()
    {
        var handler = new FakeHandler((_, n) => n == 1 ? throw new TaskCanceledException("timed out", new TimeoutException()) : FakeHandler.Response(HttpStatusCode.OK, Ok));
        using var client = Client(handler, new FakeTimeProvider(TestClients.SuiteTime));

        await List(client);

        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task Other_client_errors_fail_at_once()
    {
        var handler = new FakeHandler((_, _) => Error(HttpStatusCode.BadRequest, "StateMachineDoesNotExist"));
        using var client = Client(handler, new FakeTimeProvider(TestClients.SuiteTime));

        var error = await Assert.ThrowsAsync<StepFunctionsException>(() => List(client));

        Assert.Equal("StateMachineDoesNotExist", error.ErrorCode);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Gives_up_after_max_attempts_with_the_last_error()
    {
        var handler = new FakeHandler((_, _) => Error(HttpStatusCode.BadRequest, "ThrottlingException"));
        using var client = Client(handler, new FakeTimeProvider(TestClients.SuiteTime), maxAttempts: 4);

        var error = await Assert.ThrowsAsync<StepFunctionsException>(() => List(client));

        Assert.Equal("ThrottlingException", error.ErrorCode);
        Assert.Equal(4, handler.Requests.Count);
    }

    [Fact]
    public async Task Waits_the_backoff_on_the_time_provider_before_retrying()
    {
        var time = new FakeTimeProvider(TestClients.SuiteTime);
        var handler = new FakeHandler((_, n) => n == 1 ? Error(HttpStatusCode.BadRequest, "ThrottlingException") : FakeHandler.Response(HttpStatusCode.OK, Ok));
        using var client = Client(handler, time, jitter: 0.5); // first retry: 0.5 · 1 s

        var call = List(client);
        await WaitUntil(() => handler.Requests.Count == 1 && time.GetUtcNow() == TestClients.SuiteTime);
        time.Advance(TimeSpan.FromMilliseconds(499));
        await Task.Delay(50);
        Assert.Single(handler.Requests);

        time.Advance(TimeSpan.FromMilliseconds(1));
        await call.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_retried()
    {
        using var cancellation = new CancellationTokenSource();
        var handler = new FakeHandler((_, _) =>
        {
            cancellation.Cancel();
            throw new OperationCanceledException(cancellation.Token);
        });
        using var client = Client(handler, new FakeTimeProvider(TestClients.SuiteTime));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => List(client, cancellation.Token));

        Assert.Single(handler.Requests);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
            await Task.Delay(10);
        Assert.True(condition());
    }
}
