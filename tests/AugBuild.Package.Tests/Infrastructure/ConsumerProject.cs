using System.Security;
using System.Text;
using System.Text.RegularExpressions;

namespace AugBuild.Package.Tests.Infrastructure;

/// <summary>
/// A throw-away project that references the packed AugBuild package, with images copied from the sample
/// (class folders), built with `dotnet build -nr:false` exactly as a user would.
/// </summary>
internal sealed partial class ConsumerProject
{
    private readonly PackedPackage _package;
    private readonly Dictionary<string, string> _properties;

    public ConsumerProject(PackedPackage package, string name, int imagesPerClass, IReadOnlyDictionary<string, string>? properties = null, string projectName = "Consumer", string? parent = null)
    {
        _package = package;
        ProjectName = projectName;
        Directory = Path.Combine(parent ?? package.Root, name + "-" + Guid.NewGuid().ToString("N")[..6]);
        System.IO.Directory.CreateDirectory(Directory);
        _properties = new Dictionary<string, string>
        {
            // Small and fast: raw 8x8 pixels, loss scores, a fixed C (no cross-validation fits), CPU.
            ["AugFeaturizer"] = "pixels:8",
            ["AugC"] = "1",
            ["AugScore"] = "loss",
            ["AugDevice"] = "cpu",
            ["AugBudget"] = "10%",
        };
        foreach (var (key, value) in properties ?? new Dictionary<string, string>())
        {
            _properties[key] = value;
        }

        CopySampleImages(imagesPerClass);
        File.WriteAllText(Path.Combine(Directory, "nuget.config"), NuGetConfig());
        WriteProjectFile();
    }

    public string Directory { get; }

    public string ProjectName { get; }

    public string ProjectFile => Path.Combine(Directory, ProjectName + ".csproj");

    /// <summary>Extra XML inside the project element (items, targets), written with the properties.</summary>
    public string ExtraXml
    {
        get => _extraXml;
        set
        {
            _extraXml = value;
            WriteProjectFile();
        }
    }

    private string _extraXml = "";

    public string DataDir => Path.Combine(Directory, "data");

    public string OutputDir => Path.Combine(Directory, "bin", "Debug", "net10.0", "augbuild");

    public string DatasetDir => Path.Combine(OutputDir, "dataset");

    public string IntermediateDir => Path.Combine(Directory, "obj", "Debug", "augbuild");

    public IEnumerable<string> Images => System.IO.Directory.EnumerateFiles(DataDir, "*.png", SearchOption.AllDirectories);

    public int ImageCount => Images.Count();

    public void SetProperty(string name, string value)
    {
        _properties[name] = value;
        WriteProjectFile();
    }

    public BuildResult Build(params string[] extraArguments) =>
        new(Dotnet.Run(Directory, ["build", ProjectFile, "-nr:false", "-v:n", .. extraArguments], Environment()));

    /// <summary>`dotnet build` with exactly these logger arguments (no -v:n added).</summary>
    public BuildResult BuildWith(params string[] arguments) =>
        new(Dotnet.Run(Directory, ["build", ProjectFile, "-nr:false", .. arguments], Environment()));

    public ProcessResult Run(params string[] arguments) => Dotnet.Run(Directory, arguments, Environment());

    public ProcessResult Clean() => Dotnet.Run(Directory, ["clean", ProjectFile, "-nr:false"], Environment());

    public IReadOnlyDictionary<string, string> Environment() => new Dictionary<string, string>
    {
        ["NUGET_PACKAGES"] = _package.PackagesFolder,
    };

    /// <summary>Copies one more sample image (one not yet present) into the given class folder; returns its path.</summary>
    public string AddImage(string className)
    {
        var present = new HashSet<string>(Images.Select(Path.GetFileName)!);
        var source = System.IO.Directory.EnumerateFiles(Path.Combine(RepoPaths.SampleImages, className), "*.png")
            .Order(StringComparer.Ordinal)
            .First(f => !present.Contains(Path.GetFileName(f)));
        var target = Path.Combine(DataDir, className, Path.GetFileName(source));
        File.Copy(source, target);
        return target;
    }

