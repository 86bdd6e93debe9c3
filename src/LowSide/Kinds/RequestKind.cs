using System.CommandLine;
using FluentValidation;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.LowSide.Features.Requests;
using TransferPipeline.LowSide.Features.Sources;

namespace TransferPipeline.LowSide.Kinds;

/// <summary>
/// What one artifact kind needs on the low side: its `request add` verb, its validation rules, which
/// sources it may come from, how it is gathered and the name and version it is published under.
/// Adding a kind is a folder holding a subclass and its gatherer, and one line in <see cref="RequestKinds"/>.
/// </summary>
internal abstract class RequestKind
{
    private IValidator<NewRequest>? _rules;

    /// <summary>The kind's name in requests and in the batch manifest (one of <c>ArtifactKinds</c>).</summary>
    public abstract string Name { get; }

    /// <summary>The help text of `request add NAME`.</summary>
    public abstract string Description { get; }

    /// <summary>Rules for a request of this kind, on top of those every request has.</summary>
    /// <remarks>
    /// Built on first use: every command builds the `request add` verbs of all kinds, and FluentValidation compiles each
    /// rule's expression when it is built, which only the commands that validate a request need to pay for.
    /// </remarks>
    public IValidator<NewRequest> Rules => LazyInitializer.EnsureInitialized(ref _rules, CreateRules);

    /// <summary>Builds <see cref="Rules"/>.</summary>
    protected abstract IValidator<NewRequest> CreateRules();

    /// <summary>Adds the kind's own arguments and options to its `request add` verb.</summary>
    public abstract void AddArguments(Command command);

    /// <summary>The kind's part of a new request, read from the parsed `request add` verb.</summary>
    public abstract NewRequest Read(ParseResult parse);

    /// <summary>Whether Sources:Allowed admits the request's source; null when it does.</summary>
    public abstract Failure? CheckSource(NewRequest request, SourcePolicy policy);

    /// <summary>The name and version the artifact is published under on the high side.</summary>
    public abstract (string Name, string? Version) PublishedName(ArtifactRequest request);

    /// <summary>
    /// The longest document (a lock file, <see cref="NewRequest.Document"/>) a request of this kind may carry; 0 for kinds
    /// that take none. The gatherer reads it with <c>RequestRepository.GetDocumentAsync</c>.
    /// </summary>
    public virtual int MaxDocumentChars => 0;

    /// <summary>Registers the kind's gatherer, keyed by <see cref="Name"/>.</summary>
    public abstract void AddGatherer(IServiceCollection services);

    /// <summary>Registers what the kind's gatherer needs beyond the shared gathering services (its options, its helpers).</summary>
    public virtual void AddServices(IServiceCollection services, IConfiguration configuration)
    {
    }
}
