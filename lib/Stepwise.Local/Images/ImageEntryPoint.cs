namespace Stepwise.Local.Images;

/// <summary>A command an image runs (<c>dotnet App.dll train</c>): the program and its arguments. The command
/// <c>dotnet</c> means the .NET host that runs the local cloud.</summary>
public sealed record ImageEntryPoint(string Command, IReadOnlyList<string> Args);
