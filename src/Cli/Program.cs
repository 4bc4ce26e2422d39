return await AugBuild.Cli.CliApp.RunAsync(args);
