using Amazon.Runtime;

namespace Stepwise.Aws.Regions;

/// <summary>Finds the region: the options', <c>AWS_REGION</c>/<c>AWS_DEFAULT_REGION</c> as the options read them, else AWSSDK.Core's chain.</summary>
public static class AwsRegionResolver
{
    /// <summary>The region's system name (<c>us-east-1</c>).</summary>
    /// <exception cref="InvalidOperationException">No region is configured anywhere.</exception>
    public static string Resolve(AwsClientOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.Region))
            return options.Region;
        foreach (var name in (string[])["AWS_REGION", "AWS_DEFAULT_REGION"])
            if (options.EnvironmentVariables(name) is { Length: > 0 } region)
                return region;
        return FallbackRegionFactory.GetRegionEndpoint()?.SystemName
               ?? throw new InvalidOperationException(
                   "No AWS region found: set AWS_REGION, configure one in the profile (AWS_PROFILE), or pass AwsClientOptions.Region.");
    }
}
