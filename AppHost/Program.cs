var builder = DistributedApplication.CreateBuilder(args);

// The embedded broker on the standard MQTT port, so `mosquitto_sub -p 1883` and edge agents outside
// the app host can reach it; not proxied, since Aspire's proxy is for HTTP-style endpoints.
var broker = builder.AddProject<Projects.EdgeVision_Broker>("broker")
    .WithEndpoint(name: "mqtt", scheme: "tcp", port: 1883, isProxied: false, env: "Broker__Port")
    .WithHttpEndpoint(name: "http")
    .WithHttpHealthCheck("/health");
var mqtt = broker.GetEndpoint("mqtt");

// Every key of a process lives under its component's name: Silo__Mqtt__Host, Edge__Mqtt__Host, Dashboard__Mqtt__Host.
var silo = builder.AddProject<Projects.EdgeVision_Silo>("silo")
    .WithHttpEndpoint(name: "http")
    .WithHttpHealthCheck("/health")
    .WithReference(mqtt)
    .WithEnvironment("Silo__Mqtt__Host", $"{mqtt.Property(EndpointProperty.IPV4Host)}")
    .WithEnvironment("Silo__Mqtt__Port", $"{mqtt.Property(EndpointProperty.Port)}")
    .WaitFor(broker);

builder.AddProject<Projects.EdgeVision_EdgeAgent>("edge")
    .WithHttpEndpoint(name: "http")
    .WithHttpHealthCheck("/health")
    .WithReference(mqtt)
    .WithEnvironment("Edge__Mqtt__Host", $"{mqtt.Property(EndpointProperty.IPV4Host)}")
    .WithEnvironment("Edge__Mqtt__Port", $"{mqtt.Property(EndpointProperty.Port)}")
    // The local run shows what its camera sees on the Dashboard; production agents keep it off unless configured.
    .WithEnvironment("Edge__Preview__Enabled", "true")
    .WaitFor(broker);

// The dashboard waits for the broker only: it must come up to show a silo that is down.
builder.AddProject<Projects.EdgeVision_Dashboard>("dashboard")
    .WithHttpEndpoint(name: "http")
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints()
    .WithReference(mqtt)
    .WithEnvironment("Dashboard__Mqtt__Host", $"{mqtt.Property(EndpointProperty.IPV4Host)}")
    .WithEnvironment("Dashboard__Mqtt__Port", $"{mqtt.Property(EndpointProperty.Port)}")
    .WaitFor(broker);

builder.Build().Run();
