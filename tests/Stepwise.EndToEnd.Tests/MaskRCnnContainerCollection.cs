namespace Stepwise.EndToEnd.Tests;

/// <summary>The end-to-end tests share one local cloud with the published Mask R-CNN image and the uploaded dataset.</summary>
[CollectionDefinition(Name)]
public sealed class MaskRCnnContainerCollection : ICollectionFixture<MaskRCnnCloudFixture>
{
    public const string Name = "MaskRCnnContainer";
}
