namespace EdgeVision.Cli.Live;

/// <summary>Writes the live log, one record per sequence, flushed as it goes so a reader can follow it.</summary>
internal interface IPredictionWriter : IDisposable
{
    void Write(PredictionRecord record);
}
