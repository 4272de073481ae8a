using EdgeVision.Tests.Cli;

namespace EdgeVision.Tests.Architecture;

/// <summary>
/// The documentation's relative links resolve: every link in the repository's Markdown files to a file, folder or heading
/// of this repository, and every repository path the prose names in inline code, names one that exists, so moving code
/// or a section without updating the documentation fails here.
/// </summary>
public sealed class MarkdownLinkTests
{
    private static readonly string[] SkippedFolders = ["bin", "obj", "node_modules", "TestResults"];

    [Fact]
    public void EveryRelativeLinkInTheRepositorysMarkdownResolves()
    {
        var root = BenchmarkTestKit.RepositoryRoot();
        var files = MarkdownFiles(root).ToList();

        var problems = files.SelectMany(file => MarkdownLinks.Check(root, file)).ToList();

        Assert.Contains(files, file => Path.GetFileName(file) == "README.md");
        Assert.True(problems.Count == 0, $"Broken links:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }

    [Fact]
    public void ReportsATargetThatDoesNotExistOrLeavesTheRepository()
    {
        using var repository = new TemporaryRepository();
        repository.Write("docs/page.md", "# Page\n\nSee [the guide](guide.md), [shared](../../elsewhere/plan.md) and [home](../README.md).\n");
        repository.Write("README.md", "# Home\n");

        var problems = MarkdownLinks.Check(repository.Root, repository.PathOf("docs/page.md"));

        Assert.Equal(
            ["docs/page.md:3: guide.md (no such file or folder)", "docs/page.md:3: ../../elsewhere/plan.md (outside the repository)"],
            problems);
    }

    [Fact]
    public void ReportsAnAnchorThatNamesNoHeading()
    {
        using var repository = new TemporaryRepository();
        repository.Write("README.md", "# Home\n\n## The `--cluster` switch: a running system\n\n[ok](#the---cluster-switch-a-running-system) [gone](#status) [there](docs/a.md#a-b) [not there](docs/a.md#c)\n");
        repository.Write("docs/a.md", "# A b\n");

        var problems = MarkdownLinks.Check(repository.Root, repository.PathOf("README.md"));

        Assert.Equal(["README.md:5: #status (no heading with anchor #status)", "README.md:5: docs/a.md#c (no heading with anchor #c)"], problems);
    }

    [Fact]
    public void ReportsARepositoryPathNamedInCodeThatDoesNotExist()
    {
        using var repository = new TemporaryRepository();
        repository.Write("Edge/appsettings.json", "{}");
        repository.Write("README.md", "# Home\n\n`Edge/appsettings.json`, `Edge/Sources/Gone.cs`, `edgevision/{site}/results`, `Edge/bin/Debug/x.dll`,\n"
            + "the plan `../shared/ARCHITECTURE.md`.\n```bash\ncat Edge/Missing.cs `Edge/Missing.cs`\n```\n");

        var problems = MarkdownLinks.Check(repository.Root, repository.PathOf("README.md"));

        Assert.Equal(["README.md:3: `Edge/Sources/Gone.cs` (no such file or folder)", "README.md:4: `../shared/ARCHITECTURE.md` (outside the repository)"], problems);
    }

    [Fact]
    public void IgnoresCodeAndLinksWithASchemeAndReadsReferenceDefinitions()
    {
        const string Markdown = "```bash\necho [x](missing-in-fence.md)\n```\nText `[y](missing-in-span.md)` <https://example.com>\n"
            + "[web](https://example.com/a.md) [mail](mailto:someone@example.com) ![figure](fig.png \"Title\")\n[ref]: notes.md\n";

        var links = MarkdownLinks.Links(Markdown).ToList();

        Assert.Equal([(5, "https://example.com/a.md"), (5, "mailto:someone@example.com"), (5, "fig.png"), (6, "notes.md")], links);
    }

    [Fact]
    public void NumbersTheAnchorsOfRepeatedHeadingsAsGitHubDoes()
    {
        var anchors = MarkdownLinks.Anchors("# Results\n## Results\n```\n# not a heading\n```\n### Edge agent: `Edge`, `Mqtt`\n");

        Assert.Equal(new HashSet<string> { "results", "results-1", "edge-agent-edge-mqtt" }, anchors);
    }

    private static IEnumerable<string> MarkdownFiles(string root)
    {
        var pending = new Stack<string>([root]);
        while (pending.TryPop(out var folder))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.md"))
            {
                yield return file;
            }

            foreach (var child in Directory.EnumerateDirectories(folder))
            {
                var name = Path.GetFileName(child);
                if (!name.StartsWith('.') && !SkippedFolders.Contains(name, StringComparer.Ordinal))
                {
                    pending.Push(child);
                }
            }
        }
    }

    private sealed class TemporaryRepository : IDisposable
    {
        public string Root { get; } = Directory.CreateTempSubdirectory("edgevision-links-").FullName;

        public string PathOf(string relative) => Path.Combine(Root, relative);

        public void Write(string relative, string text)
        {
            var path = PathOf(relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }

        public void Dispose() => Directory.Delete(Root, recursive: true);
    }
}
