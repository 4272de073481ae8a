namespace EdgeVision.Benchmarks;

/// <summary>
/// An end-to-end measurement run by name (<c>dotnet run -c Release --project Benchmarks -- NAME [options]</c>).
/// Implementations are found by reflection, so adding one is adding a file. Each prints its figures and the
/// baseline it measured in the same run.
/// </summary>
public interface IScenario
{
    /// <summary>The name given on the command line, kebab-case.</summary>
    string Name { get; }

    /// <summary>One line for <c>list</c>.</summary>
    string Description { get; }

    /// <summary>Runs the scenario; returns the process exit code.</summary>
    Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken);
}
