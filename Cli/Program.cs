using System.CommandLine;

var root = new RootCommand("EdgeVision: real-time video understanding across many cameras.");
return await root.Parse(args).InvokeAsync();
