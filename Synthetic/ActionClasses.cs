namespace EdgeVision.Synthetic;

/// <summary>The label set of <see cref="ActionClass"/>: names a model's outputs are reported under.</summary>
public static class ActionClasses
{
    /// <summary>Snake-case names indexed by class value (what results and checkpoints carry).</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "move_left", "move_right", "move_up", "move_down", "grow", "shrink",
        "rotate_clockwise", "rotate_anticlockwise", "flicker", "still",
    ];

    /// <summary>Every class in label order.</summary>
    public static IReadOnlyList<ActionClass> All { get; } = Enum.GetValues<ActionClass>();

    public static int Count => Names.Count;

    public static string Name(this ActionClass action) =>
        (uint)action < (uint)Count ? Names[(int)action] : throw new ArgumentOutOfRangeException(nameof(action), action, "Not a defined action class.");

    public static bool TryParse(string name, out ActionClass action)
    {
        for (var i = 0; i < Names.Count; i++)
        {
            if (string.Equals(Names[i], name, StringComparison.OrdinalIgnoreCase))
            {
                action = (ActionClass)i;
                return true;
            }
        }

        action = default;
        return false;
    }
}
