using AugBuild.Settings;
using Microsoft.Build.Framework;

namespace AugBuild.Tasks;

/// <summary>The targets' settings items (<c>&lt;_AugSetting Include="AugBudget" Value="$(AugBudget)" /&gt;</c>) as the grammar's values, named by property.</summary>
internal static class SettingItems
{
    public static SettingValues Read(IEnumerable<ITaskItem> items)
    {
        var byOption = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var definition = SettingCatalog.ByProperty(item.ItemSpec)
                ?? throw new ArgumentException($"'{item.ItemSpec}' is not a setting of the catalog.", nameof(items));
            byOption[definition.Option] = item.GetMetadata("Value");
        }

        return new SettingValues(byOption, d => d.Property);
    }
}
