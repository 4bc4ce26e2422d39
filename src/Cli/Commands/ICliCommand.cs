using System.CommandLine;
using AugBuild.Cli.Console;

namespace AugBuild.Cli.Commands;

/// <summary>One <c>augbuild</c> verb: its options and the engine call behind it.</summary>
internal interface ICliCommand
{
    Command Build(ConsoleReporter reporter);
}
