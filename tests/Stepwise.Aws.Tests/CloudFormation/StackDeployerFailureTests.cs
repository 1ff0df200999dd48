using Stepwise.Aws.CloudFormation;

namespace Stepwise.Aws.Tests.CloudFormation;

/// <summary>The paths moto does not take: a creation that rolls back, an update that rolls back, a change set
/// CloudFormation refuses, and stacks in states that cannot be updated — against a scripted port.</summary>
public sealed class StackDeployerFailureTests
{
    private const string StackId = "arn:aws:cloudformation:us-east-1:123456789012:stack/wb/1";

    [Fact]
    public async Task A_creation_that_fails_names_the_resource_and_CloudFormations_reason_and_leaves_no_stack()
    {
        var port = new ScriptedCloudFormation(stack: null)
        {
            Statuses = new([StackStatus.CreateInProgress, StackStatus.RollbackInProgress, StackStatus.DeleteComplete]),
            Events =
            [
                Event("1", "wb", "AWS::CloudFormation::Stack", StackStatus.CreateInProgress, "User Initiated"),
                Event("2", "Role", "AWS::IAM::Role", ResourceStatus.CreateFailed, "Resource handler returned message: \"Role with name R already exists.\""),
                Event("3", "Bucket", "AWS::S3::Bucket", ResourceStatus.CreateFailed, "Resource creation cancelled"),
                Event("4", "wb", "AWS::CloudFormation::Stack", StackStatus.DeleteComplete, null),
            ],
        };
        var log = new StringWriter();

        var error = await Assert.ThrowsAsync<StackDeploymentException>(() =>
            Deployer(port).DeployAsync(new StackDeploymentRequest("wb", "{}"), log));

        Assert.Equal(StackStatus.DeleteComplete, error.StackStatus);
        Assert.Equal(["Role (AWS::IAM::Role): Resource handler returned message: \"Role with name R already exists.\""], error.Reasons);
        Assert.StartsWith("The creation of stack wb ended DELETE_COMPLETE: Role (AWS::IAM::Role)", error.Message);
        Assert.True(port.Created!.RetainExceptOnCreate);
        Assert.Equal(OnFailure.Delete, port.Created.OnFailure);
        Assert.Contains("CREATE_FAILED        AWS::IAM::Role               Role", log.ToString());
    }

    [Fact]
    public async Task An_update_that_rolls_back_is_an_error_with_the_failed_resources()
    {
        var port = new ScriptedCloudFormation(Stack(StackStatus.CreateComplete))
        {
            Statuses = new([StackStatus.CreateComplete, StackStatus.UpdateInProgress, StackStatus.UpdateRollbackComplete]),
            ChangeSet = new DescribeChangeSetOutput
            {
                Status = ChangeSetStatus.CreateComplete, StackId = StackId,
                Changes = [new Change { Type = "Resource", ResourceChange = new ResourceChange { Action = ChangeAction.Modify, LogicalResourceId = "Fn", ResourceType = "AWS::Lambda::Function" } }],
            },
            EventsAfterExecute = [Event("9", "Fn", "AWS::Lambda::Function", ResourceStatus.UpdateFailed, "Error occurred while GetObject. S3 Error Code: NoSuchKey.")],
        };
        var log = new StringWriter();

        var error = await Assert.ThrowsAsync<StackDeploymentException>(() =>
            Deployer(port).DeployAsync(new StackDeploymentRequest("wb", "{}") { Parameters = new Dictionary<string, string> { ["Key"] = "new" } }, log));

        Assert.Equal(StackStatus.UpdateRollbackComplete, error.StackStatus);
        Assert.Equal(["Fn (AWS::Lambda::Function): Error occurred while GetObject. S3 Error Code: NoSuchKey."], error.Reasons);
        Assert.Contains("Modify  Fn (AWS::Lambda::Function)", log.ToString());
        Assert.Equal(ChangeSetType.Update, port.ChangeSetRequest!.ChangeSetType);
        // The parameter given is set; the stack's other parameter keeps its value.
        Assert.Contains(port.ChangeSetRequest.Parameters!, p => p.ParameterKey == "Key" && p.ParameterValue == "new");
        Assert.Contains(port.ChangeSetRequest.Parameters!, p => p.ParameterKey == "Other" && p.UsePreviousValue == true);
    }

    [Fact]
    public async Task A_change_set_CloudFormation_fails_for_another_reason_than_no_changes_is_an_error()
    {
        var port = new ScriptedCloudFormation(Stack(StackStatus.UpdateComplete))
        {
            ChangeSet = new DescribeChangeSetOutput { Status = ChangeSetStatus.Failed, StatusReason = "Parameters: [Missing] must have values" },
        };

        var error = await Assert.ThrowsAsync<StackDeploymentException>(() => Deployer(port).DeployAsync(new StackDeploymentRequest("wb", "{}")));

        Assert.Contains("Parameters: [Missing] must have values", error.Message);
        Assert.False(port.Executed);
    }

