using System.Net;
using Stepwise.Aws.Endpoints;
using Stepwise.Aws.Iam;
using Stepwise.Aws.SageMakerRuntime;
using Stepwise.Aws.StepFunctions;
using Stepwise.Aws.Tests.Support;

namespace Stepwise.Aws.Tests.Endpoints;

public sealed class EndpointResolverTests
{
    private static EndpointResolver Resolver(Uri? endpoint = null, params (string Name, string Value)[] environment)
    {
        var variables = environment.ToDictionary(e => e.Name, e => e.Value);
        return new EndpointResolver("eu-west-1", endpoint, name => variables.GetValueOrDefault(name));
    }

    [Fact]
    public void Default_is_the_regional_AWS_endpoint() =>
        Assert.Equal(new AwsEndpoint(new Uri("https://states.eu-west-1.amazonaws.com"), "eu-west-1", false),
            Resolver().Resolve(StepFunctionsOperations.Service));

    [Fact]
    public void IAM_is_global_and_signed_for_us_east_1() =>
        Assert.Equal(new AwsEndpoint(new Uri("https://iam.amazonaws.com"), "us-east-1", false), Resolver().Resolve(IamOperations.Service));

    [Theory]
    [InlineData("SFN", "AWS_ENDPOINT_URL_SFN")]
    [InlineData("SageMaker Runtime", "AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME")]
    [InlineData("CloudWatch Logs", "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS")]
    [InlineData("IAM", "AWS_ENDPOINT_URL_IAM")]
    public void Service_variable_is_the_service_id_upper_cased_with_underscores(string serviceId, string variable) =>
        Assert.Equal(variable, EndpointResolver.ServiceVariable(serviceId));

    [Fact]
    public void Service_variable_wins_over_the_general_one()
    {
        var resolver = Resolver(null, ("AWS_ENDPOINT_URL", "http://127.0.0.1:1"), ("AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME", "http://127.0.0.1:2"));
        Assert.Equal(new Uri("http://127.0.0.1:2"), resolver.Resolve(SageMakerRuntimeOperations.Service).Url);
        Assert.Equal(new Uri("http://127.0.0.1:1"), resolver.Resolve(StepFunctionsOperations.Service).Url);
    }

    [Fact]
    public void Options_override_wins_over_the_environment()
    {
        var resolver = Resolver(new Uri("http://127.0.0.1:3"), ("AWS_ENDPOINT_URL_SFN", "http://127.0.0.1:2"));
        Assert.Equal(new AwsEndpoint(new Uri("http://127.0.0.1:3"), "eu-west-1", true), resolver.Resolve(StepFunctionsOperations.Service));
    }

    [Fact]
    public void Ignore_configured_endpoint_urls_skips_the_environment() =>
        Assert.False(Resolver(null, ("AWS_ENDPOINT_URL", "http://127.0.0.1:1"), ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"))
            .Resolve(StepFunctionsOperations.Service).IsOverride);

    [Fact]
    public void A_malformed_variable_is_named_in_the_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Resolver(null, ("AWS_ENDPOINT_URL_SFN", "localhost:4566")).Resolve(StepFunctionsOperations.Service));
        Assert.Contains("AWS_ENDPOINT_URL_SFN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Host_prefix_applies_to_the_AWS_endpoint() =>
        Assert.Equal(new Uri("https://sync-states.eu-west-1.amazonaws.com"),
            Resolver().Resolve(StepFunctionsOperations.Service, StepFunctionsOperations.StartSyncExecution.HostPrefix).Url);

    [Fact]
    public async Task Host_prefix_is_not_applied_to_an_override()
    {
        var handler = new FakeHandler(HttpStatusCode.OK, """{"executionArn":"a","startDate":1,"stopDate":2,"status":"SUCCEEDED"}""");
        using var client = TestClients.Client(handler, new Uri("http://127.0.0.1:4566"));

        await client.SendAsync(StepFunctionsOperations.StartSyncExecution, new StartSyncExecutionInput { StateMachineArn = "arn" });

        Assert.Equal("sync-", StepFunctionsOperations.StartSyncExecution.HostPrefix);
        Assert.Equal("127.0.0.1", handler.Requests.Single().Uri.Host);
    }

    [Fact]
    public async Task Requests_go_to_the_environment_endpoint_read_through_the_options()
    {
        var handler = new FakeHandler(HttpStatusCode.OK, """{"stateMachines":[]}""");
        using var client = new AwsServiceClient(TestClients.Options(handler, environment: new Dictionary<string, string> { ["AWS_ENDPOINT_URL_SFN"] = "http://127.0.0.1:9/base/" }));

        await client.SendAsync(StepFunctionsOperations.ListStateMachines, new ListStateMachinesInput());

        Assert.Equal(new Uri("http://127.0.0.1:9/base/"), handler.Requests.Single().Uri);
    }
}
