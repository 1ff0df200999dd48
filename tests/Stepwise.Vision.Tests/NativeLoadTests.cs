using TorchSharp;

namespace Stepwise.Vision.Tests;

public class NativeLoadTests
{
    [Fact]
    public void TorchSharp_native_library_loads_and_computes()
    {
        using var t = torch.ones(2, 2);
        Assert.Equal(4f, t.sum().item<float>());
    }
}
