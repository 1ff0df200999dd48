using System.Text;
using Stepwise.Aws.Lambda;

namespace Stepwise.Local.Tests.Hosting;

/// <summary>A Lambda port for the restJson endpoint's tests (the local Lambda port comes later): functions
/// <c>echo</c> (returns its payload, a tail log, the version it ran), <c>fail</c> (a handled function error) and a few
/// listed ones; it records the last input of each operation so tests can see what the wire delivered.</summary>
internal sealed class FakeLambda : ILambda
{
    private const string Account = "123456789012";
    private static readonly string[] Names = ["echo", "fail", "alpha", "beta", "gamma"];

    public InvocationRequest? LastInvoke { get; private set; }

    public ListFunctionsRequest? LastList { get; private set; }

    public GetFunctionRequest? LastGet { get; private set; }

    public Task<InvocationResponse> InvokeAsync(InvocationRequest input, CancellationToken cancellationToken = default)
    {
        LastInvoke = input;
        var name = Name(input.FunctionName);
        if (input.InvocationType == "Event")
            return Task.FromResult(new InvocationResponse { StatusCode = 202 });
        return Task.FromResult(name switch
        {
            "echo" => new InvocationResponse
            {
                StatusCode = 200,
                Payload = input.Payload ?? "null"u8.ToArray(),
                ExecutedVersion = input.Qualifier ?? "$LATEST",
                LogResult = input.LogType == "Tail" ? Convert.ToBase64String(Encoding.UTF8.GetBytes($"START echo\nEND echo ({input.Payload?.Length ?? 0} bytes)")) : null,
            },
            "fail" => new InvocationResponse
            {
                StatusCode = 200,
                FunctionError = "Unhandled",
                ExecutedVersion = "$LATEST",
                Payload = """{"errorType":"Boom","errorMessage":"it failed"}"""u8.ToArray(),
            },
            _ => throw NotFound(input.FunctionName),
        });
    }

    public Task<GetFunctionResponse> GetFunctionAsync(GetFunctionRequest input, CancellationToken cancellationToken = default)
    {
        LastGet = input;
        var name = Name(input.FunctionName);
        if (!Names.Contains(name))
            throw NotFound(input.FunctionName);
        return Task.FromResult(new GetFunctionResponse
        {
            Configuration = Configuration(name),
            Tags = new Dictionary<string, string> { ["team"] = "ml" },
        });
    }

    public Task<ListFunctionsResponse> ListFunctionsAsync(ListFunctionsRequest input, CancellationToken cancellationToken = default)
    {
        LastList = input;
        var start = 0;
        if (input.Marker is { } marker && !int.TryParse(marker, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out start))
            throw new LambdaException(LambdaErrorCodes.InvalidParameterValueException, $"Invalid Marker: {marker}");
        var size = input.MaxItems ?? 50;
        if (size is < 1 or > 10_000)
            throw new LambdaException(LambdaErrorCodes.InvalidParameterValueException, $"MaxItems must be between 1 and 10000; got {size}.");
        var page = Names.Skip(start).Take(size).Select(Configuration).ToList();
        return Task.FromResult(new ListFunctionsResponse
        {
            Functions = page,
            NextMarker = start + size < Names.Length ? (start + size).ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
        });
    }

    public Task<FunctionConfiguration> CreateFunctionAsync(CreateFunctionRequest input, CancellationToken cancellationToken = default) => throw NotHere("CreateFunction");

    public Task<DeleteFunctionResponse> DeleteFunctionAsync(DeleteFunctionRequest input, CancellationToken cancellationToken = default) => throw NotHere("DeleteFunction");

    public Task<FunctionConfiguration> UpdateFunctionCodeAsync(UpdateFunctionCodeRequest input, CancellationToken cancellationToken = default) => throw NotHere("UpdateFunctionCode");

    public Task<FunctionConfiguration> UpdateFunctionConfigurationAsync(UpdateFunctionConfigurationRequest input, CancellationToken cancellationToken = default) =>
        throw NotHere("UpdateFunctionConfiguration");

    private static FunctionConfiguration Configuration(string name) => new()
    {
        FunctionName = name,
        FunctionArn = $"arn:aws:lambda:us-east-1:{Account}:function:{name}",
        MemorySize = 256,
        Runtime = "dotnet8",
    };

    /// <summary>A name, a partial ARN or a full ARN, as Lambda accepts them.</summary>
    private static string Name(string functionName) => functionName.Split(':') is { Length: >= 7 } parts ? parts[6] : functionName;

    private static LambdaException NotFound(string name) =>
        new(LambdaErrorCodes.ResourceNotFoundException, $"Function not found: arn:aws:lambda:us-east-1:{Account}:function:{Name(name)}", 404);

    private static LambdaException NotHere(string operation) =>
        new(LambdaErrorCodes.InvalidParameterValueException, $"The fake Lambda of these tests does not implement {operation}.");
}
