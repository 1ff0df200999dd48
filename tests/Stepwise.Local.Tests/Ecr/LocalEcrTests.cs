using Stepwise.Aws.Ecr;
using Stepwise.Local.Images;
using Stepwise.Local.Testing;

namespace Stepwise.Local.Tests.Ecr;

public sealed class LocalEcrTests : IAsyncLifetime
{
    private LocalCloudEnvironment _environment = null!;

    private LocalCloud Cloud => _environment.Cloud;

    public async Task InitializeAsync() => _environment = await LocalCloudEnvironment.StartTemporaryAsync(new() { StartHost = false });

    public async Task DisposeAsync() => await _environment.DisposeAsync();

    /// <summary>A local image without a build: a folder with one file, entry points given.</summary>
    private LocalImage Push(string repositoryAndTag, string content = "program")
    {
        var folder = Directory.CreateTempSubdirectory("stepwise-program-").FullName;
        File.WriteAllText(Path.Combine(folder, "app.dll"), content);
        return Cloud.Images.Import(folder, repositoryAndTag, new ImagePublishOptions
        {
            EntryPoints = new Dictionary<string, ImageEntryPoint> { ["train"] = new("dotnet", ["app.dll", "train"]) },
        });
    }

    [Fact]
    public async Task A_repository_is_created_once_described_with_its_uri_and_deleted()
    {
        var created = await Cloud.Ecr.CreateRepositoryAsync(new CreateRepositoryRequest { RepositoryName = "team/maskrcnn" });

        Assert.Equal("arn:aws:ecr:us-east-1:123456789012:repository/team/maskrcnn", created.Repository!.RepositoryArn);
        Assert.Equal("123456789012.dkr.ecr.us-east-1.amazonaws.com/team/maskrcnn", created.Repository.RepositoryUri);
        Assert.Equal("MUTABLE", created.Repository.ImageTagMutability);
        var again = await Assert.ThrowsAsync<EcrException>(() => Cloud.Ecr.CreateRepositoryAsync(new CreateRepositoryRequest { RepositoryName = "team/maskrcnn" }));
        Assert.Equal("RepositoryAlreadyExistsException", again.ErrorCode);
        Assert.Equal("The repository with name 'team/maskrcnn' already exists in the registry with id '123456789012'", again.Message);

        var described = await Cloud.Ecr.DescribeRepositoriesAsync(new DescribeRepositoriesRequest { RepositoryNames = ["team/maskrcnn"] });
        Assert.Equal(created.Repository, Assert.Single(described.Repositories!));

        await Cloud.Ecr.DeleteRepositoryAsync(new DeleteRepositoryRequest { RepositoryName = "team/maskrcnn" });
        var gone = await Assert.ThrowsAsync<EcrException>(() => Cloud.Ecr.DescribeRepositoriesAsync(new DescribeRepositoriesRequest { RepositoryNames = ["team/maskrcnn"] }));
        Assert.Equal("RepositoryNotFoundException", gone.ErrorCode);
        Assert.Equal("The repository with name 'team/maskrcnn' does not exist in the registry with id '123456789012'", gone.Message);
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("a")]
    [InlineData("trailing-")]
    [InlineData("double//slash")]
    public async Task A_name_ECR_refuses_is_an_InvalidParameterException_naming_the_constraint(string name)
    {
        var e = await Assert.ThrowsAsync<EcrException>(() => Cloud.Ecr.CreateRepositoryAsync(new CreateRepositoryRequest { RepositoryName = name }));
        Assert.Equal("InvalidParameterException", e.ErrorCode);
        Assert.StartsWith("Invalid parameter at 'repositoryName' failed to satisfy constraint:", e.Message);
    }

