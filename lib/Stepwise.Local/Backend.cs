using Stepwise.Aws.StepFunctions;
using Stepwise.Local.StepFunctions;

namespace Stepwise.Local;

/// <summary>Picks where notebooks run: the embedded local cloud by default, AWS when asked for.</summary>
public static class Backend
{
    /// <summary>The Step Functions service for this session: local unless <c>STEPWISE_BACKEND=aws</c>.</summary>
    /// <remarks>Prints which one is in use, as the first cell of every notebook should.</remarks>
    public static LocalStepFunctions Connect(LocalStepFunctionsOptions? options = null, TextWriter? log = null)
    {
        log ??= Console.Out;
        var requested = Environment.GetEnvironmentVariable("STEPWISE_BACKEND");
        if (string.Equals(requested, "aws", StringComparison.OrdinalIgnoreCase))
            throw new NotSupportedException(
                "STEPWISE_BACKEND=aws: the AWS adapter (Stepwise.Aws, SigV4 clients on AWSSDK.Core) is not built yet. Unset STEPWISE_BACKEND to run on the embedded local cloud.");
        var local = new LocalStepFunctions(options);
        log.WriteLine($"Backend: local (embedded Step Functions engine), data in {local.DataDirectory}");
        return local;
    }
}
