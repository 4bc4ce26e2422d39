namespace AugBuild.Cli;

internal static class CliApp
{
    public static Task<int> RunAsync(string[] args)
    {
        Console.Error.WriteLine("augbuild: no commands yet");
        return Task.FromResult(args.Length == 0 ? 0 : 1);
    }
}
