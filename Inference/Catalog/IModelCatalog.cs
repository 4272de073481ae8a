namespace EdgeVision.Inference.Catalog;

/// <summary>The models a process serves, by key (e.g. "conv3d"), each loaded from a checkpoint.</summary>
public interface IModelCatalog
{
    /// <summary>The keys that can be served.</summary>
    IReadOnlyCollection<string> Keys { get; }

    /// <summary>Whether <paramref name="key"/> names a model of this catalog.</summary>
    bool Contains(string key);

    /// <summary>The version, labels and configuration currently served under <paramref name="key"/>.</summary>
    /// <exception cref="ArgumentException">No model has that key; the message lists the known keys.</exception>
    ModelDescription Describe(string key);

    /// <summary>
    /// Loads the checkpoint at <paramref name="checkpointPath"/> under <paramref name="key"/> (new or replacing).
    /// A replaced model keeps serving the batches that already hold it and is disposed after the last one, so
    /// requests queued across the swap finish on the old version or the new one and never fail.
    /// </summary>
    /// <returns>The new version string (the checkpoint's metadata version, or the package manifest's).</returns>
    /// <exception cref="Checkpoints.CheckpointFormatException">
    /// Not a readable checkpoint or package (<see cref="Checkpoints.ModelChecksumException"/>: a package whose model file does not
    /// match its manifest's SHA-256).
    /// </exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="ArgumentException">The new model takes a different channel count than the one it replaces.</exception>
    string Load(string key, string checkpointPath);

    /// <summary>
    /// Takes the model currently served under <paramref name="key"/> for one use (a forward pass); dispose the lease
    /// when done. A swap does not dispose a model while a lease on it is open.
    /// </summary>
    /// <exception cref="ArgumentException">No model has that key.</exception>
    ModelLease Acquire(string key);
}
