using BenchmarkDotNet.Running;
using DriftWatch.Benchmarks;

if (args.Length > 0 && args[0] == "generate") return GenerateTelemetry.Run(args[1..]);
if (args.Length > 0 && args[0] == "detection-latency") return DetectionLatency.Run(args[1..]);
if (args.Length > 0 && args[0] == "end-to-end") return await EndToEndThroughput.RunAsync(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(GenerateTelemetry).Assembly).Run(args);
return 0;
