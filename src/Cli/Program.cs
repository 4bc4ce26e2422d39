using var signals = new AugBuild.Cli.SignalCancellation();
return await AugBuild.Cli.CliApp.RunAsync(args, signals);
