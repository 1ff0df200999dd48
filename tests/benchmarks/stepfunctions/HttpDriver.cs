using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Stepwise.Benchmarks.StepFunctions;

/// <summary>(c) The same client against either server: raw awsJson 1.0 POSTs, <see cref="Concurrency"/> requests in
/// flight. A timed round starts <c>count</c> executions, then describes each one until it is SUCCEEDED; it ends
/// when the last one is.</summary>
public sealed class HttpDriver(Uri endpoint, int concurrency) : IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
    {
        BaseAddress = endpoint,
        Timeout = TimeSpan.FromMinutes(2),
    };

    public int Concurrency { get; } = concurrency;

    public async Task<string> CreateStateMachineAsync(string name, JsonObject definition)
    {
        var created = await CallAsync("CreateStateMachine", new JsonObject
        {
            ["name"] = name,
            ["definition"] = definition.ToJsonString(),
            ["roleArn"] = "arn:aws:iam::123456789012:role/bench",
        });
        return created["stateMachineArn"]!.GetValue<string>();
    }

    /// <summary>One round; returns the milliseconds until all executions succeeded and those of the start phase alone.</summary>
    public async Task<(double TotalMs, double StartMs)> RoundAsync(string stateMachineArn, string prefix, int count, Func<JsonNode?, int, string?> checkOutput)
    {
        var arns = new string[count];
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (i, _) =>
        {
            var started = await CallAsync("StartExecution", new JsonObject
            {
                ["stateMachineArn"] = stateMachineArn,
                ["name"] = $"{prefix}-{i}",
                ["input"] = new JsonObject { ["index"] = i }.ToJsonString(),
            });
            arns[i] = started["executionArn"]!.GetValue<string>();
        });
        var startMs = clock.Elapsed.TotalMilliseconds;
        var outputs = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (i, _) =>
        {
            while (true)
            {
                var described = await CallAsync("DescribeExecution", new JsonObject { ["executionArn"] = arns[i] });
                var status = described["status"]!.GetValue<string>();
                if (status == "SUCCEEDED")
                {
                    outputs[i] = described["output"]!.GetValue<string>();
                    return;
                }
                if (status != "RUNNING") throw new InvalidOperationException($"{arns[i]} ended {status}: {described.ToJsonString()}");
                await Task.Delay(1);
            }
        });
        var totalMs = clock.Elapsed.TotalMilliseconds;
        for (var i = 0; i < count; i++)
        {
            if (checkOutput(JsonNode.Parse(outputs[i]), i) is { } problem) throw new InvalidOperationException($"{arns[i]}: {problem}");
        }
        return (totalMs, startMs);
    }

    private async Task<JsonObject> CallAsync(string operation, JsonObject body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/");
        request.Headers.Add("X-Amz-Target", $"AWSStepFunctions.{operation}");
        request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.0");
        using var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{operation} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public void Dispose() => _client.Dispose();
}
