/// How an axon listens and what it accepts.
public struct AxonConfiguration: Sendable {
    /// The address to bind (`0.0.0.0` to serve the network, as the Python axon does).
    public var host: String
    /// `--axon.port`; the reference default is 8091.
    public var port: Int
    /// Larger bodies are refused with 413 before they are read in full.
    public var maximumBodyBytes: Int
    /// Handlers running at once; further requests wait, most urgent first.
    public var maximumConcurrentHandlers: Int
    /// This software's version as bittensor's integer (`major·10⁶ + minor·10³ + patch`).
    public var version: Int
    /// A SQLite file for the nonce memory, so a request captured before a restart cannot be
    /// replayed after it; nil keeps it in memory only (tests, metrics-only axons).
    public var nonceStorePath: String?

    public init(
        host: String = "0.0.0.0", port: Int = 8091, maximumBodyBytes: Int = 1 << 20,
        maximumConcurrentHandlers: Int = 64, version: Int = 9_000_000, nonceStorePath: String? = nil
    ) {
        self.host = host
        self.port = port
        self.maximumBodyBytes = maximumBodyBytes
        self.maximumConcurrentHandlers = maximumConcurrentHandlers
        self.version = version
        self.nonceStorePath = nonceStorePath
    }
}
