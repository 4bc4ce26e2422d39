namespace AugBuild.Testing;

/// <summary>The repository's root (the folder holding AugBuild.sln), found above the test's output folder.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "AugBuild.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (AugBuild.sln) is not above the test's folder.");
    }
}
