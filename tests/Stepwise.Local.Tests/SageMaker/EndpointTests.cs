using System.Text;
using Stepwise.Aws;
using Stepwise.Aws.SageMaker;
using Stepwise.Aws.SageMakerRuntime;
using Stepwise.Local.SageMaker;
using Stepwise.Local.Testing;

namespace Stepwise.Local.Tests.SageMaker;

[Collection(TinyContainerCollection.Name)]
public sealed class EndpointTests(TinyContainerFixture image)
{
    [Fact]
    public async Task An_endpoint_serves_the_model_invokes_update_swap_and_delete_stops_it()
    {
        await using var scenario = await EndpointScenario.StartAsync(image);
        var sageMaker = scenario.SageMaker;
        var model = await sageMaker.CreateModelAsync(scenario.Model("tiny-model"));
        Assert.Equal("arn:aws:sagemaker:us-east-1:123456789012:model/tiny-model", model.ModelArn);
        await sageMaker.CreateEndpointConfigAsync(EndpointScenario.Config("tiny-config", "tiny-model"));
        await sageMaker.CreateEndpointAsync(new CreateEndpointInput { EndpointName = "tiny-ep", EndpointConfigName = "tiny-config" });
        Assert.Equal(EndpointStatus.Creating, (await scenario.DescribeAsync("tiny-ep")).EndpointStatus);

        var endpoint = await scenario.WaitAsync("tiny-ep");
        Assert.Equal(EndpointStatus.InService, endpoint.EndpointStatus);
        Assert.Null(endpoint.FailureReason);
        Assert.Equal("tiny-config", endpoint.EndpointConfigName);
        var variant = Assert.Single(endpoint.ProductionVariants!);
        Assert.Equal(("AllTraffic", 1, scenario.ImageUri), (variant.VariantName, variant.CurrentInstanceCount, variant.DeployedImages![0].SpecifiedImage));

        // Through the port: the body, content type, accept and custom attributes reach /invocations; the model was extracted.
        var output = await scenario.Cloud.SageMakerRuntime.InvokeEndpointAsync(EndpointScenario.Invocation("tiny-ep", "1,2,3"));
        Assert.Equal("echo[text/csv|application/json|trace=1] model=weights-v1 greeting=first: 1,2,3", Encoding.UTF8.GetString(output.Body));
        Assert.Equal(("application/json", "AllTraffic", "echo:trace=1"), (output.ContentType, output.InvokedProductionVariant, output.CustomAttributes));

        var error = await Assert.ThrowsAsync<ModelErrorException>(() => scenario.InvokeAsync("tiny-ep", "fail now"));
        Assert.Equal((SageMakerRuntimeErrorCodes.ModelError, 424, 500), (error.ErrorCode, error.StatusCode, error.OriginalStatusCode));
        Assert.Equal("tiny model failed on 'fail now'", error.OriginalMessage);
        Assert.Equal("arn:aws:logs:us-east-1:123456789012:log-group:/aws/sagemaker/Endpoints/tiny-ep", error.LogStreamArn);
        Assert.StartsWith("Received server error (500) from primary with message \"tiny model failed on 'fail now'\".", error.Message);

        var log = await scenario.LogAsync("tiny-ep");
        Assert.Contains(log, l => l.Message.Contains("serving on", StringComparison.Ordinal));
        Assert.All(log, l => Assert.Matches("^AllTraffic/[0-9a-f]{16}$", l.Stream));

        Assert.Equal("tiny-model", Assert.Single((await sageMaker.ListModelsAsync(new ListModelsInput())).Models).ModelName);
        Assert.Equal("tiny-config", Assert.Single((await sageMaker.ListEndpointConfigsAsync(new ListEndpointConfigsInput())).EndpointConfigs).EndpointConfigName);
        Assert.Equal(EndpointStatus.InService, Assert.Single((await sageMaker.ListEndpointsAsync(new ListEndpointsInput())).Endpoints).EndpointStatus);

        // UpdateEndpoint: the new model serves once healthy, the old container is stopped.
        var old = sageMaker.RouteInvocation("tiny-ep", null)!.Value.Container;
        await sageMaker.CreateModelAsync(scenario.Model("tiny-model-2", new Dictionary<string, string> { ["GREETING"] = "second" }));
        await sageMaker.CreateEndpointConfigAsync(EndpointScenario.Config("tiny-config-2", "tiny-model-2"));
        await sageMaker.UpdateEndpointAsync(new UpdateEndpointInput { EndpointName = "tiny-ep", EndpointConfigName = "tiny-config-2" });
        Assert.Equal(EndpointStatus.Updating, (await scenario.DescribeAsync("tiny-ep")).EndpointStatus);
        var inProgress = await Assert.ThrowsAsync<SageMakerException>(() => sageMaker.UpdateEndpointAsync(new UpdateEndpointInput { EndpointName = "tiny-ep", EndpointConfigName = "tiny-config" }));
        Assert.Equal("Cannot update in-progress endpoint \"arn:aws:sagemaker:us-east-1:123456789012:endpoint/tiny-ep\".", inProgress.Message);
        Assert.Contains("greeting=first", await scenario.InvokeAsync("tiny-ep", "during")); // the old one serves meanwhile
        var updated = await scenario.WaitAsync("tiny-ep");
        Assert.True((updated.EndpointStatus, updated.EndpointConfigName) == (EndpointStatus.InService, "tiny-config-2"),
            $"after the update: {updated.EndpointStatus} on {updated.EndpointConfigName}; failure reason: {updated.FailureReason}");
        Assert.Contains("greeting=second", await scenario.InvokeAsync("tiny-ep", "after"));
        Assert.True(old.Exited.IsCompleted);
        Assert.False(await EndpointScenario.AnswersAsync(old.BaseAddress));

        // A failed update leaves the endpoint InService on what it served, with the reason.
        await sageMaker.CreateModelAsync(scenario.Model("tiny-crash", new Dictionary<string, string> { ["TINY_EXIT"] = "3" }));
        await sageMaker.CreateEndpointConfigAsync(EndpointScenario.Config("tiny-config-crash", "tiny-crash"));
        await sageMaker.UpdateEndpointAsync(new UpdateEndpointInput { EndpointName = "tiny-ep", EndpointConfigName = "tiny-config-crash" });
        var rolledBack = await scenario.WaitAsync("tiny-ep");
        Assert.Equal((EndpointStatus.InService, "tiny-config-2"), (rolledBack.EndpointStatus, rolledBack.EndpointConfigName));
        Assert.Contains("exited with code 3", rolledBack.FailureReason);
        Assert.Contains("greeting=second", await scenario.InvokeAsync("tiny-ep", "still"));

        // DeleteEndpoint stops the process; the endpoint is gone for both APIs.
        var serving = sageMaker.RouteInvocation("tiny-ep", null)!.Value.Container;
        await sageMaker.DeleteEndpointAsync(new DeleteEndpointInput { EndpointName = "tiny-ep" });
        Assert.True(serving.Exited.IsCompleted);
        Assert.False(await EndpointScenario.AnswersAsync(serving.BaseAddress));
        var gone = await Assert.ThrowsAsync<SageMakerRuntimeException>(() => scenario.InvokeAsync("tiny-ep", "x"));
        Assert.Equal((SageMakerRuntimeErrorCodes.ValidationError, "Endpoint tiny-ep of account 123456789012 not found."), (gone.ErrorCode, gone.Message));
        var missing = await Assert.ThrowsAsync<SageMakerException>(() => scenario.DescribeAsync("tiny-ep"));
        Assert.Equal("Could not find endpoint \"arn:aws:sagemaker:us-east-1:123456789012:endpoint/tiny-ep\".", missing.Message);
        Assert.False(Directory.Exists(Path.Combine(scenario.Cloud.DataDirectory, "sagemaker", "endpoints", "tiny-ep")));
    }

