using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using TransferPipeline.Hosting.Outcomes;

namespace TransferPipeline.Hosting.Http;

/// <summary>
/// The one place where expected failures become RFC 9457 problem details, on both daemons. The reason
/// code is in the <c>reason</c> member (and the title); a bad input field is in <c>field</c> and <c>errors</c>.
/// </summary>
public static class ProblemResults
{
    public const string ReasonMember = "reason";

    public static int StatusCode(FailureKind kind) => kind switch
    {
        FailureKind.Invalid or FailureKind.Usage => StatusCodes.Status400BadRequest,
        FailureKind.Unauthenticated => StatusCodes.Status401Unauthorized,
        FailureKind.Forbidden => StatusCodes.Status403Forbidden,
        FailureKind.RateLimited => StatusCodes.Status429TooManyRequests,
        FailureKind.NotFound => StatusCodes.Status404NotFound,
        FailureKind.Conflict => StatusCodes.Status409Conflict,
        FailureKind.InsufficientStorage => StatusCodes.Status507InsufficientStorage,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    public static ProblemHttpResult From(Failure error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var extensions = new Dictionary<string, object?> { [ReasonMember] = error.Code };
        if (error.Field is not null)
        {
            extensions["field"] = error.Field;
            extensions["errors"] = new Dictionary<string, string[]> { [error.Field] = [error.Message] };
        }

        return TypedResults.Problem(
            detail: error.Message,
            statusCode: StatusCode(error.Kind),
            title: error.Code,
            type: $"urn:transferpipeline:{error.Code}",
            extensions: extensions);
    }
}
