namespace Stepwise.Lambda.Runtime;

/// <summary>The runtime API refused a call or answered out of contract.</summary>
public sealed class LambdaRuntimeException(string message) : Exception(message);
