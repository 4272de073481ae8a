using EdgeVision.Cli;
using EdgeVision.Inference.Runtime;

NativeHeap.UseOneArena();
return await EdgeVisionCommand.InvokeAsync(args);
