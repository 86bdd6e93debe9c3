using TransferPipeline.Shared.Persistence;
using Dapper;
using TransferPipeline.LowSide.Features.Users;
using TransferPipeline.LowSide.Features.Users.Passwords;
using TransferPipeline.LowSide.Tests.Support;
using TransferPipeline.Shared.Tests.Support;

namespace TransferPipeline.LowSide.Tests.Features.Users;

public sealed class UserPasswordServiceTests(DatabaseProvider provider) : ProviderFixture(provider)
{
    private const string Password = "twelve chars and more";

    [Test]
    public async Task SetAsync_ThenVerify_SignsInAsTheLocalUserAndKeepsOnlyAnArgon2idHash()
    {
        await using var site = await TestSite.CreateAsync(Provider);
        await (await site.GetAsync<UserService>()).AddAsync("erin", UserRoles.Auditor, "test", CancellationToken.None);
        var passwords = await site.GetAsync<UserPasswordService>();

        var set = await passwords.SetAsync("erin", Password.ToCharArray(), "test", CancellationToken.None);
        var caller = await passwords.VerifyAsync("erin", Password, CancellationToken.None);

        Assert.That(set.IsOk, Is.True, set.Error?.Message);
        Assert.That(caller, Is.EqualTo(new Caller("local:erin", "erin", UserRoles.Auditor)));
        Assert.That(await StoredHashAsync(site, "erin"), Does.StartWith("$argon2id$").And.Not.Contain(Password));
    }

    [TestCase("")]
    [TestCase("elevenchars")]
    public async Task SetAsync_ShorterThan12_RefusedNamingThePassword(string password)
    {
        await using var site = await TestSite.CreateAsync(Provider);
        await (await site.GetAsync<UserService>()).AddAsync("erin", UserRoles.Requester, "test", CancellationToken.None);

        var set = await (await site.GetAsync<UserPasswordService>()).SetAsync("erin", password.ToCharArray(), "test", CancellationToken.None);

        Assert.That(set.Error?.Code, Is.EqualTo(LowSideReasons.ValidationFailed));
        Assert.That(set.Error?.Field, Is.EqualTo("password"));
        Assert.That(await StoredHashAsync(site, "erin"), Is.Null);
    }

    [Test]
    public async Task VerifyAsync_WrongPasswordUnknownUserNoPasswordOrDisabled_IsNull()
    {
        await using var site = await TestSite.CreateAsync(Provider);
        var users = await site.GetAsync<UserService>();
        var passwords = await site.GetAsync<UserPasswordService>();
        foreach (var name in new[] { "erin", "frank", "nopass" })
        {
            await users.AddAsync(name, UserRoles.Requester, "test", CancellationToken.None);
        }

        await passwords.SetAsync("erin", Password.ToCharArray(), "test", CancellationToken.None);
        await passwords.SetAsync("frank", Password.ToCharArray(), "test", CancellationToken.None);
        await users.DisableAsync("frank", "test", CancellationToken.None);

        Assert.That(await passwords.VerifyAsync("erin", Password + "!", CancellationToken.None), Is.Null);
        Assert.That(await passwords.VerifyAsync("nobody", Password, CancellationToken.None), Is.Null);
        Assert.That(await passwords.VerifyAsync("nopass", "", CancellationToken.None), Is.Null);
        Assert.That(await passwords.VerifyAsync("frank", Password, CancellationToken.None), Is.Null);
    }

    private static async Task<string?> StoredHashAsync(TestSite site, string name)
    {
        await using var connection = await (await site.GetAsync<Database>()).OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<string?>("SELECT password_hash FROM users WHERE name = @name", new { name });
    }
}
