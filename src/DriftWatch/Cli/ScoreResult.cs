using DriftWatch.Core.Kernels;

namespace DriftWatch.Cli;

/// <summary>What <c>score</c> reports: the scored window and what it skipped.</summary>
public sealed record ScoreResult(WindowReport Report, long Samples, long OtherModel, long Unusable);
