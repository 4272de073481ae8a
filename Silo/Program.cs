using EdgeVision.Inference.Runtime;

NativeHeap.UseOneArena();
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddSilo();

var app = builder.Build();
app.MapDefaultEndpoints();
return app.RunOrExplain();