    [Fact]
    public async Task Images_are_listed_described_fetched_and_deleted_by_tag_or_digest()
    {
        await Cloud.Ecr.CreateRepositoryAsync(new CreateRepositoryRequest { RepositoryName = "maskrcnn" });
        var v1 = Push("maskrcnn:v1", "one");
        Push("maskrcnn:v2", "two");

        var listed = await Cloud.Ecr.ListImagesAsync(new ListImagesRequest { RepositoryName = "maskrcnn" });
        Assert.Equal(["v1", "v2"], listed.ImageIds!.Select(i => i.ImageTag));
        Assert.All(listed.ImageIds!, i => Assert.Matches("^sha256:[0-9a-f]{64}$", i.ImageDigest));

        var details = await Cloud.Ecr.DescribeImagesAsync(new DescribeImagesRequest { RepositoryName = "maskrcnn", ImageIds = [new ImageIdentifier { ImageTag = "v1" }] });
        var detail = Assert.Single(details.ImageDetails!);
        Assert.Equal(["v1"], detail.ImageTags);
        Assert.True(detail.ImageSizeInBytes > 0);
        Assert.Equal(v1.Manifest.Created, detail.ImagePushedAt);
        var missing = await Assert.ThrowsAsync<EcrException>(() => Cloud.Ecr.DescribeImagesAsync(new DescribeImagesRequest { RepositoryName = "maskrcnn", ImageIds = [new ImageIdentifier { ImageTag = "v9" }] }));
        Assert.Equal("ImageNotFoundException", missing.ErrorCode);

        var got = await Cloud.Ecr.BatchGetImageAsync(new BatchGetImageRequest { RepositoryName = "maskrcnn", ImageIds = [new ImageIdentifier { ImageTag = "v2" }, new ImageIdentifier { ImageTag = "v9" }] });
        Assert.Contains("\"app.dll\"", Assert.Single(got.Images!).ImageManifest); // the entry points of the image
        var failure = Assert.Single(got.Failures!);
        Assert.Equal(("ImageNotFound", "Requested image not found"), (failure.FailureCode, failure.FailureReason));

        var deleted = await Cloud.Ecr.BatchDeleteImageAsync(new BatchDeleteImageRequest { RepositoryName = "maskrcnn", ImageIds = [new ImageIdentifier { ImageDigest = detail.ImageDigest }] });
        Assert.Equal("v1", Assert.Single(deleted.ImageIds!).ImageTag);
        Assert.Null(Cloud.Images.TryResolve("maskrcnn:v1"));
        Assert.NotNull(Cloud.Images.TryResolve("maskrcnn:v2"));
    }

    [Fact]
    public async Task A_repository_with_images_is_deleted_only_with_force()
    {
        await Cloud.Ecr.CreateRepositoryAsync(new CreateRepositoryRequest { RepositoryName = "keep" });
        Push("keep:latest");

        var e = await Assert.ThrowsAsync<EcrException>(() => Cloud.Ecr.DeleteRepositoryAsync(new DeleteRepositoryRequest { RepositoryName = "keep" }));
        Assert.Equal("RepositoryNotEmptyException", e.ErrorCode);
        Assert.NotNull(Cloud.Images.TryResolve("keep:latest"));

        await Cloud.Ecr.DeleteRepositoryAsync(new DeleteRepositoryRequest { RepositoryName = "keep", Force = true });
        Assert.Null(Cloud.Images.TryResolve("keep:latest"));
    }

    [Fact]
    public async Task A_repository_made_only_by_publishing_an_image_is_deleted_with_force()
    {
        Push("published:latest"); // no CreateRepository: no record, and no records' folder yet

        await Cloud.Ecr.DeleteRepositoryAsync(new DeleteRepositoryRequest { RepositoryName = "published", Force = true });

        Assert.Null(Cloud.Images.TryResolve("published:latest"));
        var e = await Assert.ThrowsAsync<EcrException>(() => Cloud.Ecr.DeleteRepositoryAsync(new DeleteRepositoryRequest { RepositoryName = "published", Force = true }));
        Assert.Equal("RepositoryNotFoundException", e.ErrorCode);
    }

    [Fact]
    public async Task Images_published_without_a_repository_show_as_one_and_paging_walks_every_repository()
    {
        Push("direct:latest");
        foreach (var name in new[] { "alpha", "beta", "gamma" })
            await Cloud.Ecr.CreateRepositoryAsync(new CreateRepositoryRequest { RepositoryName = name });

        var names = new List<string>();
        string? token = null;
        do
        {
            var page = await Cloud.Ecr.DescribeRepositoriesAsync(new DescribeRepositoriesRequest { MaxResults = 3, NextToken = token });
            names.AddRange(page.Repositories!.Select(r => r.RepositoryName!));
            token = page.NextToken;
        }
        while (token is not null);

        Assert.Equal(["alpha", "beta", "direct", "gamma"], names);
    }

    [Fact]
    public async Task GetAuthorizationToken_says_there_is_no_docker_registry_instead_of_handing_out_a_useless_token()
    {
        var e = await Assert.ThrowsAsync<EcrException>(() => Cloud.Ecr.GetAuthorizationTokenAsync(new GetAuthorizationTokenRequest()));
        Assert.Contains("no Docker registry", e.Message);
    }
}
