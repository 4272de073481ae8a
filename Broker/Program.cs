var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddBroker();

var app = builder.Build();
app.MapDefaultEndpoints();
return app.RunOrExplain();
