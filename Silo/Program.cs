var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.UseOrleans(silo => silo.UseLocalhostClustering());

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
