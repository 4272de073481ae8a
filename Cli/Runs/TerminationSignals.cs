using System.Runtime.InteropServices;

namespace EdgeVision.Cli.Runs;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM end a run gracefully: the first one requests a stop and keeps the process alive so
/// the run can drain and write its report; a second one terminates the process at once.
/// </summary>
internal sealed class TerminationSignals : IDisposable
{
    private readonly PosixSignalRegistration[] _registrations;
    private readonly StopRequest _stop;
    private readonly TextWriter _messages;

    public TerminationSignals(StopRequest stop, TextWriter messages)
    {
        _stop = stop;
        _messages = messages;
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private void Handle(PosixSignalContext context)
    {
        var name = context.Signal == PosixSignal.SIGINT ? "SIGINT" : "SIGTERM";
        if (_stop.Request(name))
        {
            context.Cancel = true;
            _messages.WriteLine($"{name}: stopping the source and finishing the report (send it again to quit at once).");
        }
    }
}
