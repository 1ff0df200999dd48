using Stepwise.Local.Storage;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Stepwise.Aws.Ecr;
using Stepwise.Local.Images;

namespace Stepwise.Local.Ecr;

/// <summary>
/// Local ECR: repositories over the local images (<see cref="LocalImages"/>). A repository is a record under
/// <c>{data}/ecr/repositories/</c>; its images are the local images of that repository, each tag one image whose digest is
/// the SHA-256 of its manifest. Images come in through a local CodeBuild build (<c>stepwise-image push</c>) or
/// <c>cloud.Local.Images.PublishAsync</c>; a repository that has images but was never created (published directly, the
/// local shortcut) is listed too, created at its first image's time. There is no Docker registry behind it:
/// <see cref="GetAuthorizationTokenAsync"/> says so.
/// </summary>
public sealed partial class LocalEcr : IEcr
{
    /// <summary>The media type of a local image's manifest (ours, not Docker's: the image is a published .NET program).</summary>
    public const string ManifestMediaType = "application/vnd.stepwise.image.manifest.v1+json";

    private const string RepositoryPatternText = "(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*";
    private readonly LocalImages _images;
    private readonly TimeProvider _time;
    private readonly string _folder;
    private readonly Lock _gate = new();

    [GeneratedRegex("^" + RepositoryPatternText + "$")]
    private static partial Regex RepositoryPattern();

    /// <summary>Repositories under <c>{dataDirectory}/ecr</c> over <paramref name="images"/>.</summary>
    public LocalEcr(string dataDirectory, LocalImages images, TimeProvider? time = null)
    {
        _images = images;
        _time = time ?? TimeProvider.System;
        _folder = Path.Combine(dataDirectory, "ecr", "repositories");
    }

    private string Account => _images.AccountId;

    /// <summary>The URI of a repository (<c>&lt;account&gt;.dkr.ecr.&lt;region&gt;.amazonaws.com/&lt;name&gt;</c>).</summary>
    public string RepositoryUri(string name) => $"{Account}.dkr.ecr.{_images.Region}.amazonaws.com/{name}";

    /// <summary>Whether a repository exists (created, or holding published images).</summary>
    public bool Exists(string name) => File.Exists(RecordPath(name)) || _images.List().Any(i => i.Reference.Repository == name);

