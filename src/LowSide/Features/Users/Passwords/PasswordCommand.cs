using System.CommandLine;
using TransferPipeline.Hosting.Audit;
using TransferPipeline.Hosting.Cli;
using TransferPipeline.Shared.Cli;

namespace TransferPipeline.LowSide.Features.Users.Passwords;

/// <summary>`lowside user password NAME`: sets the password a local user signs in to the web console with.</summary>
internal static class PasswordCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("NAME") { Description = "The user whose password is set" };
        var command = new Command("password",
            $"Set a user's web console password (at least {UserPasswordService.MinimumLength} characters; from standard input, or asked twice)")
        {
            name,
        };
        command.SetAction((parse, ct) => LowSideHost.RunAsync(parse, async (services, token) =>
        {
            var password = PasswordInput.Read(out var problem);
            if (password is null)
            {
                return CliConsole.Fail(problem!);
            }

            try
            {
                var outcome = await services.GetRequiredService<UserPasswordService>().SetAsync(parse.GetValue(name)!, password, HostUser.Actor, token);
                if (!outcome.IsOk)
                {
                    return CliFailures.Exit(outcome.Error);
                }

                CliConsole.Line($"password of {outcome.Value.Name} set; they sign in at /signin");
                return ExitCodes.Ok;
            }
            finally
            {
                Array.Clear(password);
            }
        }, ct));
        return command;
    }
}
