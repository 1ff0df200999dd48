namespace Stepwise.Local.Logs;

/// <summary>One log event a service sends: when it happened (not when it is stored) and its message.</summary>
public readonly record struct LogLine(DateTimeOffset Timestamp, string Message);
