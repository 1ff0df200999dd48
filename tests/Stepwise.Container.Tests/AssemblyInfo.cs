// Training steps switch libtorch's oneDNN off process-wide and Predict switches it back on (the workaround for
// libtorch 2.10's SIGFPE in some 1x1 convolution backward passes, see lib/Stepwise.Vision/README.md): tests that
// train and tests that predict must not overlap, so this assembly's tests run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
