using System.Net;

namespace TransferPipeline.Shared.Oci;

/// <summary>
/// A registry refused a request or could not be reached. <see cref="Exception.Message"/> is one
/// sentence an operator can act on; the properties carry the details for code.
/// </summary>
public sealed class RegistryException : Exception
{
    public RegistryException()
    {
    }

    public RegistryException(string message)
        : base(message)
    {
    }

    public RegistryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>HTTP status of the refusal; null when the registry could not be reached or sent something unusable.</summary>
    public HttpStatusCode? StatusCode { get; init; }

    /// <summary>Registry host[:port] the request went to.</summary>
    public string? Registry { get; init; }

    /// <summary>Repository concerned, if any.</summary>
    public string? Repository { get; init; }

    /// <summary>Tag, digest or upload the request was about, if any.</summary>
    public string? Reference { get; init; }

    /// <summary>The registry's <c>errors</c> array, possibly empty.</summary>
    public IReadOnlyList<RegistryError> Errors { get; init; } = [];

    /// <summary>True for 5xx, 408 and 429: worth trying again later.</summary>
    public bool IsTransient { get; init; }

    /// <summary>The registry's Retry-After, if it sent one.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
