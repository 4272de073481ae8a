namespace EdgeVision.Broker.Security;

/// <summary>MQTT topic filter algebra needed by the ACL.</summary>
internal static class TopicFilters
{
    private const string SharePrefix = "$share/";

    /// <summary>
    /// True when every topic that <paramref name="filter"/> matches is also matched by <paramref name="allowed"/>.
    /// Comparing filters (not topics) is what makes wildcard subscriptions safe: <c>edgevision/+/+/control</c> is
    /// not covered by <c>edgevision/s1/c1/control</c>, and <c>#</c> is covered only by <c>#</c>.
    /// </summary>
    public static bool Covers(string allowed, string filter)
    {
        var a = allowed.Split('/');
        var f = filter.Split('/');
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] == "#")
            {
                // '#' also matches the parent level, so "x/#" covers "x".
                return true;
            }

            if (i >= f.Length)
            {
                return false;
            }

            if (f[i] == "#")
            {
                return false;
            }

            if (f[i] == "+" ? a[i] != "+" : a[i] != "+" && a[i] != f[i])
            {
                return false;
            }
        }

        return f.Length == a.Length;
    }

    /// <summary>A syntactically valid MQTT filter: '#' only last and alone in its level, '+' alone in its level.</summary>
    public static bool IsValidFilter(string filter)
    {
        if (filter.Length == 0)
        {
            return false;
        }

        var levels = filter.Split('/');
        for (var i = 0; i < levels.Length; i++)
        {
            var level = levels[i];
            if (level.Contains('#') && (level != "#" || i != levels.Length - 1))
            {
                return false;
            }

            if (level.Contains('+') && level != "+")
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Splits an MQTT 5 shared subscription <c>$share/{group}/{filter}</c>; false for an ordinary filter or a
    /// malformed share (empty or wildcard group, empty filter), which <paramref name="inner"/> then leaves unchanged.
    /// </summary>
    public static bool TryUnwrapShared(string filter, out string inner, out bool malformed)
    {
        inner = filter;
        malformed = false;
        if (!filter.StartsWith(SharePrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = filter.AsSpan(SharePrefix.Length);
        var slash = rest.IndexOf('/');
        if (slash <= 0 || rest[..slash].ContainsAny('+', '#') || slash == rest.Length - 1)
        {
            malformed = true;
            return false;
        }

        inner = rest[(slash + 1)..].ToString();
        return true;
    }
}
