namespace TransferPipeline.LowSide.Features.Requests;

/// <summary>Checks the request rules of several kinds share.</summary>
internal static class RequestRules
{
    public const string HttpUrlMessage = "source must be an absolute http or https URL without credentials";

    public static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && string.IsNullOrEmpty(uri.UserInfo)
        && string.IsNullOrEmpty(uri.Fragment);

    public static bool IsPrintable(string? value) => value is null || !value.Any(char.IsControl);
}
