using System.Text.Json.Nodes;
using Stepwise.Aws.SageMaker;

namespace Stepwise.Local.SageMaker;

/// <summary>The tags of every SageMaker resource, by ARN, in one JSON file (<c>{data}/sagemaker/tags.json</c>), rewritten
/// whole at each change: a resource is known here from its creation (with the Create request's Tags) until its deletion,
/// so AddTags, ListTags and DeleteTags answer for it and refuse an ARN that names nothing.</summary>
internal sealed class SageMakerTags
{
    public const int MaxTags = 50;
    private readonly string _path;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<Tag>> _tags = new(StringComparer.Ordinal);

    public SageMakerTags(string dataDirectory)
    {
        _path = Path.Combine(dataDirectory, "sagemaker", "tags.json");
        if (HostingRecords.Load(_path)?["Resources"] is JsonObject resources)
            foreach (var (arn, tags) in resources)
                _tags[arn] = [.. tags!.AsArray().Select(t => new Tag { Key = t!["Key"]!.GetValue<string>(), Value = t["Value"]!.GetValue<string>() })];
    }

    /// <summary>Checks a Create request's tags as SageMaker does (before anything is created).</summary>
    public static void Validate(IReadOnlyList<Tag>? tags, string member = "tags")
    {
        if (tags is null) return;
        var violations = new List<string>();
        if (tags.Count > MaxTags)
            violations.Add(SageMakerErrors.Constraint(null, member, $"Member must have length less than or equal to {MaxTags}"));
        foreach (var (tag, i) in tags.Select((t, i) => (t, i + 1)))
        {
            if (tag.Key is not { Length: >= 1 and <= 128 })
                violations.Add(SageMakerErrors.Constraint(tag.Key, $"{member}.{i}.member.key", "Member must have length between 1 and 128"));
            if (tag.Value is not { Length: <= 256 })
                violations.Add(SageMakerErrors.Constraint(tag.Value, $"{member}.{i}.member.value", "Member must have length less than or equal to 256"));
        }
        if (violations.Count > 0) throw SageMakerErrors.Constraints(violations);
        if (tags.FirstOrDefault(t => t.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase)) is { } reserved)
            throw SageMakerErrors.Validation($"The tag key {reserved.Key} is invalid: tag keys may not start with \"aws:\" (that prefix is reserved for AWS use).");
        if (tags.GroupBy(t => t.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } repeated)
            throw SageMakerErrors.Validation($"The tag key {repeated.Key} is given more than once.");
    }

    /// <summary>A resource was created, with these tags.</summary>
    public void Created(string arn, IReadOnlyList<Tag>? tags)
    {
        lock (_gate)
        {
            _tags[arn] = [.. tags ?? []];
            Save();
        }
    }

    /// <summary>A resource was deleted: its tags go with it.</summary>
    public void Deleted(string arn)
    {
        lock (_gate)
            if (_tags.Remove(arn)) Save();
    }

    public IReadOnlyList<Tag> List(string arn)
    {
        lock (_gate)
            return [.. Known(arn)];
    }

    /// <summary>Adds or overwrites tags; the resource keeps at most 50.</summary>
    public IReadOnlyList<Tag> Add(string arn, IReadOnlyList<Tag> tags)
    {
        Validate(tags);
        lock (_gate)
        {
            var current = Known(arn);
            var merged = current.Where(t => !tags.Any(n => n.Key == t.Key)).Concat(tags).ToList();
            if (merged.Count > MaxTags)
                throw new SageMakerException(SageMakerErrorCodes.ResourceLimitExceeded, $"The resource {arn} would have {merged.Count} tags; a resource has at most {MaxTags}.", 400);
            _tags[arn] = merged;
            Save();
            return tags;
        }
    }

    public void Delete(string arn, IReadOnlyList<string> keys)
    {
        lock (_gate)
        {
            var current = Known(arn);
            current.RemoveAll(t => keys.Contains(t.Key, StringComparer.Ordinal));
            Save();
        }
    }

    private List<Tag> Known(string arn)
    {
        if (!arn.StartsWith("arn:aws:sagemaker:", StringComparison.Ordinal))
            throw SageMakerErrors.Constraints([SageMakerErrors.Constraint(arn, "resourceArn", "Member must satisfy regular expression pattern: arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:[0-9]{12}:.+")]);
        return _tags.TryGetValue(arn, out var tags) ? tags : throw SageMakerErrors.Validation($"Requested resource not found: {arn}");
    }

    private void Save()
    {
        var resources = new JsonObject();
        foreach (var (arn, tags) in _tags)
            resources[arn] = new JsonArray([.. tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })]);
        HostingRecords.Save(_path, new JsonObject { ["Resources"] = resources });
    }
}
