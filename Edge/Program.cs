var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddEdge(args);

var app = builder.Build();
app.MapDefaultEndpoints();
return app.RunOrExplain();
