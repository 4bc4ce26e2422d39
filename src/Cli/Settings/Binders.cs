using AugBuild.Engine.Settings;
using AugBuild.Settings;

namespace AugBuild.Cli.Settings;

/// <summary>The one binder of each settings record, shared by every verb.</summary>
internal static class Binders
{
    public static SettingsBinder<FeaturizationSettings> Featurization { get; } = new(SettingCatalog.Featurization, FeaturizationSettings.From);

    public static SettingsBinder<SelectionSettings> Selection { get; } = new(SettingCatalog.Selection, SelectionSettings.From);

    public static SettingsBinder<OutputSettings> Output { get; } = new(SettingCatalog.Output, OutputSettings.From);

    public static SettingsBinder<ScaleOutSettings> ScaleOut { get; } = new(SettingCatalog.ScaleOut, ScaleOutSettings.From);
}
