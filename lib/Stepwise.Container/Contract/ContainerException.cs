namespace Stepwise.Container.Contract;

/// <summary>A failure whose message is written as-is to <c>output/failure</c> (SageMaker's FailureReason).</summary>
public sealed class ContainerException(string message, Exception? inner = null) : Exception(message, inner);
