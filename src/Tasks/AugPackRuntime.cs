using System.IO.Compression;
using System.Security;
using System.Security.Cryptography;
using Microsoft.Build.Framework;

namespace AugBuild.Tasks;

/// <summary>
/// Packing: writes AugBuild.Runtime.&lt;rid&gt;.nupkg, the native libraries the worker loads on one platform and
/// nothing else, as a plain NuGet archive (nuspec, content types, files under runtimes/&lt;rid&gt;/native/). No
/// project, restore or build is involved, so packing stays one `dotnet pack src/Package`.
/// </summary>
public sealed class AugPackRuntime : PackingTask
{
    [Required] public string Id { get; set; } = "";

    [Required] public string Version { get; set; } = "";

    [Required] public string Rid { get; set; } = "";

    [Required] public string Authors { get; set; } = "";

    [Required] public string OutputDirectory { get; set; } = "";

    /// <summary>The native files (full paths); each goes to runtimes/&lt;rid&gt;/native/&lt;name&gt;.</summary>
    [Required] public ITaskItem[] Files { get; set; } = [];

    [Output] public string PackagePath { get; set; } = "";

    /// <summary>Base64 SHA-512 of the archive, as NuGet records it in &lt;id&gt;.&lt;version&gt;.nupkg.sha512.</summary>
    [Output] public string Sha512 { get; set; } = "";

    /// <summary>The asset paths inside the package, ';'-separated, for the worker's deps.json.</summary>
    [Output] public string Assets { get; set; } = "";

    protected override IEnumerable<string> InputFiles() => Files.Select(f => f.ItemSpec);

    protected override void Run()
    {
        Directory.CreateDirectory(OutputDirectory);
        PackagePath = Path.Combine(OutputDirectory, $"{Id}.{Version}.nupkg");
        var assets = Files.Select(f => $"runtimes/{Rid}/native/{Path.GetFileName(f.ItemSpec)}").ToList();
        File.Delete(PackagePath);
        using (var archive = ZipFile.Open(PackagePath, ZipArchiveMode.Create))
        {
            Text(archive, $"{Id}.nuspec", Nuspec());
            Text(archive, "[Content_Types].xml",
                "<?xml version=\"1.0\" encoding=\"utf-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" +
                "<Default Extension=\"nuspec\" ContentType=\"application/octet\" /><Default Extension=\"so\" ContentType=\"application/octet\" />" +
                "<Default Extension=\"dll\" ContentType=\"application/octet\" /></Types>");
            foreach (var (file, asset) in Files.Zip(assets))
                archive.CreateEntryFromFile(file.ItemSpec, asset, CompressionLevel.Optimal);
        }

        using (var stream = File.OpenRead(PackagePath))
            Sha512 = Convert.ToBase64String(SHA512.HashData(stream));
        Assets = string.Join(";", assets);
    }

    private string Nuspec() => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
          <metadata>
            <id>{SecurityElement.Escape(Id)}</id>
            <version>{SecurityElement.Escape(Version)}</version>
            <authors>{SecurityElement.Escape(Authors)}</authors>
            <description>Native libraries (ONNX Runtime CPU core and provider bridge, SkiaSharp) of the AugBuild worker on {SecurityElement.Escape(Rid)}. A dependency of AugBuild, not for direct use.</description>
            <developmentDependency>true</developmentDependency>
          </metadata>
        </package>
        """;

    private static void Text(ZipArchive archive, string name, string text)
    {
        using var writer = new StreamWriter(archive.CreateEntry(name, CompressionLevel.Optimal).Open());
        writer.Write(text);
    }
}
