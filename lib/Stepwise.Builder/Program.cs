using Stepwise.Aws;
using Stepwise.Builder;
using Stepwise.Lambda.Runtime;

// The builder function: a provided.al2023 bootstrap. Its clients read the Lambda environment (AWS_REGION, the role's
// AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN, and AWS_ENDPOINT_URL when the local Lambda sets it).
return await LambdaRuntime.RunAsync(_ =>
{
    var clients = AwsClients.Create(new AwsClientOptions());
    var builder = new ContainerBuilder(clients.Ecr, clients.CodeBuild, clients.S3);
    return Task.FromResult<LambdaFunctionHandler>(async (input, context, cancellationToken) =>
    {
        var request = BuildRequest.From(input, Environment.GetEnvironmentVariable);
        var result = await builder.BuildAsync(request, context.Log, cancellationToken);
        return result.ToJson();
    });
});
