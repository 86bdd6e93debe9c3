using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TransferPipeline.HighSide.Features.Approval;
using TransferPipeline.HighSide.Features.Import;
using TransferPipeline.HighSide.Features.Officers;
using TransferPipeline.HighSide.Features.Setup;
using TransferPipeline.HighSide.Features.Trust;
using TransferPipeline.Shared.Audit;
using TransferPipeline.Shared.Minisign;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Tests.Support;
using TransferPipeline.Hosting.Data;
using TransferPipeline.Hosting.Outcomes;
using TransferPipeline.Hosting;
using TransferPipeline.Shared.Approvals;

namespace TransferPipeline.HighSide.Tests.Support;

/// <summary>
/// An initialised high side in a temporary data directory, wired exactly as the CLI wires it but with
/// the scenario's fake clock; helpers to trust the site key, register officers and import.
/// </summary>
internal sealed class HighSideHarness : IAsyncDisposable
{
    public const string SiteId = "high-a";

    private readonly TempDirectory _root;
    private readonly ServiceProvider _services;
    private readonly List<OfficerKey> _officers = [];

    private HighSideHarness(TempDirectory root, DataDirectory data, ServiceProvider services, TimeProvider clock)
    {
        _root = root;
        Data = data;
        _services = services;
        Clock = clock;
    }

    public DataDirectory Data { get; }

    /// <summary>The built `highside` bound to this data directory, run as a child process.</summary>
    public ProductExecutable Cli => ProductExecutable.HighSide().WithData(Data.Root);

    public TimeProvider Clock { get; }
    public IServiceProvider Services => _services;
    public string FilesMirror => _root.Combine("mirror-files");
    public string ChartsMirror => _root.Combine("mirror-charts");
    public string DebianMirror => _root.Combine("mirror-debian");
    public string Root => _root.Path;

    /// <param name="clock">The scenario's clock.</param>
    /// <param name="configure">Edits the configuration file after init.</param>
    /// <param name="registryUrl">The registry images are published to.</param>
    /// <param name="services">Has the last word on the services.</param>
    /// <param name="provider">Where the state goes: the data directory's SQLite file, or a fresh copy of the run's migrated PostgreSQL template.</param>
    public static async Task<HighSideHarness> CreateAsync(TimeProvider clock, Action<JsonObject>? configure = null, string? registryUrl = null,
        Action<IServiceCollection>? services = null, DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        var root = new TempDirectory("highside");
        try
        {
            var data = HighSideHost.Data(root.Combine("data"));
            var database = provider == DatabaseProvider.PostgreSql
                ? new DatabaseOptions { Provider = provider, ConnectionString = await (await HighSideServers.PostgreSqlAsync()).CreateSiteDatabaseAsync() }
                : null;
            var init = await InitService.InitializeAsync(
                new InitRequest(data.Root, SiteId, registryUrl, root.Combine("mirror-files"), root.Combine("mirror-charts"), NoPassword: true, null,
                    root.Combine("mirror-debian"))
                { Database = database },
                clock, CancellationToken.None);
            Assert.That(init.IsOk, Is.True, init.Error?.ToString());
            if (configure is not null)
            {
                var json = JsonNode.Parse(await File.ReadAllTextAsync(data.ConfigFile))!.AsObject();
                configure(json);
                await File.WriteAllTextAsync(data.ConfigFile, json.ToJsonString());
            }

            var collection = new ServiceCollection()
                .AddLogging()
                .AddSingleton(clock)
                .AddTransferCore(SideConfiguration.Build(data), data);
            services?.Invoke(collection);
            var built = collection.BuildServiceProvider();
            built.GetRequiredService<IStartupValidator>().Validate();
            await built.GetRequiredService<MigrationRunner>().RunAsync(CancellationToken.None);
            return new HighSideHarness(root, data, built, clock);
        }
        catch
        {
            // A configuration the harness refuses (a test of start-up validation) must not leak its directory.
            root.Dispose();
            throw;
        }
    }

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public async Task TrustAsync(MinisignPublicKey key, string site)
    {
        var file = _root.Combine($"trusted-{key.KeyIdHex}-{Guid.NewGuid():N}.pub");
        await File.WriteAllTextAsync(file, key.ToFileText());
        var outcome = await Get<TrustService>().AddAsync(site, file, "test", CancellationToken.None);
        Assert.That(outcome.IsOk, Is.True, outcome.Error?.ToString());
    }

    /// <summary>
    /// Creates an unencrypted officer key pair (stock minisign reads it) and puts it on the roster as officers
    /// do: the first officers wait until there are Approval:Required of them and then found the roster, each
    /// signing it; a later one is a proposal the officers in force and the new officer sign.
    /// </summary>
    public async Task<OfficerKey> AddOfficerAsync(string name, params string[] requesters)
    {
        var officer = new OfficerKey(name, _root.Combine("officer-" + name), requesters);
        KeyPairFiles.WriteNew(officer.Prefix, []);
        var roster = await Get<RosterService>().CurrentAsync(CancellationToken.None);
        if (roster is null)
        {
            _officers.Add(officer);
            var required = Options<ApprovalOptions>().Required;
            if (_officers.Count == required)
            {
                var found = await ChangeRosterAsync(new FoundRoster([.. _officers.Select(o => o.ToRosterOfficer())], required), [.. _officers]);
                Assert.That(found.Value?.State, Is.EqualTo(RosterProposal.InForce), found.Error?.ToString());
            }

            return officer;
        }

        var signers = _officers.Where(o => roster.ByName(o.Name)?.Active == true).Take(roster.Threshold).Append(officer).ToArray();
        var added = await ChangeRosterAsync(new AddOfficer(officer.ToRosterOfficer()), signers);
        Assert.That(added.Value?.State, Is.EqualTo(RosterProposal.InForce), added.Error?.ToString());
        _officers.Add(officer);
        return officer;
    }

    /// <summary>Proposes a roster change and signs it with each of <paramref name="signers"/>' keys; the last outcome.</summary>
    public async Task<Outcome<RosterProposal>> ChangeRosterAsync(RosterChange change, params OfficerKey[] signers)
    {
        var rosters = Get<RosterService>();
        var outcome = await rosters.ProposeAsync(change, "test", CancellationToken.None);
        foreach (var signer in signers)
        {
            if (!outcome.IsOk)
            {
                break;
            }

            using var key = signer.Load();
            outcome = await rosters.SignWithKeyAsync(outcome.Value.Id, key, CancellationToken.None);
        }

        return outcome;
    }

    /// <summary>The officers this harness made, by name, as their roster entries stand now.</summary>
    public IReadOnlyList<OfficerKey> Officers => _officers;

    public async Task<ImportResult> ImportAsync(string path)
    {
        var outcome = await Get<ImportService>().ImportAsync(path, CancellationToken.None);
        Assert.That(outcome.IsOk, Is.True, outcome.Error?.ToString());
        return outcome.Value!.Single();
    }

    public async Task<Outcome<DecisionResult>> ApproveAsync(string batchId, OfficerKey officer)
    {
        using var key = officer.Load();
        return await Get<ApprovalService>().SignAndSubmitAsync(batchId, Decisions.Approve, null, key, CancellationToken.None);
    }

    /// <summary>The audit trail's entries of one action, oldest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> AuditEntriesAsync(string action)
    {
        var entries = new List<AuditEntry>();
        await foreach (var entry in Get<AuditLog>().ReadAsync(0, CancellationToken.None))
        {
            if (entry.Action == action)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    public T Options<T>()
        where T : class => Get<IOptions<T>>().Value;

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        _root.Dispose();
    }
}
