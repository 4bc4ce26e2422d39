using System.CommandLine;
using AugBuild.Cli.Commands;
using AugBuild.Cli.Console;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Pipeline;
using AugBuild.Settings;

namespace AugBuild.Cli;

/// <summary>Builds the command tree and turns every failure into a coded, canonical error line and exit code.</summary>
internal static class CliApp
{
    public static Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null, CancellationToken cancellationToken = default) =>
        RunAsync(args, stdout, stderr, signals: null, cancellationToken);

    /// <summary>The executable's entry: SIGINT, SIGTERM and SIGHUP cancel the run like Ctrl+C.</summary>
    public static Task<int> RunAsync(string[] args, SignalCancellation signals) => RunAsync(args, null, null, signals, CancellationToken.None);

    /// <param name="signals">The process's signal handler; null in-process.</param>
    private static async Task<int> RunAsync(
        string[] args, TextWriter? stdout, TextWriter? stderr, SignalCancellation? signals, CancellationToken cancellationToken)
    {
        var reporter = new ConsoleReporter(stdout, stderr);
        var root = new RootCommand("AugBuild: augment only the training images that need it (loss- or influence-based subsampling).");
        foreach (var command in new ICliCommand[] { new RunCommand(), new FeaturizeCommand(), new ScoreCommand(), new SelectCommand(), new MaterializeCommand(), new GatherCommand(), new ExperimentCommand() })
        {
            root.Add(command.Build(reporter));
        }

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                // One line: System.CommandLine lists the allowed values on separate lines.
                var message = string.Join(' ', error.Message.Split(['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                reporter.Error(CliErrors.UsageError, $"{message} Run 'augbuild {string.Join(' ', CommandPath(parse))} --help' for the options.", Origin(error));
            }

            return 2;
        }

        if (EmptyValues(parse) is { Count: > 0 } empty)
        {
            foreach (var option in empty)
                reporter.Error(CliErrors.UsageError, $"{option} is empty; an empty path or value would silently mean the current folder or a default. Give a value, or leave {option} out.");
            return 2;
        }

        try
        {
            // With our own signal handler, System.CommandLine's (SIGINT only, then a forced exit) is turned off.
            var config = new InvocationConfiguration
            {
                Output = stdout ?? System.Console.Out,
                Error = stderr ?? System.Console.Error,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = signals is null ? TimeSpan.FromSeconds(2) : null,
            };
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, signals?.Token ?? CancellationToken.None);
            return await parse.InvokeAsync(config, linked.Token).ConfigureAwait(false);
        }
        catch (SettingException ex)
        {
            // A bad setting is a usage error at every door; its code says which, the origin names the option.
            reporter.Error(ex.Code, ex.Message, ex.Setting);
            return 2;
        }
        catch (AugBuildException ex)
        {
            reporter.Error(ex.Code, ex.Message, ex.File);
            return 1;
        }
        catch (OperationCanceledException)
        {
            var by = signals?.Signal is { } signal ? $" by {signal}" : "";
            reporter.Error(CliErrors.Cancelled, $"Cancelled{by}; outputs already written are intact, temporary files are removed, and the next run resumes from the cache.", OutputFolder(parse));
            return signals?.Signal is null ? 130 : signals.ExitCode;
        }
        catch (Exception ex) when (IoFailure.IsDiskFull(ex))
        {
            reporter.Error(PipelineErrors.DiskFull, $"The disk is full ({ex.Message}). Files already complete and the previous dataset are intact; free space and rerun.", OutputFolder(parse));
            return 1;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The environment, not a bug: a path that cannot be written or read.
            reporter.Error(PipelineErrors.FileAccess, $"{ex.Message} Check the path and its permissions, then rerun.", OutputFolder(parse));
            return 1;
        }
        catch (Exception ex)
        {
            reporter.Error(CliErrors.InternalError, $"Unexpected failure: {ex.GetType().Name}: {ex.Message.TrimEnd('.')}. Please report this with the command line.", OutputFolder(parse));
            (stderr ?? System.Console.Error).WriteLine(ex);
            return 3;
        }
    }

    /// <summary>The command's --out folder, the origin of failures that concern no one file or option.</summary>
    private static string? OutputFolder(ParseResult parse) =>
        parse.CommandResult.Command.Options.FirstOrDefault(o => o.Name == "--out") is Option<string> output ? parse.GetValue(output) : null;

    /// <summary>The option the error is about: its result, else the first option the message quotes, else the token given.</summary>
    private static string? Origin(System.CommandLine.Parsing.ParseError error)
    {
        if (error.SymbolResult is System.CommandLine.Parsing.OptionResult option)
            return option.Option.Name;
        var quoted = System.Text.RegularExpressions.Regex.Match(error.Message, "'([^']+)'");
        return quoted.Success ? quoted.Groups[1].Value : null;
    }

    /// <summary>Options given an empty (or blank) value on the command line: a usage error for every option alike.</summary>
    private static List<string> EmptyValues(ParseResult parse) =>
        [.. parse.CommandResult.Children.OfType<System.CommandLine.Parsing.OptionResult>()
            .Where(o => !o.Implicit && o.Tokens.Any(t => string.IsNullOrWhiteSpace(t.Value)))
            .Select(o => o.Option.Name)];

    private static IEnumerable<string> CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var r = parse.CommandResult; r?.Parent is System.CommandLine.Parsing.CommandResult parent; r = parent)
        {
            names.Insert(0, r.Command.Name);
        }

        return names;
    }
}
