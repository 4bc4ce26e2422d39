namespace AugBuild.Settings;

/// <summary>
/// A setting's value that its grammar rejects: the code and the message are the same at every door (command line,
/// response file, MSBuild); <see cref="Setting"/> is the door's name for it (<c>--budget</c>, <c>AugBudget</c>).
/// </summary>
internal sealed class SettingException : Exception
{
    public SettingException(string code, string message, string setting)
        : base(message)
    {
        Code = code;
        Setting = setting;
    }

    public string Code { get; }

    public string Setting { get; }
}
