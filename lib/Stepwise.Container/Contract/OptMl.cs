namespace Stepwise.Container.Contract;

/// <summary>
/// The SageMaker container file layout under one root: <c>/opt/ml</c>, or the folder named by
/// <c>STEPWISE_OPT_ML</c> so the local backend (and tests) can run the program in a directory.
/// </summary>
public sealed record OptMl(string Root)
{
    public const string RootVariable = "STEPWISE_OPT_ML";
    public const string DefaultRoot = "/opt/ml";

    /// <summary>The root from the environment, else <c>/opt/ml</c>.</summary>
    public static OptMl FromEnvironment()
    {
        var root = Environment.GetEnvironmentVariable(RootVariable);
        return new OptMl(string.IsNullOrWhiteSpace(root) ? DefaultRoot : root);
    }

    public string ConfigDir => Path.Combine(Root, "input", "config");
    public string HyperparametersFile => Path.Combine(ConfigDir, "hyperparameters.json");
    public string InputDataConfigFile => Path.Combine(ConfigDir, "inputdataconfig.json");
    public string ResourceConfigFile => Path.Combine(ConfigDir, "resourceconfig.json");
    public string DataDir => Path.Combine(Root, "input", "data");
    public string ChannelDir(string channel) => Path.Combine(DataDir, channel);
    public string ModelDir => Path.Combine(Root, "model");
    public string OutputDir => Path.Combine(Root, "output");
    public string FailureFile => Path.Combine(OutputDir, "failure");
}
