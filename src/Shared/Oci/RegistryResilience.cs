using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace TransferPipeline.Shared.Oci;

/// <summary>The retry pipeline: exponential backoff with jitter for transient registry and network failures.</summary>
internal static class RegistryResilience
{
    public static ResiliencePipeline Create(RegistryClientOptions options, TimeProvider timeProvider, ILogger logger)
    {
        if (options.MaxAttempts <= 1)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } ex && IsTransient(ex, args.Context.CancellationToken)),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is RegistryException { RetryAfter: { } retryAfter }
                        ? (TimeSpan?)TimeSpan.FromTicks(Math.Min(retryAfter.Ticks, options.RetryMaxDelay.Ticks))
                        : null),
                OnRetry = args =>
                {
                    logger.LogWarning(
                        "Registry request failed ({Reason}); retry {Attempt} of {MaxRetries} in {DelayMs} ms",
                        args.Outcome.Exception?.Message,
                        args.AttemptNumber + 1,
                        options.MaxAttempts - 1,
                        (long)args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            })
            .Build();
    }

    /// <summary>Worth another attempt: 5xx/408/429, connection failures, resets, stalls and HttpClient timeouts.</summary>
    public static bool IsTransient(Exception exception, CancellationToken callerToken) => exception switch
    {
        RegistryException registry => registry.IsTransient,
        DigestMismatchException or OciFormatException => false,
        HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError or HttpRequestError.ConfigurationLimitExceeded } => false,
        HttpRequestException => true,
        IOException => true,
        TimeoutException => true,
        OperationCanceledException => !callerToken.IsCancellationRequested,
        _ => false,
    };
}