    private void CopySampleImages(int perClass)
    {
        foreach (var classDir in System.IO.Directory.EnumerateDirectories(RepoPaths.SampleImages).Order(StringComparer.Ordinal))
        {
            var target = Path.Combine(DataDir, Path.GetFileName(classDir));
            System.IO.Directory.CreateDirectory(target);
            foreach (var file in System.IO.Directory.EnumerateFiles(classDir, "*.png").Order(StringComparer.Ordinal).Take(perClass))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
        }

        File.Copy(Path.Combine(RepoPaths.SampleImages, "LICENSE.md"), Path.Combine(DataDir, "LICENSE.md"));
    }

    private void WriteProjectFile()
    {
        var properties = new StringBuilder();
        if (!_properties.ContainsKey("TargetFrameworks"))
        {
            properties.Append("    <TargetFramework>net10.0</TargetFramework>\n");
        }

        foreach (var (name, value) in _properties)
        {
            properties.Append("    <").Append(name).Append('>').Append(SecurityElement.Escape(value)).Append("</").Append(name).Append(">\n");
        }

        var text = $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <Nullable>enable</Nullable>
            {properties}  </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="AugBuild" Version="{_package.Version}" PrivateAssets="all" />
              </ItemGroup>
            {_extraXml}
            </Project>

            """;
        // Rewrite only on change: an unchanged project file must not look like an edit to MSBuild.
        if (!File.Exists(ProjectFile) || File.ReadAllText(ProjectFile) != text)
        {
            File.WriteAllText(ProjectFile, text);
        }
    }

    private string NuGetConfig() => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="augbuild-test-feed" value="{SecurityElement.Escape(_package.Feed)}" />
            <add key="user-packages" value="{SecurityElement.Escape(PackedPackage.UserPackagesFolder)}" />
          </packageSources>
        </configuration>

        """;
}

/// <summary>A finished build and what its log says about the worker.</summary>
internal sealed partial class BuildResult(ProcessResult process)
{
    public ProcessResult Process { get; } = process;

    public bool Succeeded => Process.ExitCode == 0;

    public string Output => Process.Output;

    /// <summary>The ToolTask logs the command line it starts; no such line means no worker process.</summary>
    public bool WorkerStarted => WorkerStarts > 0;

    public int WorkerStarts => Regex.Count(Output, Regex.Escape("augbuild.dll run @"));

    /// <summary>From `AugBuild: featurize N images: C computed, K cached`.</summary>
    public (int Images, int Computed, int Cached)? Featurize
    {
        get
        {
            var match = FeaturizeLine().Match(Output);
            return match.Success
                ? (int.Parse(match.Groups[1].Value), int.Parse(match.Groups[2].Value), int.Parse(match.Groups[3].Value))
                : null;
        }
    }

    /// <summary>The worker's stage summaries (logged as `AugBuild (Project): ...`), as `AugBuild: ...`.</summary>
    public IEnumerable<string> SummaryLines =>
        Output.Split('\n').Select(l => ProjectTag().Replace(l.Trim(), "AugBuild: ")).Where(l => l.StartsWith("AugBuild: ", StringComparison.Ordinal));

    /// <summary>The `Project -> .../dataset (summary)` line (the SDK's output-line form), trimmed; null when absent.</summary>
    public string? DatasetLine(string project = "Consumer") =>
        Output.Split('\n').Select(l => l.Trim())
            .LastOrDefault(l => l.StartsWith(project + " -> ", StringComparison.Ordinal) && DatasetPathEnd().IsMatch(l));

    public bool ShowsDatasetLine(string project = "Consumer") => DatasetLine(project) is not null;

    /// <summary>`...dataset`, or `...dataset (420 rows: ...)`: the summary holds no path separator.</summary>
    [GeneratedRegex(@"dataset( \([^/\\]+\))?$")]
    private static partial Regex DatasetPathEnd();

    public void AssertSucceeded() => Assert.True(Succeeded, "build failed:\n" + Process);

    [GeneratedRegex(@"^AugBuild \([^)]+\): ")]
    private static partial Regex ProjectTag();

    [GeneratedRegex(@"AugBuild(?: \([^)]+\))?: featurize (\d+) images?: (\d+) computed, (\d+) cached")]
    private static partial Regex FeaturizeLine();
}
