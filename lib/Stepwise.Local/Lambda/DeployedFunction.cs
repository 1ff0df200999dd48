using Stepwise.Aws.Lambda;

namespace Stepwise.Local.Lambda;

/// <summary>A function deployed from a .zip package: its configuration, and the folder its package is extracted to
/// (<c>{data}/lambda/{name}/{codeRevision}/</c>, the function's <c>LAMBDA_TASK_ROOT</c>).</summary>
internal sealed record DeployedFunction(FunctionConfiguration Configuration, string CodeRevision, string CodeDirectory,
    IReadOnlyDictionary<string, string>? Tags);
