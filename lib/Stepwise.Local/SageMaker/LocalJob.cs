using System.Text.Json.Nodes;

namespace Stepwise.Local.SageMaker;

/// <summary>
/// A transform, processing or tuning job: its description (AWS's own Describe shape), persisted whole at every change as
/// <c>{folder}/job.json</c> (through <see cref="HostingRecords"/>: a temporary file, then a rename), the process running
/// it (so that a restart can kill one left behind), and the signals its run listens to.
/// </summary>
internal sealed class LocalJob<T>(string folder, T description, ProcessRef? process = null) where T : class
{
    public const string FileName = "job.json";
    private readonly Lock _gate = new();
    private T _description = description;
    private ProcessRef? _process = process;

    public string Folder { get; } = folder;

    public T Description
    {
        get { lock (_gate) return _description; }
    }

    /// <summary>The container's process while it runs.</summary>
    public ProcessRef? Process
    {
        get { lock (_gate) return _process; }
    }

    /// <summary>Serializes stop requests (Stop* and the MaxRuntimeInSeconds timer).</summary>
    public Lock StopGate { get; } = new();

    /// <summary>Cancelled by Stop* or when MaxRuntimeInSeconds passes.</summary>
    public CancellationTokenSource Stop { get; } = new();

    /// <summary>Why the job was stopped, once it was (null: not stopped).</summary>
    public string? StopReason { get; set; }

    /// <summary>The run, until it ends.</summary>
    public Task Run { get; set; } = Task.CompletedTask;

    public T Update(Func<T, T> change)
    {
        lock (_gate)
        {
            _description = change(_description);
            Save();
            return _description;
        }
    }

    public void SetProcess(ProcessRef? process)
    {
        lock (_gate)
        {
            _process = process;
            Save();
        }
    }

    public void Save()
    {
        lock (_gate)
        {
            var json = new JsonObject { ["Description"] = HostingRecords.Node(_description) };
            if (_process is { } p) json["Process"] = new JsonObject { ["Id"] = p.Id, ["StartTime"] = p.StartTime.ToUnixTimeMilliseconds() };
            HostingRecords.Save(Path.Combine(Folder, FileName), json);
        }
    }

    /// <summary>The job in <paramref name="folder"/>, or null when there is none (a folder left half-created).</summary>
    public static LocalJob<T>? Load(string folder)
    {
        if (HostingRecords.Load(Path.Combine(folder, FileName)) is not { } json) return null;
        var process = json["Process"] is JsonObject p
            ? new ProcessRef(p["Id"]!.GetValue<int>(), DateTimeOffset.FromUnixTimeMilliseconds(p["StartTime"]!.GetValue<long>()))
            : null;
        return new LocalJob<T>(folder, HostingRecords.Shape<T>(json["Description"]!), process);
    }

    /// <summary>Every job stored under <paramref name="directory"/> (created when missing); folders left half-created are skipped.</summary>
    public static IEnumerable<LocalJob<T>> LoadAll(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        foreach (var folder in System.IO.Directory.EnumerateDirectories(directory))
            if (Load(folder) is { } job)
                yield return job;
    }

    /// <summary>Waits, up to <paramref name="limit"/> each, for the runs of <paramref name="jobs"/> to end (the service is
    /// stopping and has told them to).</summary>
    public static async Task WaitForRunsAsync(IEnumerable<LocalJob<T>> jobs, TimeSpan limit)
    {
        foreach (var job in jobs)
            try
            {
                await job.Run.WaitAsync(limit).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
            }
    }
}

/// <summary>Texts the job records share.</summary>
internal static class JobText
{
    /// <summary>A FailureReason as SageMaker keeps it: at most 1,024 characters.</summary>
    public static string FailureReason(string reason) => reason.Length <= 1024 ? reason : reason[..1024];
}
