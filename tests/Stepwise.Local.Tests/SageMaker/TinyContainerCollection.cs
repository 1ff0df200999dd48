namespace Stepwise.Local.Tests.SageMaker;

/// <summary>The tests that run the tiny container share one published image (and run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class TinyContainerCollection : ICollectionFixture<TinyContainerFixture>
{
    public const string Name = "TinyContainer";
}
