var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDashboard();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapDashboard();
return app.RunOrExplain();
