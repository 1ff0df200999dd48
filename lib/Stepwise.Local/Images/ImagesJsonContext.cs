using System.Text.Json.Serialization;

namespace Stepwise.Local.Images;

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ImageManifest))]
internal sealed partial class ImagesJsonContext : JsonSerializerContext;
