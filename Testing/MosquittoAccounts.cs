namespace EdgeVision.Testing;

/// <summary>
/// Accounts for <see cref="MosquittoBroker"/>: every client logs in with one of <paramref name="Passwords"/> (user name to
/// password, written with Debian's <c>mosquitto_passwd</c>), and <paramref name="AclFile"/>, when set, is mosquitto's
/// <c>acl_file</c>.
/// </summary>
public sealed record MosquittoAccounts(IReadOnlyDictionary<string, string> Passwords, string? AclFile = null);
