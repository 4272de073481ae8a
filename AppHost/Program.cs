var builder = DistributedApplication.CreateBuilder(args);

var broker = builder.AddProject<Projects.EdgeVision_Broker>("broker");
var silo = builder.AddProject<Projects.EdgeVision_Silo>("silo").WithReference(broker).WaitFor(broker);
builder.AddProject<Projects.EdgeVision_Edge>("edge").WithReference(broker).WaitFor(broker);
builder.AddProject<Projects.EdgeVision_Dashboard>("dashboard").WithReference(broker).WithReference(silo);

builder.Build().Run();
