namespace TransferPipeline.LowSide.Features.Requests.Pages;

/// <summary>The web form behind /requests/new: text fields as typed, turned into the same <see cref="NewRequest"/> the API takes.</summary>
internal sealed class RequestForm
{
    private static readonly string[] Inputs = ["kind", "source", "name", "version", "platforms", "sha256", "justification", "ticket"];

    public string? Kind { get; set; } = "image";
    public string? Source { get; set; }
    public string? Name { get; set; }
    public string? Version { get; set; }

    /// <summary>Platforms as typed: os/arch, separated by commas or spaces.</summary>
    public string? Platforms { get; set; }

    public string? Sha256 { get; set; }
    public string? Justification { get; set; }
    public string? Ticket { get; set; }

    // Empty inputs are absent values: a file request's empty "name" box is not a name.
    public NewRequest ToNewRequest() => new()
    {
        Kind = Given(Kind),
        Source = Given(Source),
        Name = Given(Name),
        Version = Given(Version),
        Platforms = Given(Platforms)?.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        Sha256 = Given(Sha256),
        Justification = Given(Justification),
        Ticket = Given(Ticket),
    };

    /// <summary>The input a refusal's field names: "platforms[1]" is the platforms box; anything else the kind.</summary>
    public static string InputFor(string? field)
    {
        var name = field?.Split('[')[0] ?? "";
        return Inputs.Contains(name, StringComparer.Ordinal) ? name : "kind";
    }

    private static string? Given(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
