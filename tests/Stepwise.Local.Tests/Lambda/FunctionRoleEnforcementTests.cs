using System.Text;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Stepwise.Aws;
using Stepwise.Aws.Iam;
using Stepwise.Aws.Lambda;
using Stepwise.Aws.SageMaker;
using Stepwise.Aws.Sts;
using Stepwise.Local.Testing;

namespace Stepwise.Local.Tests.Lambda;

/// <summary>With <see cref="LocalCloudOptions.EnforceIam"/>, a deployed function acts as its execution role: CreateFunction
/// needs a role <c>lambda.amazonaws.com</c> may assume, and the credentials in the function's environment are a session
/// of that role named after the function, checked when they call the local cloud.</summary>
[Collection(TinyFunctionCollection.Name)]
public sealed class FunctionRoleEnforcementTests(TinyFunctionFixture tiny) : IAsyncLifetime
{
    private const string Role = "arn:aws:iam::123456789012:role/builder";
    private const string LambdaTrust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
    private LocalCloudEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await LocalCloudEnvironment.StartTemporaryAsync(new LocalCloudEnvironmentOptions { EnforceIam = true });

    public async Task DisposeAsync() => await _env.DisposeAsync();

    private Task<FunctionConfiguration> CreateAsync(string name) => _env.Cloud.Lambda.CreateFunctionAsync(new CreateFunctionRequest
    {
        FunctionName = name, Role = Role, Runtime = "provided.al2023", Handler = "bootstrap", Code = new FunctionCode { ZipFile = tiny.Zip }, Timeout = 30,
    });

    private async Task<string> EnvironmentVariableAsync(string function, string variable)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var response = await _env.Cloud.Lambda.InvokeAsync(new InvocationRequest
        {
            FunctionName = function, Payload = Encoding.UTF8.GetBytes($$"""{"env": "{{variable}}"}"""),
        }, limit.Token);
        return JsonNode.Parse(response.Payload!)!["env"]!.GetValue<string>();
    }

    [Theory]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"states.amazonaws.com"},"Action":"sts:AssumeRole"}]}""")]
    [InlineData(null)]
    public async Task CreateFunction_refuses_a_role_Lambda_cannot_assume(string? trust)
    {
        if (trust is not null)
            await _env.Cloud.Iam.CreateRoleAsync(new CreateRoleRequest { RoleName = "builder", AssumeRolePolicyDocument = trust });

        var refused = await Assert.ThrowsAsync<LambdaException>(() => CreateAsync("refused"));

        Assert.Equal(("InvalidParameterValueException", 400, "The role defined for the function cannot be assumed by Lambda."),
            (refused.ErrorCode, refused.StatusCode, refused.Message));
    }

    [Fact]
    public async Task The_functions_credentials_act_as_its_role_session_over_the_host()
    {
        await _env.Cloud.Iam.CreateRoleAsync(new CreateRoleRequest { RoleName = "builder", AssumeRolePolicyDocument = LambdaTrust });
        await _env.Cloud.Iam.PutRolePolicyAsync(new PutRolePolicyRequest
        {
            RoleName = "builder", PolicyName = "list",
            PolicyDocument = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sagemaker:ListModels","Resource":"*"}]}""",
        });
        await CreateAsync("image-builder");

        var endpoint = await EnvironmentVariableAsync("image-builder", "AWS_ENDPOINT_URL");
        using var asFunction = AwsClients.Create(new AwsClientOptions
        {
            EndpointUrl = new Uri(endpoint), Region = "us-east-1",
            Credentials = new SessionAWSCredentials(
                await EnvironmentVariableAsync("image-builder", "AWS_ACCESS_KEY_ID"),
                await EnvironmentVariableAsync("image-builder", "AWS_SECRET_ACCESS_KEY"),
                await EnvironmentVariableAsync("image-builder", "AWS_SESSION_TOKEN")),
        });
        var identity = await asFunction.Sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        var allowed = await asFunction.SageMaker.ListModelsAsync(new ListModelsInput());
        var denied = await Assert.ThrowsAsync<SageMakerException>(() => asFunction.SageMaker.ListEndpointsAsync(new ListEndpointsInput()));

        Assert.Equal(_env.Endpoint.ToString().TrimEnd('/'), endpoint);
        Assert.Equal("arn:aws:sts::123456789012:assumed-role/builder/image-builder", identity.Arn);
        Assert.Empty(allowed.Models);
        Assert.Equal("AccessDeniedException", denied.ErrorCode);
        Assert.StartsWith("User: arn:aws:sts::123456789012:assumed-role/builder/image-builder is not authorized to perform: sagemaker:ListEndpoints", denied.Message, StringComparison.Ordinal);
    }
}
