using System.Diagnostics;
using System.Text;
using Stepwise.Local.Hosting;
using Stepwise.Local.Testing;
using Xunit.Abstractions;

namespace Stepwise.Local.Tests.Host;

/// <summary>The host's own cost on the hot path: 1,000 StartExecution calls over HTTP against the in-memory fake, and
/// against the local cloud's one host.</summary>
public sealed class StepFunctionsHostThroughputTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Thousand_StartExecution_calls_over_HTTP_take_well_under_a_second_each()
    {
        var fake = new FakeStepFunctions();
        await using var host = await LocalCloudHost.StartAsync(fake);
        await MeasureAsync(fake, host.Uri, "fake");
    }

    [Fact]
    public async Task Thousand_StartExecution_calls_over_HTTP_against_LocalStepFunctions()
    {
        await using var environment = await LocalCloudEnvironment.StartTemporaryAsync(new() { ResumeRunningExecutions = false });
        await MeasureAsync(environment.Cloud.StepFunctions, environment.Endpoint, "LocalStepFunctions");
    }

    private async Task MeasureAsync(Stepwise.Aws.StepFunctions.IStepFunctions service, Uri endpoint, string label)
    {
        using var http = new HttpClient { BaseAddress = endpoint };
        var arn = (await service.CreateStateMachineAsync(new()
        {
            Name = "M", RoleArn = "arn:aws:iam::123456789012:role/R",
            Definition = """{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}""",
        })).StateMachineArn;

        async Task StartAsync(int i)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/")
            {
                Content = new StringContent($$"""{"stateMachineArn":"{{arn}}","name":"run-{{i}}","input":"{}"}""", Encoding.UTF8, "application/x-amz-json-1.0"),
            };
            request.Headers.TryAddWithoutValidation("X-Amz-Target", "AWSStepFunctions.StartExecution");
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
        }

        for (var i = 0; i < 50; i++)
            await StartAsync(-1 - i); // warm-up
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 1000; i++)
            await StartAsync(i);
        clock.Stop();

        output.WriteLine($"{label}: 1,000 sequential StartExecution over HTTP: {clock.Elapsed.TotalMilliseconds:F0} ms ({clock.Elapsed.TotalMilliseconds / 1000:F3} ms/call)");
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(20));
    }
}
