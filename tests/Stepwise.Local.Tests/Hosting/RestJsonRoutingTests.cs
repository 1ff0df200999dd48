using Stepwise.Aws.Lambda;
using Stepwise.Aws.Protocol;
using Stepwise.Local.Hosting;

namespace Stepwise.Local.Tests.Hosting;

/// <summary>URI templates the Lambda model does not exercise: a literal query key (<c>?tagging</c>, as S3-style models
/// write them) and a greedy label (<c>{Key+}</c>), over descriptors made for the test.</summary>
public sealed class RestJsonRoutingTests : IAsyncLifetime
{
    private readonly FakeLambda _lambda = new();
    private LocalCloudHost _host = null!;
    private HttpClient _http = null!;

    private static readonly OperationDescriptor[] Operations =
    [
        Operation("GetTagging", "/things/{FunctionName}?tagging"),
        Operation("GetVersioned", "/things/{FunctionName}?versions&list=all"),
        Operation("GetGreedy", "/things/{FunctionName+}"),
        Operation("GetNested", "/things/{FunctionName}/v/{Qualifier}"),
    ];

    public async Task InitializeAsync()
    {
        _host = await LocalCloudHost.StartAsync([new RestJsonEndpoint(LambdaOperations.Service, Operations, _lambda, LambdaJson.MissingRequiredMembers)]);
        _http = new HttpClient { BaseAddress = _host.Uri };
        // Signed for Lambda, so that the router sends /things/… there rather than to S3.
        _http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=0");
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    [Theory]
    [InlineData("/things/echo?tagging", "GetTagging", "echo")]
    [InlineData("/things/echo?tagging=&x=1", "GetTagging", "echo")]
    [InlineData("/things/echo?list=all&versions", "GetVersioned", "echo")]
    [InlineData("/things/echo?versions", "GetGreedy", "echo")]
    [InlineData("/things/a/b%20c/d.txt", "GetGreedy", "a/b c/d.txt")]
    [InlineData("/things/echo/v/7", "GetNested", "echo")]
    [InlineData("/things/echo/", "GetGreedy", "echo/")]
    public async Task The_most_specific_template_wins_and_labels_are_decoded(string path, string operation, string functionName)
    {
        using var response = await _http.GetAsync(path);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal((operation, functionName), (_lambda.LastGet!.Qualifier == "7" ? "GetNested" : _lambda.LastGet.Qualifier, _lambda.LastGet.FunctionName.Split(':')[0]));
    }

    /// <summary>An operation that calls GetFunction with its own name as the qualifier, so the test sees which route ran.</summary>
    private static OperationDescriptor Operation(string name, string template)
    {
        var nested = template.Contains("{Qualifier}", StringComparison.Ordinal);
        return new OperationDescriptor<ILambda, GetFunctionRequest, GetFunctionResponse>(
            LambdaOperations.Service, name, "GET", template, 200, null,
            nested ? [new("FunctionName", MemberLocation.Uri, "FunctionName"), new("Qualifier", MemberLocation.Uri, "Qualifier")]
                   : [new("FunctionName", MemberLocation.Uri, "FunctionName")],
            [], [],
            async (port, input, cancellationToken) =>
            {
                try
                {
                    return await port.GetFunctionAsync(input with { FunctionName = input.FunctionName, Qualifier = nested ? input.Qualifier : name }, cancellationToken);
                }
                catch (LambdaException)
                {
                    return new GetFunctionResponse(); // an unknown name still tells which route ran
                }
            });
    }
}
