using EdgeVision.Cli;

return await EdgeVisionCommand.Create().Parse(args).InvokeAsync();
