namespace Stepwise.Local.Images;

/// <summary><c>dotnet publish</c> failed, or published no runnable program; the message ends with its last output lines.</summary>
public sealed class ImagePublishException(string message) : Exception(message);
