using EdgeVision.Contracts.Topics;

namespace EdgeVision.Tests.Contracts.Topics;

public sealed class IdentifiersTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("0")]
    [InlineData("warehouse-1")]
    [InlineData("dock_3")]
    [InlineData("Z9-_x")]
    public void AcceptsAsciiLettersDigitsDashAndUnderscore(string id)
    {
        Assert.True(Identifiers.IsValid(id));
        Assert.Null(Identifiers.Explain(id));
        Assert.Equal(id, Identifiers.Require(id, "camera"));
    }

    [Theory]
    [InlineData(null, "must not be empty")]
    [InlineData("", "must not be empty")]
    [InlineData("-site", "must start with an ASCII letter or digit (was '-site')")]
    [InlineData("_site", "must start with an ASCII letter or digit (was '_site')")]
    [InlineData("$SYS", "must start with an ASCII letter or digit (was '$SYS')")]
    [InlineData("é", "must start with an ASCII letter or digit (was 'é')")]
    [InlineData("site+", "may contain only ASCII letters, digits, '-' and '_' (was 'site+')")]
    [InlineData("site#", "may contain only ASCII letters, digits, '-' and '_' (was 'site#')")]
    [InlineData("a/b", "may contain only ASCII letters, digits, '-' and '_' (was 'a/b')")]
    [InlineData("a b", "may contain only ASCII letters, digits, '-' and '_' (was 'a b')")]
    [InlineData("caméra", "may contain only ASCII letters, digits, '-' and '_' (was 'caméra')")]
    public void ExplainsWhyAnIdIsRejected(string? id, string explanation)
    {
        Assert.False(Identifiers.IsValid(id));
        Assert.Equal(explanation, Identifiers.Explain(id));
    }

    [Fact]
    public void LimitsIdsToSixtyFourCharacters()
    {
        Assert.True(Identifiers.IsValid(new string('a', 64)));
        Assert.False(Identifiers.IsValid(new string('a', 65)));
        Assert.Equal("must be at most 64 characters (was 65)", Identifiers.Explain(new string('a', 65)));
    }

    [Fact]
    public void RequireThrowsWithTheParameterNameAndExplanation()
    {
        var error = Assert.Throws<ArgumentException>(() => Identifiers.Require("a b", "camera"));

        Assert.Equal("camera", error.ParamName);
        Assert.StartsWith("camera may contain only ASCII letters", error.Message, StringComparison.Ordinal);
    }
}
