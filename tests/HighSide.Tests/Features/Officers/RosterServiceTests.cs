using System.Text.Json;
using TransferPipeline.HighSide.Features.Officers;
using TransferPipeline.HighSide.Tests.Support;
using TransferPipeline.Shared.Minisign;
using TransferPipeline.Shared.Persistence;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.HighSide.Tests.Features.Officers;

/// <summary>
/// The signed roster's threshold chain (issue 12 item 2): what it takes for a version to come into force,
/// and what never does. Officers sign with their own keys through <see cref="RosterService"/>, as the
/// HTTP API and `officer sign-proposal` do.
/// </summary>
public sealed class RosterServiceTests(DatabaseProvider provider) : ProviderFixture(provider)
{
    private BatchScenario _scenario = null!;
    private HighSideHarness _highSide = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _scenario = new BatchScenario();
        _highSide = await HighSideHarness.CreateAsync(_scenario.Clock, provider: Provider);
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        await _highSide.DisposeAsync();
        _scenario.Dispose();
    }

    private RosterService Rosters => _highSide.Get<RosterService>();

    [Test]
    public async Task Found_SignedByOneOfTwoFounders_NotInForceAndNoDecisionCounts()
    {
        var carol = NewKey("carol");
        var dave = NewKey("dave");

        var proposal = await _highSide.ChangeRosterAsync(new FoundRoster([carol.ToRosterOfficer(), dave.ToRosterOfficer()], 2), carol);

        Assert.That(proposal.Value?.State, Is.EqualTo(RosterProposal.Proposed), proposal.Error?.ToString());
        Assert.That(await Rosters.CurrentAsync(CancellationToken.None), Is.Null);
        Assert.That((await Rosters.ForDecisionsAsync(CancellationToken.None)).Error?.Code, Is.EqualTo(OfficerReasons.NoRoster));
    }

    [Test]
    public async Task Found_FewerFoundersThanApprovalRequired_RefusedTooFewOfficers()
    {
        var carol = NewKey("carol");

        var proposal = await _highSide.ChangeRosterAsync(new FoundRoster([carol.ToRosterOfficer()], 2), carol);

        Assert.That(proposal.Error?.Code, Is.EqualTo(OfficerReasons.TooFewOfficers));
    }

    [Test]
    public async Task Add_SignedByFewerThanTheThreshold_InForceOnlyWhenTheThresholdHasSigned()
    {
        var (carol, dave) = await FoundAsync();
        var erin = NewKey("erin");

        var partly = await _highSide.ChangeRosterAsync(new AddOfficer(erin.ToRosterOfficer()), carol, erin);
        var complete = await SignAsync(partly.Value!, dave);

        Assert.That(partly.Value!.State, Is.EqualTo(RosterProposal.Proposed));
        Assert.That(complete.Value?.State, Is.EqualTo(RosterProposal.InForce), complete.Error?.ToString());
        Assert.That((await Rosters.CurrentAsync(CancellationToken.None))!.ByName("erin")?.Active, Is.True);
    }

    [Test]
    public async Task Add_NewOfficerHasNotSigned_NotInForce()
    {
        var (carol, dave) = await FoundAsync();
        var erin = NewKey("erin");

        var proposal = await _highSide.ChangeRosterAsync(new AddOfficer(erin.ToRosterOfficer()), carol, dave);

        Assert.That(proposal.Value?.State, Is.EqualTo(RosterProposal.Proposed), "a key the roster brings in proves its holder has it");
        Assert.That((await Rosters.CurrentAsync(CancellationToken.None))!.Version, Is.EqualTo(1));
    }

    [Test]
    public async Task Rotate_OldAndNewKeyOfOneOfficer_CountOnceAndTheOldKeyNeverComesBack()
    {
        var (carol, dave) = await FoundAsync();
        var erin = NewKey("erin");
        await _highSide.ChangeRosterAsync(new AddOfficer(erin.ToRosterOfficer()), carol, dave, erin);
        var carolNew = NewKey("carol-new");

        var rotation = await _highSide.ChangeRosterAsync(new RotateOfficerKey("carol", MinisignPublicKey.Load(carolNew.PublicKeyFile).ToBase64()),
            carol, carolNew);
        var stateWithCarolAlone = rotation.Value!.State;
        var completed = await SignAsync(rotation.Value, dave);
        var oldKeyBack = await Rosters.ProposeAsync(new AddOfficer(carol.ToRosterOfficer() with { Name = "carol-spare" }), "test", CancellationToken.None);

        Assert.That(stateWithCarolAlone, Is.EqualTo(RosterProposal.Proposed), "carol's old and new key are one officer of the two needed");
        Assert.That(completed.Value?.State, Is.EqualTo(RosterProposal.InForce), completed.Error?.ToString());
        Assert.That(oldKeyBack.Error?.Code, Is.EqualTo(OfficerReasons.KeyDuplicate));
    }

    [Test]
    public async Task Disable_LeavingFewerActiveOfficersThanTheThreshold_RefusedTooFewOfficers()
    {
        await FoundAsync();

        var proposal = await Rosters.ProposeAsync(new DisableOfficer("dave"), "test", CancellationToken.None);

        Assert.That(proposal.Error?.Code, Is.EqualTo(OfficerReasons.TooFewOfficers), proposal.Error?.ToString());
    }

    [Test]
    public async Task Sign_TwoProposalsForTheSameVersion_TheSecondIsStaleOnceTheFirstIsInForce()
    {
        var (carol, dave) = await FoundAsync();
        var erin = NewKey("erin");
        var frank = NewKey("frank");
        var second = await Rosters.ProposeAsync(new AddOfficer(frank.ToRosterOfficer()), "test", CancellationToken.None);
        await _highSide.ChangeRosterAsync(new AddOfficer(erin.ToRosterOfficer()), carol, dave, erin);

        var late = await SignAsync(second.Value!, carol);

        Assert.That(late.Error?.Code, Is.EqualTo(OfficerReasons.ProposalStale), late.Error?.ToString());
        Assert.That((await Rosters.CurrentAsync(CancellationToken.None))!.ByName("frank"), Is.Null);
    }

    [Test]
    public async Task Sign_ByAKeyNeitherInForceNorBroughtIn_RefusedSignatureInvalid()
    {
        await FoundAsync();
        var stranger = NewKey("stranger");
        var proposal = await Rosters.ProposeAsync(new LinkRequesters("carol", ["local:carol"]), "test", CancellationToken.None);

        var signed = await SignAsync(proposal.Value!, stranger);

        Assert.That(signed.Error?.Code, Is.EqualTo(OfficerReasons.SignatureInvalid));
        Assert.That((await Rosters.ProposalsAsync(CancellationToken.None)).Single(p => p.Version == 2).SignedBy, Is.Empty);
    }

    [Test]
    public async Task Change_InForce_AuditedWithItsVersionAndSigners()
    {
        var (carol, dave) = await FoundAsync();
        var erin = NewKey("erin");
        await _highSide.ChangeRosterAsync(new AddOfficer(erin.ToRosterOfficer()), carol, dave, erin);

        var changes = await _highSide.AuditEntriesAsync("roster.changed");
        var signed = await _highSide.AuditEntriesAsync("roster.signed");

        Assert.That(changes, Has.Count.EqualTo(2));
        using var details = JsonDocument.Parse(changes[1].DetailsJson);
        Assert.That(details.RootElement.GetProperty("version").GetInt64(), Is.EqualTo(2));
        Assert.That(details.RootElement.GetProperty("signers").EnumerateArray().Select(e => e.GetString()), Is.EquivalentTo(["carol", "dave", "erin"]));
        Assert.That(signed.Select(e => e.Actor), Is.EqualTo(["carol", "dave", "carol", "dave", "erin"]));
    }

    private async Task<(OfficerKey Carol, OfficerKey Dave)> FoundAsync()
    {
        var carol = await _highSide.AddOfficerAsync("carol");
        var dave = await _highSide.AddOfficerAsync("dave");
        return (carol, dave);
    }

    private OfficerKey NewKey(string name)
    {
        var key = new OfficerKey(name, Path.Combine(_highSide.Root, "keys-" + name));
        KeyPairFiles.WriteNew(key.Prefix, []);
        return key;
    }

    private async Task<TransferPipeline.Hosting.Outcomes.Outcome<RosterProposal>> SignAsync(RosterProposal proposal, OfficerKey officer)
    {
        using var key = officer.Load();
        return await Rosters.SignWithKeyAsync(proposal.Id, key, CancellationToken.None);
    }
}
