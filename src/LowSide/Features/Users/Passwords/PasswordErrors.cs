using TransferPipeline.Hosting.Outcomes;

namespace TransferPipeline.LowSide.Features.Users.Passwords;

internal static class PasswordErrors
{
    public static Failure TooShort(int minimum) =>
        LowSideFailure.Create(LowSideReasons.ValidationFailed, $"password: at least {minimum} characters", "password");

    public static Failure TooLong(int maximum) =>
        LowSideFailure.Create(LowSideReasons.ValidationFailed, $"password: at most {maximum} bytes", "password");
}
