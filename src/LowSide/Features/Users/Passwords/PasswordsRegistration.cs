namespace TransferPipeline.LowSide.Features.Users.Passwords;

internal static class PasswordsRegistration
{
    public static IServiceCollection AddUserPasswords(this IServiceCollection services) =>
        services.AddSingleton<UserPasswordRepository>().AddSingleton<UserPasswordService>();
}
