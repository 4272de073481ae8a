using EdgeVision.Cli;

return await EdgeVisionCommand.InvokeAsync(args);
