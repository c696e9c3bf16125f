using BenchmarkDotNet.Running;
using DriftWatch.Benchmarks;
using DriftWatch.Benchmarks.Quality;

// Plain modes first (seeded, timed with a stopwatch or not timed at all); everything else is BenchmarkDotNet's.
if (args.Length > 0 && args[0] == "generate") return GenerateTelemetry.Run(args[1..]);
if (args.Length > 0 && args[0] == "quality") return QualityBench.Run(args[1..]);
if (args.Length > 0 && args[0] == "exact-cost") return ExactPCost.Run(args[1..]);
if (args.Length > 0 && args[0] == "chi-square-check") return ChiSquareCheck.Run(args[1..]);
if (args.Length > 0 && args[0] == "score-file") return await ScoreFileBench.RunAsync(args[1..]).ConfigureAwait(false);
if (args.Length > 0 && args[0] == "detection-latency") return DetectionLatency.Run(args[1..]);
if (args.Length > 0 && args[0] == "checkpoints") return CheckpointBench.Run(args[1..]);
if (args.Length > 0 && args[0] == "fleet") return await FleetThroughput.RunAsync(args[1..]).ConfigureAwait(false);
if (args.Length > 0 && args[0] == "metrics-scale") return await MetricsScale.RunAsync(args[1..]).ConfigureAwait(false);
if (args.Length > 0 && args[0] == "webhooks") return await WebhookThroughput.RunAsync(args[1..]).ConfigureAwait(false);
if (args.Length > 0 && args[0] == "scale") return ScaleBench.Run(args[1..]);
if (args.Length > 0 && args[0] == "catch-up") return await CatchUpThroughput.RunAsync(args[1..]).ConfigureAwait(false);
if (args.Length > 0 && args[0] == CatchUpBare.Verb) return CatchUpBare.Run(args[1..]);
if (args.Length > 0 && args[0] == "end-to-end") return await EndToEndThroughput.RunAsync(args[1..]).ConfigureAwait(false);
BenchmarkSwitcher.FromAssembly(typeof(GenerateTelemetry).Assembly).Run(args);
return 0;
