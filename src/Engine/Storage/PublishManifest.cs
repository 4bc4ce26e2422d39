using System.Text.Json;
using System.Text.Json.Serialization;

namespace AugBuild.Engine.Storage;

/// <summary>
/// The marker of a published dataset, written after every object it lists: each object's name (relative to the
/// location), size and XxHash128. A reader that finds it can trust the objects are complete (and check them);
/// a publish reads the previous one to know which objects are AugBuild's to replace or delete.
/// </summary>
public sealed record PublishManifest
{
    public const string Format = "augbuild-publish/1";

    public string Kind { get; init; } = Format;

    public string ToolVersion { get; init; } = "";

    public IReadOnlyList<PublishedObject> Objects { get; init; } = [];

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this, Options);

    /// <summary>The manifest in <paramref name="bytes"/>, or null when they are not one AugBuild wrote.</summary>
    public static PublishManifest? TryParse(byte[] bytes)
    {
        try
        {
            var m = JsonSerializer.Deserialize<PublishManifest>(bytes, Options);
            return m is { Kind: Format } && m.Objects.All(o => o.Name is { Length: > 0 }) ? m : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Same objects with the same sizes and hashes (the tool version aside).</summary>
    public bool SameObjects(PublishManifest other) =>
        Objects.Count == other.Objects.Count && Objects.Zip(other.Objects).All(p => p.First == p.Second);
}

/// <param name="Name">'/'-separated, relative to the published location.</param>
/// <param name="Hash">"xxh128:" + 32 hex digits of the object's bytes.</param>
public sealed record PublishedObject(string Name, long Size, string Hash);
