using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Stepwise.Local.Storage;

/// <summary>Who has a data directory open: one local cloud at a time, so persisted endpoints, executions and builds are
/// resumed once, not once per opener. The lock is an exclusive hold on <c>{data}/owner.lock</c> (released by the
/// operating system when the process ends, even on kill -9); <c>{data}/owner.json</c> says which process holds it and
/// where its host listens, so a second opener can attach over the wire instead.</summary>
public sealed class DataDirectoryOwner : IDisposable
{
    private const string LockFile = "owner.lock";
    private const string RecordFile = "owner.json";

    private readonly FileStream _lock;
    private readonly string _recordPath;
    private readonly DateTimeOffset _since;
    private Uri? _endpoint;

    private readonly string _region;

    private DataDirectoryOwner(FileStream hold, string recordPath, string region, DateTimeOffset since)
    {
        _lock = hold;
        _recordPath = recordPath;
        _region = region;
        _since = since;
        WriteRecord();
    }

    /// <summary>Takes the data directory for this process, or throws <see cref="LocalCloudInUseException"/> naming the
    /// process that has it.</summary>
    public static DataDirectoryOwner Acquire(string dataDirectory, string region, TimeProvider time)
    {
        Directory.CreateDirectory(dataDirectory);
        var recordPath = Path.Combine(dataDirectory, RecordFile);
        try
        {
            var hold = new FileStream(Path.Combine(dataDirectory, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return new DataDirectoryOwner(hold, recordPath, region, time.GetUtcNow());
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new LocalCloudInUseException(dataDirectory, ReadRecord(recordPath), e);
        }
    }

    /// <summary>The owner record of a data directory, when one was written (it may be stale: only the lock is proof).</summary>
    public static DataDirectoryOwnerRecord? ReadRecord(string recordPath)
    {
        try
        {
            return JsonSerializer.Deserialize<DataDirectoryOwnerRecord>(File.ReadAllText(recordPath));
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Records where this owner's host listens (the first one started), for openers that attach.</summary>
    public void Serving(Uri endpoint)
    {
        if (_endpoint is not null)
            return;
        _endpoint = endpoint;
        WriteRecord();
    }

    private void WriteRecord()
    {
        var record = new DataDirectoryOwnerRecord(Environment.ProcessId, ProcessName(), _since, _region, _endpoint?.ToString());
        AtomicFile.WriteAllText(_recordPath, JsonSerializer.Serialize(record));
    }

    private static string ProcessName()
    {
        try
        {
            return Process.GetCurrentProcess().ProcessName;
        }
        catch (InvalidOperationException)
        {
            return "";
        }
    }

    public void Dispose()
    {
        try
        {
            File.Delete(_recordPath);
        }
        catch (IOException)
        {
            // the next owner overwrites it
        }
        _lock.Dispose();
    }
}

/// <summary>What <c>{data}/owner.json</c> says: the owning process, since when, its region, and its host's endpoint if it serves one.</summary>
public sealed record DataDirectoryOwnerRecord(
    [property: JsonPropertyName("pid")] int ProcessId,
    [property: JsonPropertyName("process")] string ProcessName,
    [property: JsonPropertyName("since")] DateTimeOffset Since,
    [property: JsonPropertyName("region")] string? Region,
    [property: JsonPropertyName("endpoint")] string? Endpoint);

/// <summary>A second local cloud was opened on a data directory another one has open.</summary>
public sealed class LocalCloudInUseException : IOException
{
    public LocalCloudInUseException(string dataDirectory, DataDirectoryOwnerRecord? owner, Exception? inner = null)
        : base(Describe(dataDirectory, owner), inner)
    {
        DataDirectory = dataDirectory;
        Owner = owner;
    }

    /// <summary>The data directory in use.</summary>
    public string DataDirectory { get; }

    /// <summary>Who has it, as its owner record says (null when it wrote none).</summary>
    public DataDirectoryOwnerRecord? Owner { get; }

    private static string Describe(string dataDirectory, DataDirectoryOwnerRecord? owner)
    {
        var who = owner is null
            ? "another local cloud"
            : $"the local cloud of process {owner.ProcessId}{(owner.ProcessName.Length > 0 ? $" ({owner.ProcessName})" : "")}, open since {owner.Since:u}" +
              (owner.Endpoint is { } endpoint ? $", serving {endpoint}" : "");
        return $"The local cloud's data directory {dataDirectory} is in use by {who}. One local cloud owns a data directory at a time " +
               "(it resumes the endpoints, executions and builds kept there). Close the other one (another notebook kernel, " +
               "`stepwise local`, a test run), connect to its endpoint (AWS_ENDPOINT_URL with STEPWISE_BACKEND=aws), " +
               "or give this one a data directory of its own (STEPWISE_HOME).";
    }
}
