using EdgeVision.EdgeAgent;

AgentEnvironment.Memory.Apply();
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddEdgeAgent(args);

var app = builder.Build();
app.MapDefaultEndpoints();
return app.RunOrExplain();
