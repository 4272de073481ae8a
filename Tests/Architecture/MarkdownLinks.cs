using System.Text;
using System.Text.RegularExpressions;

namespace EdgeVision.Tests.Architecture;

/// <summary>
/// The relative links of Markdown files and what is wrong with them: a target that does not exist, one outside the
/// repository, or an anchor that names no heading of its page (headings slugged as GitHub does); and the repository
/// paths the prose names in inline code, which must exist too. Links with a scheme (<c>https:</c>, <c>mailto:</c>) and
/// anything in fenced code blocks are not checked.
/// </summary>
internal static partial class MarkdownLinks
{
    /// <summary>Every problem with the links of <paramref name="file"/>, as <c>path:line: target (why)</c> relative to <paramref name="root"/>.</summary>
    public static IReadOnlyList<string> Check(string root, string file)
    {
        var problems = new List<string>();
        var name = Path.GetRelativePath(root, file).Replace('\\', '/');
        var markdown = File.ReadAllText(file);
        foreach (var (line, target) in Links(markdown))
        {
            var why = Problem(root, file, target);
            if (why is not null)
            {
                problems.Add($"{name}:{line}: {target} ({why})");
            }
        }

        foreach (var (line, path) in CodePaths(markdown))
        {
            var why = PathProblem(root, path);
            if (why is not null)
            {
                problems.Add($"{name}:{line}: `{path}` ({why})");
            }
        }

        return problems;
    }

    /// <summary>The links of a Markdown text with their line numbers: inline links, images and reference definitions.</summary>
    public static IEnumerable<(int Line, string Target)> Links(string markdown)
    {
        var number = 0;
        foreach (var line in ProseLines(markdown))
        {
            number++;
            if (line is null)
            {
                continue;
            }

            var prose = InlineCode().Replace(line, "");
            foreach (Match match in InlineLink().Matches(prose))
            {
                yield return (number, match.Groups["target"].Value.TrimStart('<').TrimEnd('>'));
            }

            var definition = ReferenceDefinition().Match(prose);
            if (definition.Success)
            {
                yield return (number, definition.Groups["target"].Value.TrimStart('<').TrimEnd('>'));
            }
        }
    }

    /// <summary>
    /// Repository paths named in inline code (<c>`Edge/appsettings.json`</c>, <c>`../shared/plan.md`</c>) with their line
    /// numbers: spans of path segments separated by '/', read from the repository's root. Build output (<c>bin</c>,
    /// <c>obj</c>) and absolute paths are not checked.
    /// </summary>
    public static IEnumerable<(int Line, string Path)> CodePaths(string markdown)
    {
        var number = 0;
        foreach (var line in ProseLines(markdown))
        {
            number++;
            if (line is null)
            {
                continue;
            }

            foreach (Match span in InlineCode().Matches(line))
            {
                var path = span.Value.Trim('`').Trim();
                var segments = path.TrimEnd('/').Split('/');
                if (RepositoryPath().IsMatch(path) && !segments.Contains("bin") && !segments.Contains("obj"))
                {
                    yield return (number, path);
                }
            }
        }
    }

    /// <summary>The anchors GitHub gives the headings of a Markdown text, in order, duplicates numbered.</summary>
    public static IReadOnlySet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in ProseLines(markdown))
        {
            var heading = line is null ? null : Heading().Match(line);
            if (heading is not { Success: true })
            {
                continue;
            }

            var slug = Slug(heading.Groups["text"].Value);
            var count = seen.GetValueOrDefault(slug);
            seen[slug] = count + 1;
            anchors.Add(count == 0 ? slug : $"{slug}-{count}");
        }

        return anchors;
    }

    /// <summary>A heading's anchor: its text without Markdown, lower case, only letters, digits, spaces, '-' and '_', spaces as '-'.</summary>
    public static string Slug(string heading)
    {
        var text = LinkInText().Replace(heading, "${text}").Replace("`", "", StringComparison.Ordinal).Trim();
        var slug = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                slug.Append(c);
            }
            else if (c == ' ')
            {
                slug.Append('-');
            }
        }

        return slug.ToString();
    }

    private static string? Problem(string root, string file, string target)
    {
        if (Scheme().IsMatch(target))
        {
            return null;
        }

        var hash = target.IndexOf('#', StringComparison.Ordinal);
        var path = Uri.UnescapeDataString(hash < 0 ? target : target[..hash]);
        var anchor = hash < 0 ? null : target[(hash + 1)..];
        var resolved = path.Length == 0 ? file : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, path));
        var inside = Path.GetRelativePath(root, resolved);
        if (inside.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(inside))
        {
            return "outside the repository";
        }

        if (!File.Exists(resolved) && !Directory.Exists(resolved))
        {
            return "no such file or folder";
        }

        if (anchor is { Length: > 0 } && resolved.EndsWith(".md", StringComparison.OrdinalIgnoreCase)
            && !Anchors(File.ReadAllText(resolved)).Contains(anchor))
        {
            return $"no heading with anchor #{anchor}";
        }

        return null;
    }

    private static string? PathProblem(string root, string path)
    {
        if (path.StartsWith("../", StringComparison.Ordinal))
        {
            return "outside the repository";
        }

        var first = path.Split('/')[0];
        if (!Directory.Exists(Path.Combine(root, first)))
        {
            return null; // Not a repository path: a topic, a URL path, a package folder.
        }

        var resolved = Path.Combine(root, path.TrimEnd('/'));
        return File.Exists(resolved) || Directory.Exists(resolved) ? null : "no such file or folder";
    }

    /// <summary>Each line of the text, or null for a line inside (or fencing) a fenced code block.</summary>
    private static IEnumerable<string?> ProseLines(string markdown)
    {
        string? fence = null;
        foreach (var raw in markdown.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var trimmed = line.TrimStart();
            var marker = trimmed.StartsWith("```", StringComparison.Ordinal) ? "```"
                : trimmed.StartsWith("~~~", StringComparison.Ordinal) ? "~~~" : null;
            if (fence is null && marker is not null)
            {
                fence = marker;
                yield return null;
            }
            else if (fence is not null)
            {
                if (marker == fence)
                {
                    fence = null;
                }

                yield return null;
            }
            else
            {
                yield return line;
            }
        }
    }

    [GeneratedRegex(@"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\((?<target><[^>]*>|[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^\s{0,3}\[[^\]]+\]:\s+(?<target>\S+)")]
    private static partial Regex ReferenceDefinition();

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s+(?<text>.*?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"\[(?<text>[^\]]*)\]\([^)]*\)")]
    private static partial Regex LinkInText();

    [GeneratedRegex(@"`+[^`]*`+")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"^(\.\./)*[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+/?$")]
    private static partial Regex RepositoryPath();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex Scheme();
}