    [Theory]
    [InlineData(StackStatus.RollbackComplete, "delete it first")]
    [InlineData(StackStatus.UpdateInProgress, "wait until CloudFormation finishes")]
    public async Task A_stack_that_cannot_be_updated_now_is_refused_before_any_change_set(string status, string advice)
    {
        var port = new ScriptedCloudFormation(Stack(status));

        var error = await Assert.ThrowsAsync<StackDeploymentException>(() => Deployer(port).DeployAsync(new StackDeploymentRequest("wb", "{}")));

        Assert.Contains(advice, error.Message);
        Assert.Null(port.ChangeSetRequest);
    }

    private static StackDeployer Deployer(ICloudFormation port) => new(port, poll: TimeSpan.FromMilliseconds(1), timeout: TimeSpan.FromSeconds(10));

    private static CloudFormationStack Stack(string status) => new()
    {
        StackName = "wb", StackId = StackId, StackStatus = status, CreationTime = DateTimeOffset.UnixEpoch,
        Parameters = [new Parameter { ParameterKey = "Key", ParameterValue = "old" }, new Parameter { ParameterKey = "Other", ParameterValue = "kept" }],
    };

    private static StackEvent Event(string id, string logical, string type, string status, string? reason) => new()
    {
        EventId = id, StackId = StackId, StackName = "wb", LogicalResourceId = logical, ResourceType = type,
        ResourceStatus = status, ResourceStatusReason = reason, Timestamp = DateTimeOffset.UnixEpoch.AddSeconds(int.Parse(id, System.Globalization.CultureInfo.InvariantCulture)),
    };

    /// <summary>DescribeStacks answers <see cref="Statuses"/> in turn (the last repeats); events are listed newest first.</summary>
    private sealed class ScriptedCloudFormation(CloudFormationStack? stack) : ICloudFormation
    {
        public Queue<string> Statuses { get; init; } = new();
        public List<StackEvent> Events { get; init; } = [];
        public List<StackEvent> EventsAfterExecute { get; init; } = [];
        public DescribeChangeSetOutput ChangeSet { get; init; } = new() { Status = ChangeSetStatus.CreateComplete };
        public CreateStackInput? Created { get; private set; }
        public CreateChangeSetInput? ChangeSetRequest { get; private set; }
        public bool Executed { get; private set; }
        private string? _last;

        public Task<DescribeStacksOutput> DescribeStacksAsync(DescribeStacksInput input, CancellationToken cancellationToken = default)
        {
            if (stack is null && Created is null)
                throw new CloudFormationException("ValidationError", $"Stack with id {input.StackName} does not exist");
            _last = Statuses.Count > 0 ? Statuses.Dequeue() : _last ?? stack!.StackStatus;
            var current = (stack ?? Stack(_last)) with { StackStatus = _last };
            return Task.FromResult(new DescribeStacksOutput { Stacks = [current] });
        }

        public Task<CreateStackOutput> CreateStackAsync(CreateStackInput input, CancellationToken cancellationToken = default)
        {
            Created = input;
            return Task.FromResult(new CreateStackOutput { StackId = StackId });
        }

        public Task<DescribeStackEventsOutput> DescribeStackEventsAsync(DescribeStackEventsInput input, CancellationToken cancellationToken = default)
        {
            var events = Executed ? Events.Concat(EventsAfterExecute) : Events;
            return Task.FromResult(new DescribeStackEventsOutput { StackEvents = events.Reverse().ToList() });
        }

        public Task<CreateChangeSetOutput> CreateChangeSetAsync(CreateChangeSetInput input, CancellationToken cancellationToken = default)
        {
            ChangeSetRequest = input;
            return Task.FromResult(new CreateChangeSetOutput { Id = "cs-1", StackId = StackId });
        }

        public Task<DescribeChangeSetOutput> DescribeChangeSetAsync(DescribeChangeSetInput input, CancellationToken cancellationToken = default) => Task.FromResult(ChangeSet);

        public Task<ExecuteChangeSetOutput> ExecuteChangeSetAsync(ExecuteChangeSetInput input, CancellationToken cancellationToken = default)
        {
            Executed = true;
            return Task.FromResult(new ExecuteChangeSetOutput());
        }

        public Task<DeleteChangeSetOutput> DeleteChangeSetAsync(DeleteChangeSetInput input, CancellationToken cancellationToken = default) => Task.FromResult(new DeleteChangeSetOutput());

        public Task<DeleteStackOutput> DeleteStackAsync(DeleteStackInput input, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ListStackResourcesOutput> ListStackResourcesAsync(ListStackResourcesInput input, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ValidateTemplateOutput> ValidateTemplateAsync(ValidateTemplateInput input, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
