using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.Shared.Batches;

namespace TransferPipeline.LowSide.Features.Gathering;

/// <summary>
/// Why a gather failed, in words an operator can act on: .NET's HTTP errors hide the cause in inner
/// exceptions ("The SSL connection could not be established, see inner exception"), so the cause is
/// brought out, and a TLS failure against a registry names the setting that serves plain HTTP.
/// </summary>
internal static class GatherFailureText
{
    public static string Describe(ArtifactRequest request, Exception failure)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(failure);
        if (failure is not HttpRequestException http)
        {
            return failure.Message;
        }

        var cause = Innermost(http).Message;
        if (http.HttpRequestError != HttpRequestError.SecureConnectionError)
        {
            return ReferenceEquals(Innermost(http), http) ? http.Message : $"{http.Message.TrimEnd('.')}: {cause}";
        }

        return request.Kind == ArtifactKinds.Image
            ? $"no TLS connection to registry {RegistryHost(request.Source)} ({cause}); if it serves plain HTTP, "
                + $"add {{\"Host\": \"{RegistryHost(request.Source)}\", \"PlainHttp\": true}} to Sources:Registries"
            : $"no TLS connection for {request.Source} ({cause}); if the server speaks plain HTTP, request the http:// address instead";
    }

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is { } inner)
        {
            exception = inner;
        }

        return exception;
    }

    private static string RegistryHost(string reference) => reference.Split('/', 2)[0];
}
