namespace Stepwise.Workflows.SageMaker;

/// <summary>Network settings of a processing job (<c>NetworkConfig</c>).</summary>
public sealed record NetworkConfig
{
    /// <summary>Run the container without network access.</summary>
    public bool EnableNetworkIsolation { get; init; }

    /// <summary>VPC security groups (with <see cref="Subnets"/>, gives <c>VpcConfig</c>).</summary>
    public IReadOnlyList<string>? SecurityGroupIds { get; init; }

    /// <summary>VPC subnets (with <see cref="SecurityGroupIds"/>, gives <c>VpcConfig</c>).</summary>
    public IReadOnlyList<string>? Subnets { get; init; }

    /// <summary>Encrypt traffic between instances (omitted when null).</summary>
    public bool? EncryptInterContainerTraffic { get; init; }

    internal Dictionary<string, object?> ToRequest()
    {
        var request = new Dictionary<string, object?> { ["EnableNetworkIsolation"] = EnableNetworkIsolation };
        if (EncryptInterContainerTraffic is { } encrypt) request["EnableInterContainerTrafficEncryption"] = encrypt;
        if (SecurityGroupIds is not null && Subnets is not null)
            request["VpcConfig"] = new Dictionary<string, object?> { ["SecurityGroupIds"] = SecurityGroupIds, ["Subnets"] = Subnets };
        return request;
    }
}
