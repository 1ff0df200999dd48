using Amazon.Runtime;
using Stepwise.Aws.Regions;
using Stepwise.Aws.Tests.Support;

namespace Stepwise.Aws.Tests;

public sealed class CredentialsAndRegionTests
{
    [Fact]
    public void Explicit_region_wins() =>
        Assert.Equal("eu-west-3", AwsRegionResolver.Resolve(new AwsClientOptions { Region = "eu-west-3", EnvironmentVariables = _ => "us-west-2" }));

    [Theory]
    [InlineData("AWS_REGION")]
    [InlineData("AWS_DEFAULT_REGION")]
    public void Region_comes_from_the_environment_as_the_options_read_it(string variable) =>
        Assert.Equal("ap-south-1", AwsRegionResolver.Resolve(new AwsClientOptions { EnvironmentVariables = name => name == variable ? "ap-south-1" : null }));

    [Fact]
    public void Explicit_credentials_are_used_as_given()
    {
        var credentials = new BasicAWSCredentials("AKID", "secret");
        using var client = new AwsServiceClient(new AwsClientOptions { Region = "us-east-1", Credentials = credentials, EnvironmentVariables = _ => null });
        Assert.Same(credentials, client.Credentials);
    }

    [Fact]
    public void S3_uses_path_style_and_the_override_when_the_endpoint_is_overridden()
    {
        using var clients = AwsClients.Create(TestClients.Options(new FakeHandler(System.Net.HttpStatusCode.OK, ""), new Uri("http://127.0.0.1:4566")));
        var config = clients.CreateS3Config();
        Assert.True(config.ForcePathStyle);
        Assert.StartsWith("http://127.0.0.1:4566", config.ServiceURL, StringComparison.Ordinal);
        Assert.Equal("us-east-1", config.AuthenticationRegion);
    }

    [Fact]
    public void S3_uses_the_region_and_virtual_hosts_against_AWS()
    {
        using var clients = AwsClients.Create(TestClients.Options(new FakeHandler(System.Net.HttpStatusCode.OK, "")));
        var config = clients.CreateS3Config();
        Assert.False(config.ForcePathStyle);
        Assert.Equal("us-east-1", config.RegionEndpoint.SystemName);
    }
}