    public Task<CreateRepositoryResponse> CreateRepositoryAsync(CreateRepositoryRequest input, CancellationToken cancellationToken = default)
    {
        CheckRegistry(input.RegistryId);
        var name = CheckName(input.RepositoryName);
        if (input.ImageTagMutability is { } mutability && mutability is not (ImageTagMutability.Mutable or ImageTagMutability.Immutable))
            throw new EcrException(EcrErrorCodes.InvalidParameterException,
                $"Invalid parameter at 'imageTagMutability' failed to satisfy constraint: 'Member must satisfy enum value set: [MUTABLE, IMMUTABLE]'");
        lock (_gate)
        {
            if (Exists(name))
                throw new EcrException(EcrErrorCodes.RepositoryAlreadyExistsException,
                    $"The repository with name '{name}' already exists in the registry with id '{Account}'");
            var record = new RepositoryRecord
            {
                Name = name,
                CreatedAt = _time.GetUtcNow(),
                ImageTagMutability = input.ImageTagMutability ?? ImageTagMutability.Mutable,
                ScanOnPush = input.ImageScanningConfiguration?.ScanOnPush ?? false,
                Tags = (input.Tags ?? []).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal),
            };
            Write(record);
            return Task.FromResult(new CreateRepositoryResponse { Repository = ToRepository(record) });
        }
    }

    public Task<DescribeRepositoriesResponse> DescribeRepositoriesAsync(DescribeRepositoriesRequest input, CancellationToken cancellationToken = default)
    {
        CheckRegistry(input.RegistryId);
        var max = CheckMaxResults(input.MaxResults, 1000);
        if (input.RepositoryNames is { Count: > 0 } names)
        {
            if (input.NextToken is not null || input.MaxResults is not null)
                throw new EcrException(EcrErrorCodes.InvalidParameterException,
                    "Invalid parameter at 'nextToken, maxResults' failed to satisfy constraint: 'Cannot be specified with repositoryNames'");
            var found = names.Select(n => Find(n) ?? throw NotFound(n)).Select(ToRepository).ToArray();
            return Task.FromResult(new DescribeRepositoriesResponse { Repositories = found });
        }
        var all = AllRepositories().Select(ToRepository).ToArray();
        var (page, next) = Paging.Page(all, r => r.RepositoryName!, input.NextToken, max);
        return Task.FromResult(new DescribeRepositoriesResponse { Repositories = page, NextToken = next });
    }

    public Task<DeleteRepositoryResponse> DeleteRepositoryAsync(DeleteRepositoryRequest input, CancellationToken cancellationToken = default)
    {
        CheckRegistry(input.RegistryId);
        lock (_gate)
        {
            var record = Find(input.RepositoryName) ?? throw NotFound(input.RepositoryName);
            var images = ImagesOf(record.Name);
            if (images.Count > 0 && input.Force != true)
                throw new EcrException(EcrErrorCodes.RepositoryNotEmptyException,
                    $"The repository with name '{record.Name}' in registry with id '{Account}' cannot be deleted because it still contains images");
            foreach (var image in images)
                _images.Delete(image.Reference);
            // A repository made implicitly by publishing an image has no record (nor, maybe, the records' folder).
            if (File.Exists(RecordPath(record.Name)))
                File.Delete(RecordPath(record.Name));
            return Task.FromResult(new DeleteRepositoryResponse { Repository = ToRepository(record) });
        }
    }

    public Task<DescribeImagesResponse> DescribeImagesAsync(DescribeImagesRequest input, CancellationToken cancellationToken = default)
    {
        CheckRegistry(input.RegistryId);
        var record = Find(input.RepositoryName) ?? throw NotFound(input.RepositoryName);
        var max = CheckMaxResults(input.MaxResults, 1000);
        var images = ImagesOf(record.Name);
        if (input.ImageIds is { Count: > 0 } ids)
        {
            var chosen = ids.Select(id => Match(images, id) ?? throw new EcrException(EcrErrorCodes.ImageNotFoundException,
                $"The image with imageId {{imageDigest:'{id.ImageDigest ?? "null"}', imageTag:'{id.ImageTag ?? "null"}'}} does not exist within the repository with name '{record.Name}' in the registry with id '{Account}'"));
            return Task.FromResult(new DescribeImagesResponse { ImageDetails = chosen.Distinct().Select(i => Detail(record.Name, i)).ToArray() });
        }
        if (input.Filter?.TagStatus == TagStatus.Untagged)
            return Task.FromResult(new DescribeImagesResponse { ImageDetails = [] }); // every local image has its tag
        var details = images.Select(i => Detail(record.Name, i)).ToArray();
        var (page, next) = Paging.Page(details, d => d.ImageTags![0], input.NextToken, max);
        return Task.FromResult(new DescribeImagesResponse { ImageDetails = page, NextToken = next });
    }

    public Task<ListImagesResponse> ListImagesAsync(ListImagesRequest input, CancellationToken cancellationToken = default)
    {
        CheckRegistry(input.RegistryId);
        var record = Find(input.RepositoryName) ?? throw NotFound(input.RepositoryName);
        var max = CheckMaxResults(input.MaxResults, 1000);
        if (input.Filter?.TagStatus == TagStatus.Untagged)
            return Task.FromResult(new ListImagesResponse { ImageIds = [] });
        var ids = ImagesOf(record.Name).Select(i => new ImageIdentifier { ImageDigest = Digest(i), ImageTag = i.Reference.Tag }).ToArray();
        var (page, next) = Paging.Page(ids, i => i.ImageTag!, input.NextToken, max);
        return Task.FromResult(new ListImagesResponse { ImageIds = page, NextToken = next });
    }

    public Task<BatchGetImageResponse> BatchGetImageAsync(BatchGetImageRequest input, CancellationToken cancellationToken = default)
    {
        CheckRegistry(input.RegistryId);
        var record = Find(input.RepositoryName) ?? throw NotFound(input.RepositoryName);
        CheckImageIds(input.ImageIds);
        var images = ImagesOf(record.Name);
        var found = new List<Image>();
        var failures = new List<ImageFailure>();
        foreach (var id in input.ImageIds)
        {
            if (Match(images, id) is { } image)
                found.Add(new Image
                {
                    RegistryId = Account,
                    RepositoryName = record.Name,
                    ImageId = new ImageIdentifier { ImageDigest = Digest(image), ImageTag = id.ImageTag ?? image.Reference.Tag },
                    ImageManifest = File.ReadAllText(Path.Combine(image.Directory, LocalImages.ManifestFile)),
                    ImageManifestMediaType = ManifestMediaType,
                });
            else
                failures.Add(Failure(id, images));
        }
        return Task.FromResult(new BatchGetImageResponse { Images = found, Failures = failures });
    }

    public Task<BatchDeleteImageResponse> BatchDeleteImageAsync(BatchDeleteImageRequest input, CancellationToken cancellationToken = default)
    {
        CheckRegistry(input.RegistryId);
        var record = Find(input.RepositoryName) ?? throw NotFound(input.RepositoryName);
        CheckImageIds(input.ImageIds);
        lock (_gate)
        {
            var images = ImagesOf(record.Name);
            var deleted = new List<ImageIdentifier>();
            var failures = new List<ImageFailure>();
            foreach (var id in input.ImageIds)
            {
                // A digest names every tag of that image; a tag names one.
                var matching = images.Where(i => Matches(i, id)).ToArray();
                if (matching.Length == 0)
                {
                    failures.Add(Failure(id, images));
                    continue;
                }
                foreach (var image in matching)
                {
                    var digest = Digest(image);
                    if (_images.Delete(image.Reference))
                        deleted.Add(new ImageIdentifier { ImageDigest = digest, ImageTag = image.Reference.Tag });
                }
            }
            return Task.FromResult(new BatchDeleteImageResponse { ImageIds = deleted, Failures = failures });
        }
    }

    public Task<GetAuthorizationTokenResponse> GetAuthorizationTokenAsync(GetAuthorizationTokenRequest input, CancellationToken cancellationToken = default) =>
        throw new EcrException(EcrErrorCodes.InvalidParameterException,
            "The local cloud has no Docker registry to log in to: local images are published .NET programs, pushed by a local " +
            "CodeBuild build's 'stepwise-image push' or by cloud.Local.Images.PublishAsync. On AWS, GetAuthorizationToken gives docker login its password.");

    private IReadOnlyList<RepositoryRecord> AllRepositories()
    {
        var records = new Dictionary<string, RepositoryRecord>(StringComparer.Ordinal);
        if (Directory.Exists(_folder))
            foreach (var file in Directory.EnumerateFiles(_folder, "*.json"))
                if (Read(file) is { } record) records[record.Name] = record;
        foreach (var group in _images.List().GroupBy(i => i.Reference.Repository))
            if (!records.ContainsKey(group.Key))
                records[group.Key] = Implicit(group.Key, group);
        return [.. records.Values.OrderBy(r => r.Name, StringComparer.Ordinal)];
    }

    private RepositoryRecord? Find(string? name)
    {
        if (string.IsNullOrEmpty(name)) return null;
        if (File.Exists(RecordPath(name)) && Read(RecordPath(name)) is { } record) return record;
        var images = ImagesOf(name);
        return images.Count > 0 ? Implicit(name, images) : null;
    }

    private static RepositoryRecord Implicit(string name, IEnumerable<LocalImage> images) => new()
    {
        Name = name,
        CreatedAt = images.Min(i => i.Manifest.Created),
        ImageTagMutability = ImageTagMutability.Mutable,
    };

    private IReadOnlyList<LocalImage> ImagesOf(string repository) =>
        [.. _images.List().Where(i => i.Reference.Repository == repository)];

    private static LocalImage? Match(IReadOnlyList<LocalImage> images, ImageIdentifier id) => images.FirstOrDefault(i => Matches(i, id));

    private static bool Matches(LocalImage image, ImageIdentifier id) =>
        (id.ImageTag is null || id.ImageTag == image.Reference.Tag) && (id.ImageDigest is null || id.ImageDigest == Digest(image));

    private ImageFailure Failure(ImageIdentifier id, IReadOnlyList<LocalImage> images) =>
        id.ImageTag is { } tag && id.ImageDigest is not null && images.Any(i => i.Reference.Tag == tag)
            ? new ImageFailure { ImageId = id, FailureCode = ImageFailureCode.ImageTagDoesNotMatchDigest, FailureReason = "Invalid image digest or tag" }
            : new ImageFailure { ImageId = id, FailureCode = ImageFailureCode.ImageNotFound, FailureReason = "Requested image not found" };

    /// <summary>An image's digest: the SHA-256 of its manifest, as a registry's digest is of its manifest.</summary>
    public static string Digest(LocalImage image) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(image.Directory, LocalImages.ManifestFile))));

    private ImageDetail Detail(string repository, LocalImage image) => new()
    {
        RegistryId = Account,
        RepositoryName = repository,
        ImageDigest = Digest(image),
        ImageTags = [image.Reference.Tag],
        ImageSizeInBytes = SizeOf(image.Directory),
        ImagePushedAt = image.Manifest.Created,
        ImageManifestMediaType = ManifestMediaType,
    };

    private static long SizeOf(string folder) =>
        new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

    private Repository ToRepository(RepositoryRecord record) => new()
    {
        RepositoryArn = $"arn:aws:ecr:{_images.Region}:{Account}:repository/{record.Name}",
        RegistryId = Account,
        RepositoryName = record.Name,
        RepositoryUri = RepositoryUri(record.Name),
        CreatedAt = record.CreatedAt,
        ImageTagMutability = record.ImageTagMutability,
        ImageScanningConfiguration = new ImageScanningConfiguration { ScanOnPush = record.ScanOnPush },
        EncryptionConfiguration = new EncryptionConfiguration { EncryptionType = EncryptionType.Aes256 },
    };

    private void CheckRegistry(string? registryId)
    {
        if (registryId is not null && registryId != Account)
            throw new EcrException(EcrErrorCodes.InvalidParameterException,
                $"Invalid parameter at 'registryId' failed to satisfy constraint: 'the local cloud has one registry, {Account}'");
    }

    private static string CheckName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length < 2 || name.Length > 256)
            throw new EcrException(EcrErrorCodes.InvalidParameterException,
                "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'Member must have length between 2 and 256 inclusive'");
        if (!RepositoryPattern().IsMatch(name))
            throw new EcrException(EcrErrorCodes.InvalidParameterException,
                $"Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '{RepositoryPatternText}''");
        return name;
    }

    private static int CheckMaxResults(int? maxResults, int limit) =>
        maxResults is { } max && (max < 1 || max > limit)
            ? throw new EcrException(EcrErrorCodes.InvalidParameterException,
                $"Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value between 1 and {limit} inclusive'")
            : maxResults ?? limit;

    private static void CheckImageIds(IReadOnlyList<ImageIdentifier>? ids)
    {
        if (ids is null || ids.Count is < 1 or > 100)
            throw new EcrException(EcrErrorCodes.InvalidParameterException,
                "Invalid parameter at 'imageIds' failed to satisfy constraint: 'Member must have length between 1 and 100 inclusive'");
        if (ids.Any(id => id.ImageTag is null && id.ImageDigest is null))
            throw new EcrException(EcrErrorCodes.InvalidParameterException,
                "Invalid parameter at 'imageIds' failed to satisfy constraint: 'an image id needs an imageTag or an imageDigest'");
    }

    private EcrException NotFound(string? name) => new(EcrErrorCodes.RepositoryNotFoundException,
        $"The repository with name '{name}' does not exist in the registry with id '{Account}'");

    private string RecordPath(string name) => Path.Combine(_folder, Uri.EscapeDataString(name) + ".json");

    private void Write(RepositoryRecord record)
    {
        AtomicFile.WriteAllText(RecordPath(record.Name), JsonSerializer.Serialize(record, EcrJsonContext.Default.RepositoryRecord));
    }

    private static RepositoryRecord? Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), EcrJsonContext.Default.RepositoryRecord);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
