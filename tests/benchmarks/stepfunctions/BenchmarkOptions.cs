namespace Stepwise.Benchmarks.StepFunctions;

/// <summary>Sizes and repeats; <c>--quick</c> shrinks everything for a smoke run while developing.</summary>
public sealed record BenchmarkOptions
{
    public int ChainLength { get; init; } = 1_000;
    public int ChainRepeats { get; init; } = 15;
    public int MapItems { get; init; } = 10_000;
    public int MapRepeats { get; init; } = 3;
    public int HttpExecutions { get; init; } = 1_000;
    public int HttpRepeats { get; init; } = 3;
    public int HttpConcurrency { get; init; } = 16;
    public ISet<char> Scenarios { get; init; } = new HashSet<char> { 'a', 'b', 'c' };
    public string? JsonOutput { get; init; }

    public static BenchmarkOptions Parse(string[] args)
    {
        var options = new BenchmarkOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--quick" => options with { ChainLength = 200, ChainRepeats = 3, MapItems = 1_000, MapRepeats = 1, HttpExecutions = 100, HttpRepeats = 1 },
                "--only" => options with { Scenarios = Value().Split(',').Select(s => s.Trim()[0]).ToHashSet() },
                "--repeats" => int.Parse(Value()) is var n ? options with { ChainRepeats = n, MapRepeats = n, HttpRepeats = n } : options,
                "--chain" => options with { ChainLength = int.Parse(Value()) },
                "--items" => options with { MapItems = int.Parse(Value()) },
                "--executions" => options with { HttpExecutions = int.Parse(Value()) },
                "--concurrency" => options with { HttpConcurrency = int.Parse(Value()) },
                "--json" => options with { JsonOutput = Value() },
                "--help" or "-h" => throw new ArgumentException(Usage),
                _ => throw new ArgumentException($"Unknown option '{args[i]}'.\n{Usage}"),
            };
        }
        return options;
    }

    public const string Usage = """
        usage: dotnet run -c Release --project tests/benchmarks/stepfunctions [-- options]
          --quick            small sizes (200-state chain, 1,000-item Map, 100 HTTP executions), one repeat
          --only a,b,c       scenarios to run (a: Pass chain, b: Map with Choice, c: executions over HTTP)
          --repeats N        timed runs per engine and scenario (default 15 for a, 3 for b and c)
          --chain N          states in (a)'s chain (default 1,000)
          --items N          items in (b)'s Map (default 10,000)
          --executions N     executions in (c) (default 1,000)
          --concurrency N    HTTP requests in flight in (c) (default 16)
          --json FILE        also write the measurements as JSON
        """;
}
