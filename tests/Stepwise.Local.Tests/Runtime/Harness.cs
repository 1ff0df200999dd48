using Stepwise.Local.Lambda;
using System.Text.Json.Nodes;
using Stepwise.Local.S3;
using Stepwise.Local.StepFunctions.Runtime;
using Stepwise.Local.StepFunctions.Integrations;
using Stepwise.Workflows.Asl;

namespace Stepwise.Local.Tests.Runtime;

/// <summary>Runs definitions on the engine with simulated time and records what happened.</summary>
internal sealed class Harness
{
    public VirtualClock Clock { get; } = new();
    public LocalLambda Lambda { get; } = new();
    public IntegrationRegistry Integrations { get; }
    public TaskTokens Tokens { get; } = new();
    private LocalS3? _s3;

    /// <summary>A plain folder tree, <c>{root}/{bucket}/{key}</c>, that stands for local S3: its files are put into
    /// <see cref="S3"/> before each run and the objects written back as files after it, so tests can arrange and inspect
    /// objects with File APIs.</summary>
    public string? ObjectRoot { get; init; }

    /// <summary>The local S3 the engine reads and writes (kept under <see cref="ObjectRoot"/>'s <c>.local-s3</c>); null without an object root.</summary>
    public LocalS3? S3 => ObjectRoot is null ? null : _s3 ??= new LocalS3(Path.Combine(ObjectRoot, ".local-s3"));

    public Harness()
    {
        Integrations = new IntegrationRegistry().Add(new LambdaIntegration(Lambda));
    }

    public WorkflowEngine Engine => new(new EngineOptions
    {
        Clock = Clock,
        Integrations = Integrations,
        TaskTokens = Tokens,
        RandomSeed = 7,
        ObjectStore = S3,
    });

    public async Task<Run> RunAsync(string definition, string input = "{}", ExecutionControl? control = null)
    {
        var journal = new MemoryJournal();
        var start = new ExecutionStart("arn:aws:states:us-east-1:123456789012:execution:Test:run-1", "run-1",
            "arn:aws:states:us-east-1:123456789012:stateMachine:Test", "Test", "arn:aws:iam::123456789012:role/Test",
            StateMachine.FromJson(definition), input, Clock.UtcNow);
        await ImportFilesAsync();
        var outcome = await Engine.RunAsync(start, journal, control: control);
        await ExportObjectsAsync();
        return new Run(outcome, journal.Events);
    }

    private async Task ImportFilesAsync()
    {
        if (ObjectRoot is null || S3 is not { } s3) return;
        foreach (var folder in Directory.EnumerateDirectories(ObjectRoot))
        {
            var bucket = Path.GetFileName(folder);
            if (!S3Names.IsValidBucketName(bucket)) continue;
            if (!s3.BucketExists(bucket)) await s3.CreateBucketAsync(bucket);
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            {
                await using var content = File.OpenRead(file);
                await s3.PutObjectAsync(bucket, Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/'), content);
            }
        }
    }

    private async Task ExportObjectsAsync()
    {
        if (ObjectRoot is null || S3 is not { } s3) return;
        foreach (var bucket in await s3.ListBucketsAsync())
            await foreach (var info in s3.ListAllAsync(bucket.Name))
            {
                var path = Path.GetFullPath(Path.Combine(ObjectRoot, bucket.Name, info.Key));
                if (info.Key.EndsWith('/') || !path.StartsWith(Path.Combine(ObjectRoot, bucket.Name) + Path.DirectorySeparatorChar, StringComparison.Ordinal)) continue;
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await using var content = await s3.GetObjectAsync(bucket.Name, info.Key);
                await using var file = File.Create(path);
                await content.Content.CopyToAsync(file);
            }
    }

    /// <summary>A one-state-per-line definition builder: <c>Definition("A", """ "A": {...} """)</c>.</summary>
    public static string Definition(string startAt, string states, string extra = "") =>
        $$"""{ "StartAt": "{{startAt}}", {{extra}} "States": { {{states}} } }""";
}

internal sealed record Run(ExecutionOutcome Outcome, IReadOnlyList<ExecutionEvent> Events)
{
    public JsonNode? Output => Outcome.Output is null ? null : JsonNode.Parse(Outcome.Output);

    public IReadOnlyList<string> Types => [.. Events.Select(e => e.Type)];

    public void AssertSucceeded(string expectedOutput)
    {
        Assert.True(Outcome.Status == ExecutionStatuses.Succeeded, $"{Outcome.Status}: {Outcome.Error}: {Outcome.Cause}");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expectedOutput), Output), $"output was {Outcome.Output}");
    }

    public void AssertFailed(string error, string? causeContains = null)
    {
        Assert.Equal(ExecutionStatuses.Failed, Outcome.Status);
        Assert.Equal(error, Outcome.Error);
        if (causeContains is not null) Assert.Contains(causeContains, Outcome.Cause);
    }
}
