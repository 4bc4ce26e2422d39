namespace AugBuild.Engine.Data;

/// <summary>
/// Lists the images of a class-folder dataset so that each file is read once, under one label:
/// names starting with '.' are skipped at every depth (as class folders already were); a folder link that points
/// back into the dataset, or reaches a folder already walked (a loop), is not followed; a file reached twice (two
/// links, a hard link) is listed once, and one file in two classes is an error.
/// </summary>
internal sealed class FolderWalk
{
    private readonly string _root;
    private readonly string _canonicalRoot;
    private readonly HashSet<string> _visitedFolders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Path, string Class)> _files = new(StringComparer.Ordinal);

    public FolderWalk(string root)
    {
        _root = root;
        _canonicalRoot = FileIdentity.Canonical(root);
        _visitedFolders.Add(FileIdentity.Of(root).Id);
    }

    /// <summary>Folder links not followed: "path -> target".</summary>
    public List<string> SkippedLinks { get; } = [];

    /// <summary>Second paths to a file already listed in the same class: "path (same file as first)".</summary>
    public List<string> Duplicates { get; } = [];

    /// <summary>The class folders (not hidden), ordinal order, that are not links back into the dataset.</summary>
    public List<string> ClassFolders()
    {
        var names = new List<string>();
        foreach (var dir in Directory.GetDirectories(_root).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(dir);
            if (!name.StartsWith('.') && Enter(dir))
                names.Add(name);
        }

        return names;
    }

    /// <summary>The class's image paths relative to the root (forward slashes, ordinal order), each file once.</summary>
    public List<string> Images(string className)
    {
        var found = new List<string>();
        var pending = new Stack<string>();
        pending.Push(Path.Combine(_root, className));
        while (pending.TryPop(out var dir))
        {
            IEnumerable<string> entries;
            try
            {
                entries = Directory.EnumerateFileSystemEntries(dir).Order(StringComparer.Ordinal).ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // An unreadable subfolder holds no images we can read; the others still count.
                continue;
            }

            foreach (var entry in entries.Reverse())
            {
                if (Path.GetFileName(entry).StartsWith('.'))
                    continue;
                if (Directory.Exists(entry))
                {
                    if (Enter(entry))
                        pending.Push(entry);
                }
                else if (DatasetLoader.ImageExtensions.Contains(Path.GetExtension(entry)))
                {
                    found.Add(Path.GetRelativePath(_root, entry).Replace('\\', '/'));
                }
            }
        }

        found.Sort(StringComparer.Ordinal);
        return [.. found.Where(rel => IsFirstPath(rel, className))];
    }

    /// <summary>Whether to walk a folder: not a link into the dataset, not a folder already walked.</summary>
    private bool Enter(string dir)
    {
        var relative = Path.GetRelativePath(_root, dir).Replace('\\', '/');
        string? linkTarget = null;
        try
        {
            linkTarget = new DirectoryInfo(dir).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        if (linkTarget is not null && FileIdentity.IsWithin(FileIdentity.Canonical(dir), _canonicalRoot))
        {
            SkippedLinks.Add($"'{relative}' -> '{linkTarget}' (points into the dataset)");
            return false;
        }

        if (!_visitedFolders.Add(FileIdentity.Of(dir).Id))
        {
            SkippedLinks.Add($"'{relative}'" + (linkTarget is null ? "" : $" -> '{linkTarget}'") + " (a folder already read: a loop)");
            return false;
        }

        return true;
    }

    private bool IsFirstPath(string relative, string className)
    {
        var identity = FileIdentity.Of(Path.Combine(_root, relative));
        if (identity.Kind == FileKind.Missing)
            return true; // A broken link: kept, so it is reported as an unreadable image.
        if (!_files.TryGetValue(identity.Id, out var first))
        {
            _files[identity.Id] = (relative, className);
            return true;
        }

        if (!string.Equals(first.Class, className, StringComparison.Ordinal))
        {
            throw new Diagnostics.AugBuildException(
                DatasetErrors.FileInTwoClasses,
                $"'{first.Path}' (class '{first.Class}') and '{relative}' (class '{className}') are the same file (a link or hard link), " +
                "so it would get two labels. Remove the link, or copy the file if it truly belongs to both classes.",
                Path.Combine(_root, relative));
        }

        Duplicates.Add($"'{relative}' (same file as '{first.Path}')");
        return false;
    }
}
