using System.Diagnostics;
using System.Text;
using Stepwise.Local.Hosting;
using Xunit.Abstractions;

namespace Stepwise.Local.Tests.Host;

/// <summary>The host's own cost on the hot path: 1,000 StartExecution calls over HTTP against the in-memory fake.</summary>
public sealed class StepFunctionsHostThroughputTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Thousand_StartExecution_calls_over_HTTP_take_well_under_a_second_each() =>
        await MeasureAsync(new FakeStepFunctions(), "fake");

    [Fact]
    public async Task Thousand_StartExecution_calls_over_HTTP_against_LocalStepFunctions()
    {
        var data = Directory.CreateTempSubdirectory("stepwise-throughput-").FullName;
        try
        {
            await using var local = new LocalStepFunctions(new LocalStepFunctionsOptions { DataDirectory = data, ResumeRunningExecutions = false });
            await MeasureAsync(local, "LocalStepFunctions");
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private async Task MeasureAsync(Stepwise.Aws.StepFunctions.IStepFunctions service, string label)
    {
        await using var host = await LocalCloudHost.StartAsync(service);
        using var http = new HttpClient { BaseAddress = host.Uri };
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
