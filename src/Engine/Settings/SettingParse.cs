using AugBuild.Engine.Diagnostics;
using AugBuild.Settings;

namespace AugBuild.Engine.Settings;

/// <summary>The engine's public parsers: the shared grammar's error as the engine's coded exception.</summary>
internal static class SettingParse
{
    public static T Run<T>(Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (SettingException e)
        {
            throw new AugBuildException(e.Code, e.Message, e.Setting, e);
        }
    }
}
