using DriftWatch.Cli;

return await DriftWatchCli.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
