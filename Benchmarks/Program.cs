using System.Reflection;
using BenchmarkDotNet.Running;
using EdgeVision.Benchmarks;
using EdgeVision.Inference.Runtime;

NativeHeap.UseOneArena();
var scenarios = typeof(IScenario).Assembly.GetTypes()
    .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(IScenario).IsAssignableFrom(type))
    .Select(type => (IScenario)Activator.CreateInstance(type)!)
    .OrderBy(scenario => scenario.Name, StringComparer.Ordinal)
    .ToDictionary(scenario => scenario.Name, StringComparer.Ordinal);

if (args is ["list"])
{
    foreach (var scenario in scenarios.Values)
    {
        Console.WriteLine($"{scenario.Name,-28} {scenario.Description}");
    }

    return 0;
}

if (args.Length > 0 && scenarios.TryGetValue(args[0], out var chosen))
{
    using var cancellation = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
    return await chosen.RunAsync(args[1..], cancellation.Token);
}

BenchmarkSwitcher.FromAssembly(Assembly.GetExecutingAssembly()).Run(args);
return 0;
