using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Aws.SageMaker;

namespace Stepwise.Local.SageMaker;

/// <summary>
/// What the local SageMaker keeps of a training job: its description (AWS's own shape, as DescribeTrainingJob answers
/// it), its log stream and the process running it. Stored as <c>job.json</c> in the job's folder, beside its
/// <c>opt/ml</c>, and rewritten whole (temporary file, then rename) at each transition — a JSON document per job rather
/// than SQLite because a job is read and written whole, a few times in its life, and its folder then holds everything
/// about it; <see cref="FormatVersion"/> guards against misreading a newer Stepwise's file.
/// </summary>
internal sealed record TrainingJobRecord
{
    public const int CurrentFormatVersion = 1;
    public const string FileName = "job.json";

    public int FormatVersion { get; init; } = CurrentFormatVersion;

    public required DescribeTrainingJobResponse Description { get; init; }

    /// <summary>The CloudWatch Logs stream of the container (<c>{job}/algo-1-{epoch seconds}</c>) once it started.</summary>
    public string? LogStream { get; init; }

    /// <summary>The container's process while it runs, so that a restart can stop one left behind.</summary>
    public int? ProcessId { get; init; }

    public DateTimeOffset? ProcessStartTime { get; init; }

    public void Save(string folder)
    {
        var json = new JsonObject
        {
            ["FormatVersion"] = FormatVersion,
            ["LogStream"] = LogStream,
            ["ProcessId"] = ProcessId,
            ["ProcessStartTime"] = ProcessStartTime?.ToUnixTimeMilliseconds(),
            ["Description"] = JsonNode.Parse(SageMakerJson.Serialize(Description)),
        };
        var path = Path.Combine(folder, FileName);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The record in <paramref name="folder"/>, or null when there is none (a folder left half-created).</summary>
    public static TrainingJobRecord? Load(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return null;
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var version = json["FormatVersion"]?.GetValue<int>() ?? 0;
        if (version > CurrentFormatVersion)
            throw new InvalidDataException($"{path} was written by a newer Stepwise (format {version}; this one reads {CurrentFormatVersion}); it is left as it is.");
        return new TrainingJobRecord
        {
            FormatVersion = version,
            LogStream = json["LogStream"]?.GetValue<string>(),
            ProcessId = json["ProcessId"]?.GetValue<int>(),
            ProcessStartTime = json["ProcessStartTime"]?.GetValue<long>() is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
            Description = SageMakerJson.Deserialize<DescribeTrainingJobResponse>(json["Description"]!.ToJsonString()),
        };
    }
}