    [Fact]
    public async Task An_endpoint_whose_serve_never_answers_or_exits_is_Failed_within_its_timeout()
    {
        await using var scenario = await EndpointScenario.StartAsync(image);
        var started = DateTime.UtcNow;
        var silent = await scenario.DeployAsync("tiny-silent", scenario.Model("tiny-silent", new Dictionary<string, string> { ["TINY_PING"] = "fail" }), startupTimeout: 2);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15));
        Assert.Equal(EndpointStatus.Failed, silent.EndpointStatus);
        Assert.Equal("The primary container for production variant AllTraffic did not pass the ping health check within 2 seconds. Please check CloudWatch logs for this endpoint.", silent.FailureReason);

        var crashed = await scenario.DeployAsync("tiny-crashed", scenario.Model("tiny-crashed", new Dictionary<string, string> { ["TINY_EXIT"] = "3" }));
        Assert.Equal(EndpointStatus.Failed, crashed.EndpointStatus);
        Assert.Contains("exited with code 3 before it passed the ping health check", crashed.FailureReason);
        Assert.Contains(await scenario.LogAsync("tiny-crashed"), l => l.Message == "exiting at start with code 3");

        var notServing = await Assert.ThrowsAsync<SageMakerRuntimeException>(() => scenario.InvokeAsync("tiny-crashed", "x"));
        Assert.Equal("Endpoint tiny-crashed of account 123456789012 not found.", notServing.Message);
        var cannotUpdate = await Assert.ThrowsAsync<SageMakerException>(() => scenario.SageMaker.UpdateEndpointAsync(new UpdateEndpointInput { EndpointName = "tiny-crashed", EndpointConfigName = "tiny-silent-config" }));
        Assert.Equal("ValidationException", cannotUpdate.ErrorCode);
        await scenario.SageMaker.DeleteEndpointAsync(new DeleteEndpointInput { EndpointName = "tiny-crashed" });
    }

    [Fact]
    public async Task Models_configs_and_endpoints_are_validated_with_SageMakers_errors()
    {
        await using var scenario = await EndpointScenario.StartAsync(image);
        var sageMaker = scenario.SageMaker;
        async Task<string> Fails(Func<Task> call)
        {
            var e = await Assert.ThrowsAsync<SageMakerException>(call);
            Assert.Equal(("ValidationException", 400), (e.ErrorCode, e.StatusCode));
            return e.Message;
        }

        Assert.Equal($"1 validation error detected: Value 'bad_name' at 'modelName' failed to satisfy constraint: Member must satisfy regular expression pattern: {SageMakerErrorsPattern}",
            await Fails(() => sageMaker.CreateModelAsync(scenario.Model("bad_name"))));
        Assert.StartsWith("2 validation errors detected: Value 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' at 'endpointName' failed to satisfy constraint: Member must have length less than or equal to 63",
            await Fails(() => sageMaker.CreateEndpointAsync(new CreateEndpointInput { EndpointName = new string('a', 64), EndpointConfigName = "c" })));
        Assert.StartsWith("Requested image 123456789012.dkr.ecr.us-east-1.amazonaws.com/nope:latest not found.",
            await Fails(() => sageMaker.CreateModelAsync(scenario.Model("m", image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/nope:latest"))));
        Assert.Equal("Could not find model data at s3://models/tiny/missing.tar.gz.",
            await Fails(() => sageMaker.CreateModelAsync(scenario.Model("m", modelData: "s3://models/tiny/missing.tar.gz"))));

        await sageMaker.CreateModelAsync(scenario.Model("m"));
        Assert.Equal("Cannot create already existing model \"arn:aws:sagemaker:us-east-1:123456789012:model/m\".",
            await Fails(() => sageMaker.CreateModelAsync(scenario.Model("m"))));
        Assert.Equal("Could not find model \"arn:aws:sagemaker:us-east-1:123456789012:model/nope\".",
            await Fails(() => sageMaker.CreateEndpointConfigAsync(EndpointScenario.Config("c", "nope"))));
        Assert.Equal("Could not find model \"arn:aws:sagemaker:us-east-1:123456789012:model/nope\".",
            await Fails(() => sageMaker.DescribeModelAsync(new DescribeModelInput { ModelName = "nope" })));

        await sageMaker.CreateEndpointConfigAsync(EndpointScenario.Config("c", "m"));
        Assert.Equal("Cannot create already existing endpoint configuration \"arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/c\".",
            await Fails(() => sageMaker.CreateEndpointConfigAsync(EndpointScenario.Config("c", "m"))));
        Assert.Equal("Could not find endpoint configuration \"arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/nope\".",
            await Fails(() => sageMaker.CreateEndpointAsync(new CreateEndpointInput { EndpointName = "e", EndpointConfigName = "nope" })));
        Assert.Equal("m", (await sageMaker.DescribeEndpointConfigAsync(new DescribeEndpointConfigInput { EndpointConfigName = "c" })).ProductionVariants[0].ModelName);

        await sageMaker.CreateEndpointAsync(new CreateEndpointInput { EndpointName = "e", EndpointConfigName = "c" });
        Assert.Equal("Cannot create already existing endpoint \"arn:aws:sagemaker:us-east-1:123456789012:endpoint/e\".",
            await Fails(() => sageMaker.CreateEndpointAsync(new CreateEndpointInput { EndpointName = "e", EndpointConfigName = "c" })));
        await scenario.WaitAsync("e");

        // A model deleted after its config was made: new endpoints over the config fail to create, the running one keeps serving.
        await sageMaker.DeleteModelAsync(new DeleteModelInput { ModelName = "m" });
        Assert.Equal("Could not find model \"arn:aws:sagemaker:us-east-1:123456789012:model/m\".",
            await Fails(() => sageMaker.CreateEndpointAsync(new CreateEndpointInput { EndpointName = "e2", EndpointConfigName = "c" })));
        await sageMaker.DeleteEndpointConfigAsync(new DeleteEndpointConfigInput { EndpointConfigName = "c" });
        Assert.Contains("greeting=first", await scenario.InvokeAsync("e", "x"));
        Assert.Empty((await sageMaker.ListModelsAsync(new ListModelsInput())).Models);
        Assert.Empty((await sageMaker.ListEndpointConfigsAsync(new ListEndpointConfigsInput())).EndpointConfigs);
        Assert.StartsWith("1 validation error detected: Value '0' at 'maxResults'",
            await Fails(() => sageMaker.ListEndpointsAsync(new ListEndpointsInput { MaxResults = 0 })));
    }

    private const string SageMakerErrorsPattern = "^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}";

    [Fact]
    public async Task A_restart_brings_an_InService_endpoint_back()
    {
        var directory = Directory.CreateTempSubdirectory("stepwise-endpoint-restart-").FullName;
        try
        {
            var options = new LocalCloudEnvironmentOptions { StartHost = false, DataDirectory = directory };
            ServingContainer before;
            await using (var scenario = await EndpointScenario.StartAsync(image, options))
            {
                Assert.Equal(EndpointStatus.InService, (await scenario.DeployAsync("tiny-kept", scenario.Model("tiny-kept"))).EndpointStatus);
                before = scenario.SageMaker.RouteInvocation("tiny-kept", null)!.Value.Container;
            }
            Assert.True(before.Exited.IsCompleted); // closing the cloud stops its containers

            await using var reopened = await EndpointScenario.StartAsync(image, options, upload: false);
            var endpoint = await reopened.WaitAsync("tiny-kept");
            Assert.True(endpoint.FailureReason is null, endpoint.FailureReason);
            Assert.Equal((EndpointStatus.InService, "tiny-kept-config"), (endpoint.EndpointStatus, endpoint.EndpointConfigName));
            Assert.Equal("echo[text/csv|application/json|trace=1] model=weights-v1 greeting=first: again", await reopened.InvokeAsync("tiny-kept", "again"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task The_AWS_clients_deploy_and_invoke_an_endpoint_over_the_wire()
    {
        await using var scenario = await EndpointScenario.StartAsync(image, new LocalCloudEnvironmentOptions());
        var clients = AwsClients.Create(new AwsClientOptions
        {
            EndpointUrl = scenario.Environment.Endpoint,
            Region = "us-east-1",
            Credentials = new Amazon.Runtime.BasicAWSCredentials("a", "b"),
        });
        await clients.SageMaker.CreateModelAsync(scenario.Model("wire-model"));
        await clients.SageMaker.CreateEndpointConfigAsync(EndpointScenario.Config("wire-config", "wire-model"));
        await clients.SageMaker.CreateEndpointAsync(new CreateEndpointInput { EndpointName = "wire-ep", EndpointConfigName = "wire-config" });
        await scenario.WaitAsync("wire-ep");
        Assert.Equal(EndpointStatus.InService, (await clients.SageMaker.DescribeEndpointAsync(new DescribeEndpointInput { EndpointName = "wire-ep" })).EndpointStatus);

        var output = await clients.SageMakerRuntime.InvokeEndpointAsync(EndpointScenario.Invocation("wire-ep", "over the wire"));
        Assert.Equal("echo[text/csv|application/json|trace=1] model=weights-v1 greeting=first: over the wire", Encoding.UTF8.GetString(output.Body));
        Assert.Equal(("application/json", "AllTraffic", "echo:trace=1"), (output.ContentType, output.InvokedProductionVariant, output.CustomAttributes));

        var modelError = await Assert.ThrowsAsync<SageMakerRuntimeException>(() => clients.SageMakerRuntime.InvokeEndpointAsync(EndpointScenario.Invocation("wire-ep", "fail")));
        Assert.Equal((SageMakerRuntimeErrorCodes.ModelError, 424), (modelError.ErrorCode, modelError.StatusCode));
        Assert.StartsWith("Received server error (500) from primary with message \"tiny model failed on 'fail'\".", modelError.Message);

        var missing = await Assert.ThrowsAsync<SageMakerRuntimeException>(() => clients.SageMakerRuntime.InvokeEndpointAsync(EndpointScenario.Invocation("nope", "x")));
        Assert.Equal((SageMakerRuntimeErrorCodes.ValidationError, "Endpoint nope of account 123456789012 not found."), (missing.ErrorCode, missing.Message));

        await clients.SageMaker.DeleteEndpointAsync(new DeleteEndpointInput { EndpointName = "wire-ep" });
        Assert.Empty((await clients.SageMaker.ListEndpointsAsync(new ListEndpointsInput())).Endpoints);
    }
}
