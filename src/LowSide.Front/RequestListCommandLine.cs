namespace TransferPipeline.LowSide.Front;

/// <summary>
/// `lowside [--data DIR] request list [--json]`, in the forms the full executable's parser reads the same way: `--data`
/// anywhere (it is the root's recursive option) as `--data DIR` or `--data=DIR`, `--json` after `list`. Anything else (help,
/// another verb, a response file, an option twice, a bad token) is not recognised, and the full executable answers it.
/// </summary>
internal sealed record RequestListCommandLine(string? Data, bool Json)
{
    private const string DataOption = "--data";

    /// <summary>The command line's data directory and output, or null when it is not exactly a request list.</summary>
    public static RequestListCommandLine? Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var verbs = 0;
        string? data = null;
        bool dataSeen = false, json = false;
        for (var i = 0; i < args.Count; i++)
        {
            var token = args[i];
            if (verbs < 2 && token == (verbs == 0 ? "request" : "list"))
            {
                verbs++;
            }
            else if (verbs == 2 && token == "--json" && !json)
            {
                json = true;
            }
            else if (token == DataOption && !dataSeen && i + 1 < args.Count && IsValue(args[i + 1]))
            {
                data = args[++i];
                dataSeen = true;
            }
            else if (token.StartsWith(DataOption + "=", StringComparison.Ordinal) && !dataSeen && IsValue(token[(DataOption.Length + 1)..]))
            {
                data = token[(DataOption.Length + 1)..];
                dataSeen = true;
            }
            else
            {
                return null;
            }
        }

        return verbs == 2 ? new RequestListCommandLine(data, json) : null;
    }

    // A value that looks like an option, a response file or a directive is left to the full parser's own rules.
    private static bool IsValue(string value) => value.Length > 0 && value[0] is not ('-' or '@' or '[');
}
