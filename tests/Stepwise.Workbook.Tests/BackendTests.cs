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
    public async Task A_service_the_local_cloud_does_not_serve_yet_fails_clearly_instead_of_pretending()
    {
        var data = Directory.CreateTempSubdirectory("stepwise-backend-").FullName;
        await using var cloud = await Backend.ConnectAsync(With() with { Local = new LocalCloudOptions { DataDirectory = data }, Log = TextWriter.Null });

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => cloud.Iam.ListRolesAsync(new Stepwise.Aws.Iam.ListRolesRequest()));

        Assert.Equal("UnknownOperationException", error.ErrorCode);
        Assert.Contains("IAM ListRoles", error.Message);
        Assert.Contains("STEPWISE_BACKEND=aws", error.Message);
    }

    [Fact]
    public void STEPWISE_PORT_that_is_not_a_port_is_refused() =>
        Assert.Throws<ArgumentException>(() => Backend.Connect(With(("STEPWISE_PORT", "eighty")) with { Log = TextWriter.Null }));
}
