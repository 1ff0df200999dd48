using Stepwise.Vision.Model;
using Xunit;

namespace Stepwise.Vision.Tests.Model;

/// <summary>Reads the process-wide switch, so it runs alone (no training step of another test holds a scope meanwhile).</summary>
[CollectionDefinition(nameof(OneDnnSwitch), DisableParallelization = true)]
public sealed class OneDnnSwitch;

[Collection(nameof(OneDnnSwitch))]
public class OneDnnTests
{
    [Fact]
    public void OneDnn_stays_off_until_the_last_open_scope_closes_and_then_comes_back()
    {
        bool before = OneDnn.Enabled;
        int open = OneDnn.OpenScopes;
        var outer = OneDnn.Suspend();
        var inner = OneDnn.Suspend();
        Assert.False(OneDnn.Enabled);
        Assert.Equal(open + 2, OneDnn.OpenScopes);
        outer.Dispose();
        outer.Dispose();   // a second Dispose closes nothing more
        Assert.False(OneDnn.Enabled);
        Assert.Equal(open + 1, OneDnn.OpenScopes);
        inner.Dispose();
        Assert.Equal(open, OneDnn.OpenScopes);
        Assert.Equal(open == 0 ? before : false, OneDnn.Enabled);
    }

    [Fact]
    public void A_training_forward_holds_oneDNN_off_for_its_backward_until_the_model_predicts()
    {
        using var model = MaskRCNN.Create(MaskRCNNOptions.Small(2) with { OneDnnInTraining = false });
        var (images, targets) = SmallMaskRCNNTests.SyntheticBatch();
        int open = OneDnn.OpenScopes;
        model.train();
        model.forward(images, targets);
        Assert.Equal(open + 1, OneDnn.OpenScopes);
        Assert.False(OneDnn.Enabled);
        model.Predict([images[0]]);
        Assert.Equal(open, OneDnn.OpenScopes);
    }

    [Fact]
    public void With_oneDNN_allowed_in_backward_a_training_forward_holds_no_scope()
    {
        using var model = MaskRCNN.Create(MaskRCNNOptions.Small(2) with { OneDnnInTraining = true });
        var (images, targets) = SmallMaskRCNNTests.SyntheticBatch();
        int open = OneDnn.OpenScopes;
        model.train();
        model.forward(images, targets);
        Assert.Equal(open, OneDnn.OpenScopes);
    }
}
