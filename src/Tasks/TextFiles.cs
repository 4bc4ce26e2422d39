using System.Text;

namespace AugBuild.Tasks;

/// <summary>File writes that keep the timestamp when the content is unchanged, so target Inputs/Outputs checks stay quiet.</summary>
internal static class TextFiles
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes <paramref name="content"/> unless the file already holds exactly it; returns true when it wrote.</summary>
    public static bool WriteIfDifferent(string path, string content)
    {
        if (File.Exists(path) && File.ReadAllText(path, Utf8NoBom) == content)
        {
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        // Temporary file + rename: a cancelled build never leaves a half-written stamp that looks valid.
        var temp = path + ".tmp";
        File.WriteAllText(temp, content, Utf8NoBom);
        File.Move(temp, path, overwrite: true);
        return true;
    }
}
