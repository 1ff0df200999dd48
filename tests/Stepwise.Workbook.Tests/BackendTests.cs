using Stepwise.Aws.Protocol;
using Stepwise.Aws.CodeBuild;
using Stepwise.Local;

namespace Stepwise.Workbook.Tests;

public sealed class BackendTests
{
    private static BackendOptions With(params (string Name, string Value)[] variables) => new()
    {
        Environment = variables.ToDictionary(v => v.Name, v => v.Value),
        NotebookInstanceMetadata = Path.Combine(Path.GetTempPath(), "stepwise-no-such-metadata-" + Guid.NewGuid().ToString("N")),
    };

    [Fact]
    public void Local_is_the_default() => Assert.Equal(BackendKind.Local, Backend.Choose(With()));

    [Theory]
    [InlineData("aws", BackendKind.Aws)]
    [InlineData("AWS", BackendKind.Aws)]
    [InlineData(" local ", BackendKind.Local)]
    public void STEPWISE_BACKEND_chooses(string value, BackendKind expected) =>
        Assert.Equal(expected, Backend.Choose(With(("STEPWISE_BACKEND", value))));

    [Fact]
    public void An_unknown_STEPWISE_BACKEND_says_what_it_accepts()
    {
        var error = Assert.Throws<ArgumentException>(() => Backend.Choose(With(("STEPWISE_BACKEND", "azure"))));

        Assert.Contains("'local'", error.Message);
        Assert.Contains("'aws'", error.Message);
    }

    [Fact]
    public void A_SageMaker_notebook_instance_runs_on_AWS()
    {
        var metadata = Path.GetTempFileName();
        try
        {
            Assert.Equal(BackendKind.Aws, Backend.Choose(With() with { NotebookInstanceMetadata = metadata }));
            Assert.Equal(BackendKind.Local, Backend.Choose(With(("STEPWISE_BACKEND", "local")) with { NotebookInstanceMetadata = metadata }));
        }
        finally
        {
            File.Delete(metadata);
        }
    }

    [Fact]
    public async Task Connecting_locally_prints_backend_region_account_and_endpoint()
    {
        var data = Directory.CreateTempSubdirectory("stepwise-backend-").FullName;
        var log = new StringWriter();
        await using var cloud = await Backend.ConnectAsync(With() with { Local = new LocalCloudOptions { DataDirectory = data }, Log = log });

        Assert.Equal(BackendKind.Local, cloud.Kind);
        Assert.Equal(data, cloud.Local.DataDirectory);
        var line = log.ToString();
        Assert.StartsWith("Backend: local", line);
        Assert.Contains("region us-east-1", line);
        Assert.Contains("account 123456789012", line);
        Assert.Contains("endpoint http://127.0.0.1:", line);
    }

    [Fact]
    public async Task Every_port_of_the_local_backend_is_served_by_the_local_cloud()
    {
        var data = Directory.CreateTempSubdirectory("stepwise-backend-").FullName;
        await using var cloud = await Backend.ConnectAsync(With() with { Local = new LocalCloudOptions { DataDirectory = data }, Log = TextWriter.Null });

        var roles = await cloud.Iam.ListRolesAsync(new Stepwise.Aws.Iam.ListRolesRequest());
        var builds = await cloud.CodeBuild.BatchGetBuildsAsync(new BatchGetBuildsInput { Ids = ["absent:00000000-0000-0000-0000-000000000000"] });
        var repositories = await cloud.Ecr.DescribeRepositoriesAsync(new Stepwise.Aws.Ecr.DescribeRepositoriesRequest());

        Assert.Empty(roles.Roles);
        Assert.Single(builds.BuildsNotFound!);
        Assert.Empty(repositories.Repositories!);
    }

    [Fact]
    public void STEPWISE_PORT_that_is_not_a_port_is_refused() =>
        Assert.Throws<ArgumentException>(() => Backend.Connect(With(("STEPWISE_PORT", "eighty")) with { Log = TextWriter.Null }));

    [Fact]
    public async Task A_second_connection_to_a_data_directory_in_use_attaches_to_its_owner_over_the_host()
    {
        var data = Directory.CreateTempSubdirectory("stepwise-backend-").FullName;
        var options = With() with { Local = new LocalCloudOptions { DataDirectory = data }, Log = TextWriter.Null };
        await using (var owner = await Backend.ConnectAsync(options))
        {
            var log = new StringWriter();
            await using var attached = await Backend.ConnectAsync(options with { Log = log });

            Assert.Equal(BackendKind.Local, attached.Kind);
            Assert.StartsWith($"Backend: local (attached to the embedded cloud of process {Environment.ProcessId})", log.ToString());
            Assert.Contains($"data in {data}", log.ToString());
            await owner.S3.PutBucketAsync("seen-by-both");
            var buckets = await attached.S3.ListBucketsAsync();
            Assert.Contains(buckets.Buckets, b => b.BucketName == "seen-by-both");
            var local = Assert.Throws<InvalidOperationException>(() => attached.Local);
            Assert.Contains($"attached over {((LocalBackend)owner).Endpoint}", local.Message);
        }

        // The owner gone, the next connection owns the directory itself.
        await using var next = await Backend.ConnectAsync(options);
        Assert.Equal(data, next.Local.DataDirectory);
    }
}
