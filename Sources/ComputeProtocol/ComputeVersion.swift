/// The NI Compute protocol version this implementation speaks, as the reference publishes it.
public enum ComputeVersion {
    /// The reference release whose wire behaviour we follow (SN27 v2.2.1, November 2025).
    public static let string = "2.2.1"
    /// `100·major + 10·minor + patch` (the reference's `__version_as_int__`): served in the axon
    /// info on chain, sent as the weights version key and in sealed credentials.
    public static let asInt = 221
    /// Validators below this version are refused by miners (the reference's
    /// `__minimal_validator_version__`, 2.2.1 since v2.2.1).
    public static let minimalValidator = 221
    /// Miners below this version are not tested by validators (`__minimal_miner_version__`, 2.2.1).
    public static let minimalMiner = 221
}
