using System.Net.Http.Headers;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace DriftWatch.Webhooks;

/// <summary>
/// Each target's resilience pipeline, outermost first: retry (<c>Retries</c>, exponential backoff from
/// <c>RetryDelay</c> with jitter, honouring a <c>Retry-After</c> up to <see cref="MaxDelay"/>), a circuit breaker
/// (after <see cref="BreakAfter"/> failed attempts in a row the target is not tried for <see cref="BreakDuration"/>;
/// a delivery meets it as a broken circuit and waits for it to close, its retries unspent), and the per-attempt <c>Timeout</c>.
/// Transient failures are retried: no answer in time, connection errors, 408, 429 and 5xx; other answers are final.
/// </summary>
internal static class WebhookResilience
{
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(15);

    public const int BreakAfter = 5;

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, WebhookOptions options)
    {
        if (options.Retries > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.Retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = MaxDelay,
                ShouldRetryAfterHeader = false,
                DelayGenerator = RetryAfter,
                // Not a broken circuit: the sender waits for the target to be tried again without spending the retries.
                ShouldHandle = args => ValueTask.FromResult(HttpClientResiliencePredicates.IsTransient(args.Outcome)),
            });
        }
        pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = 1.0,
            MinimumThroughput = BreakAfter,
            SamplingDuration = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, options.Timeout.Ticks * 2 * BreakAfter)),
            BreakDuration = BreakDuration,
        });
        pipeline.AddTimeout(options.Timeout);
    }

    // A receiver's Retry-After (Slack sends it with 429), capped so one answer cannot stall the target's queue for long.
    private static ValueTask<TimeSpan?> RetryAfter(RetryDelayGeneratorArguments<HttpResponseMessage> args)
    {
        RetryConditionHeaderValue? header = args.Outcome.Result?.Headers.RetryAfter;
        TimeSpan? delay = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        return ValueTask.FromResult(delay is { } d && d > TimeSpan.Zero ? (TimeSpan?)(d < MaxDelay ? d : MaxDelay) : null);
    }
}
