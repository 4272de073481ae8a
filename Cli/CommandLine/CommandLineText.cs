using System.CommandLine;
using System.CommandLine.Parsing;

namespace EdgeVision.Cli.CommandLine;

/// <summary>The command line a run was started with, for reports and checkpoints: <c>edgevision {verb} {arguments}</c>.</summary>
internal static class CommandLineText
{
    private const string Masked = "***";

    /// <summary>
    /// <c>edgevision</c> and every token as parsed (the verb is the first), each value of a <paramref name="secrets"/>
    /// option replaced by <c>***</c>.
    /// </summary>
    public static string Of(ParseResult parse, params Option[] secrets)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var words = new List<string> { "edgevision" };
        var maskNext = false;
        foreach (var token in parse.Tokens)
        {
            words.Add(maskNext && token.Type == TokenType.Argument ? Masked : token.Value);
            maskNext = token.Type == TokenType.Option && secrets.Any(secret => secret.Name == token.Value || secret.Aliases.Contains(token.Value));
        }

        return string.Join(' ', words);
    }
}
