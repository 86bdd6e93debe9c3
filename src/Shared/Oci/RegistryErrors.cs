using System.Net;
using System.Text.Json;

namespace TransferPipeline.Shared.Oci;

/// <summary>Turns a refused registry response into a <see cref="RegistryException"/> worded for an operator.</summary>
internal static class RegistryErrors
{
    private const int MaxErrorBodyBytes = 64 * 1024;
    private const int MaxErrorsShown = 3;

    public static async Task<RegistryException> FromResponseAsync(
        HttpResponseMessage response,
        RegistryOperation operation,
        DateTimeOffset now,
        CancellationToken ct)
    {
        IReadOnlyList<RegistryError> errors = [];
        string? rawText = null;
        try
        {
            var body = await HttpBodies.ReadCappedAsync(response.Content, MaxErrorBodyBytes, ct);
            if (body is { Length: > 0 })
            {
                errors = Parse(body);
                if (errors.Count == 0)
                {
                    rawText = DisplayText.Printable(System.Text.Encoding.UTF8.GetString(body), 200);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            // The status code is what matters; a body we cannot read adds nothing.
        }

        var status = response.StatusCode;
        var transient = (int)status >= 500 || status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout;
        var detail = errors.Count > 0
            ? string.Join("; ", errors.Take(MaxErrorsShown).Select(e => $"{e.Code}: {e.Message}"))
            : rawText;
        var message = $"Registry {operation.Registry} refused {operation.Subject} with HTTP {(int)status} ({status})"
            + (string.IsNullOrEmpty(detail) ? "" : $": {detail}")
            + Hint(status)
            + ".";
        return new RegistryException(message)
        {
            StatusCode = status,
            Registry = operation.Registry,
            Repository = operation.Repository,
            Reference = operation.Reference,
            Errors = errors,
            IsTransient = transient,
            RetryAfter = RetryAfter(response, now),
        };
    }

    internal static IReadOnlyList<RegistryError> Parse(byte[] body)
    {
        RegistryErrorDocument document;
        try
        {
            document = OciJson.Deserialize(body, OciJsonContext.Default.RegistryErrorDocument, "error body");
        }
        catch (OciFormatException)
        {
            return [];
        }

        return (document.Errors ?? [])
            .OfType<RegistryErrorDocument.Entry>()
            .Select(e => new RegistryError(
                DisplayText.Printable(e.Code ?? "UNKNOWN", 64),
                DisplayText.Printable(e.Message ?? string.Empty),
                e.Detail is { ValueKind: not JsonValueKind.Null } d ? DisplayText.Printable(d.GetRawText(), 500) : null))
            .ToList();
    }

    private static string Hint(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized => " (the registry did not accept our credentials, or none are configured for it)",
        HttpStatusCode.Forbidden => " (the account lacks permission for this repository)",
        HttpStatusCode.NotFound => " (it does not exist there)",
        _ => string.Empty,
    };

    private static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
