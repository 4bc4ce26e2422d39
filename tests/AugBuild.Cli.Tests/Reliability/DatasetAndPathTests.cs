using Xunit.Abstractions;

namespace AugBuild.Cli.Tests.Reliability;

/// <summary>Degenerate datasets, awkward paths, an unwritable output and a damaged feature cache, through <c>augbuild run</c>.</summary>
public sealed class DatasetAndPathTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("augbuild-rel-ds-").FullName;

    private string Out => Path.Combine(_dir, "out");

    private string Cache => Path.Combine(_dir, "cache");

    public void Dispose()
    {
        if (!OperatingSystem.IsWindows())
        {
            foreach (var d in Directory.EnumerateDirectories(_dir, "*", SearchOption.AllDirectories))
                new DirectoryInfo(d).UnixFileMode |= UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        }

        Directory.Delete(_dir, recursive: true);
    }

    private Task<CliResult> Run(string images, string budget = "20%", string? outDir = null, params string[] extra) => CliRunner.RunAsync(
        ["run", "--images", images, "--out", outDir ?? Out, "--budget", budget, "--featurizer", "pixels:8:gray", "--cache", Cache, "--transforms", "flip-h", .. extra]);

    [Fact]
    public async Task OneClassIsACodedError()
    {
        var images = Path.Combine(_dir, "images");
        SyntheticImages.WriteDarkLight(images, perClass: 4);
        Directory.Delete(Path.Combine(images, "light"), recursive: true);

        var result = await Run(images, extra: ["--C", "1"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("AUG1005", Assert.Single(OutputCheck.Errors(result.Stderr)).Code);
    }

    [Fact]
    public async Task NoImagesIsACodedError()
    {
        var images = Path.Combine(_dir, "images");
        Directory.CreateDirectory(Path.Combine(images, "a"));
        Directory.CreateDirectory(Path.Combine(images, "b"));
        File.WriteAllText(Path.Combine(images, "a", "readme.txt"), "not an image");

        var result = await Run(images, extra: ["--C", "1"]);

        Assert.Equal(1, result.ExitCode);
        var error = Assert.Single(OutputCheck.Errors(result.Stderr));
        Assert.Equal("AUG1002", error.Code);
        Assert.Contains("PNG, JPEG", error.Message);
    }

    [Fact]
    public async Task AnEmptyClassFolderIsIgnoredWithAWarning()
    {
        var images = Path.Combine(_dir, "images");
        SyntheticImages.WriteDarkLight(images, perClass: 5);
        Directory.CreateDirectory(Path.Combine(images, "empty"));

        var result = await Run(images, extra: ["--C", "1"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("warning AUG1006", result.Stderr);
        Assert.Equal(10 + 2, OutputCheck.DatasetRows(Out));
    }

    [Fact]
    public async Task FewerImagesPerClassThanFoldsFallsBackToCOfOneWithAWarning()
    {
        var images = Path.Combine(_dir, "images");
        SyntheticImages.WriteDarkLight(images, perClass: 3);

        var result = await Run(images, budget: "2");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("warning AUG6040", result.Stderr);
        Assert.Contains("--C", result.Stderr);
        Assert.DoesNotContain("chosen by stratified", result.Stdout);
        Assert.Equal(6 + 2, OutputCheck.DatasetRows(Out));
    }

    [Fact]
    public async Task SpacesNonAsciiAndPathsLongerThan260CharactersWork()
    {
        var deep = Path.Combine(_dir, "my images ü", string.Join(Path.DirectorySeparatorChar, Enumerable.Repeat("a folder with a rather long name", 6)));
        var images = Path.Combine(deep, "données");
        SyntheticImages.WriteDarkLight(images, perClass: 4);
        Directory.Move(Path.Combine(images, "dark"), Path.Combine(images, "Dunkel ß 黑"));
        var outDir = Path.Combine(deep, "out put é");
        Assert.True(Path.Combine(outDir, "dataset", "train-00000-of-00001.parquet").Length > 260);

        var result = await Run(images, budget: "2", outDir: outDir, extra: ["--C", "1"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(8 + 2, OutputCheck.DatasetRows(outDir));
        Assert.Contains("Dunkel ß 黑", File.ReadAllText(Path.Combine(outDir, "dataset", "README.md")));
    }

    [Fact]
    public async Task AnOutputPathThatIsAFileIsACodedErrorAndTheFileIsUntouched()
    {
        var images = Path.Combine(_dir, "images");
        SyntheticImages.WriteDarkLight(images, perClass: 4);
        File.WriteAllText(Out, "I am a file");

        var result = await Run(images, extra: ["--C", "1"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("AUG5053", Assert.Single(OutputCheck.Errors(result.Stderr)).Code);
        Assert.Equal("I am a file", File.ReadAllText(Out));
    }

    [Fact]
    public async Task TheScoreCommandWithAFileAsItsOutputIsACodedErrorNotACrash()
    {
        var images = Path.Combine(_dir, "images");
        SyntheticImages.WriteDarkLight(images, perClass: 4);
        File.WriteAllText(Out, "I am a file");

        var result = await CliRunner.RunAsync("score", "--images", images, "--out", Out, "--featurizer", "pixels", "--cache", Cache, "--C", "1");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("AUG6043", Assert.Single(OutputCheck.Errors(result.Stderr)).Code);
        Assert.Equal("I am a file", File.ReadAllText(Out));
    }

    [Fact]
    public async Task AReadOnlyOutputFolderIsACodedErrorWithNothingWritten()
    {
        var images = Path.Combine(_dir, "images");
        SyntheticImages.WriteDarkLight(images, perClass: 4);
        var readOnly = ReadOnlyFolder();
        var before = Directory.EnumerateFileSystemEntries(readOnly).Order(StringComparer.Ordinal).ToList();

        var result = await Run(images, outDir: readOnly, extra: ["--C", "1"]);

        Assert.Equal(1, result.ExitCode);
        var error = Assert.Single(OutputCheck.Errors(result.Stderr));
        Assert.Equal("AUG5053", error.Code);
        Assert.DoesNotContain("..", result.Stderr, StringComparison.Ordinal); // the OS reason and our advice are two sentences
        Assert.Equal(before, Directory.EnumerateFileSystemEntries(readOnly).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// A folder this process cannot write: one it made read-only, or, where it runs as root (CI containers, which
    /// permissions do not stop), a sysfs folder, read-only to every user.
    /// </summary>
    private string ReadOnlyFolder()
    {
        Directory.CreateDirectory(Out);
        if (!OperatingSystem.IsWindows())
            new DirectoryInfo(Out).UnixFileMode = UnixFileMode.UserRead | UnixFileMode.UserExecute;
        if (!CanCreateIn(Out))
            return Out;
        const string sysfs = "/sys/kernel";
        Assert.True(Directory.Exists(sysfs) && !CanCreateIn(sysfs), "No read-only folder to test with: permissions do not apply and there is no sysfs.");
        output.WriteLine($"Running as a user that permissions do not stop; using {sysfs}.");
        return sysfs;
    }

    private static bool CanCreateIn(string folder)
    {
        var probe = Path.Combine(folder, $"augbuild-probe-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(probe);
            Directory.Delete(probe);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    [Fact]
    public async Task ACorruptCacheEntryIsReportedRecomputedAndRepaired()
    {
        var images = Path.Combine(_dir, "images");
        SyntheticImages.WriteDarkLight(images, perClass: 5);
        Assert.Equal(0, (await Run(images, extra: ["--C", "1"])).ExitCode);
        var entries = Directory.GetFiles(Cache, "*.f32", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(10, entries.Length);
        File.WriteAllBytes(entries[0], File.ReadAllBytes(entries[0])[..20]); // truncated
        var flipped = File.ReadAllBytes(entries[1]);
        flipped[16] ^= 0x40; // one bit of a feature
        File.WriteAllBytes(entries[1], flipped);

        var second = await Run(images, outDir: Path.Combine(_dir, "out2"), extra: ["--C", "1"]);

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(1, second.Stderr.Split('\n').Count(l => l.Contains("warning AUG2019"))); // warned once for both
        Assert.Contains("featurize 10 images: 2 computed, 8 cached", second.Stdout);

        var third = await Run(images, outDir: Path.Combine(_dir, "out3"), extra: ["--C", "1"]);
        Assert.Contains("featurize 10 images: 0 computed, 10 cached", third.Stdout);
        Assert.DoesNotContain("AUG2019", third.Stderr);
    }
}
