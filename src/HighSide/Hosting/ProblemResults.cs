using Microsoft.AspNetCore.Http.HttpResults;
using TransferPipeline.HighSide.Infrastructure;

namespace TransferPipeline.HighSide.Hosting;

/// <summary>The one place where expected failures become RFC 9457 problem details.</summary>
internal static class ProblemResults
{
    public static ProblemHttpResult From(HighSideError error) => TypedResults.Problem(
        title: error.Code,
        detail: error.Message,
        statusCode: error.Kind switch
        {
            ErrorKind.NotFound => StatusCodes.Status404NotFound,
            ErrorKind.Invalid => StatusCodes.Status400BadRequest,
            ErrorKind.Conflict => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status422UnprocessableEntity,
        },
        type: $"urn:transferpipeline:highside:{error.Code}",
        extensions: new Dictionary<string, object?> { ["reason"] = error.Code });
}
