/// The hyperparameters a subnet gets when the local chain creates it.
public struct LocalChainParameters: Sendable, Equatable {
    /// Blocks between epochs.
    public var tempo = 360
    public var maxUIDs = 256
    /// Blocks after registration during which a neuron cannot be replaced.
    public var immunityPeriod = 5_000
    /// Blocks a validator must wait between two `set_weights`.
    public var weightsRateLimit = 100
    /// Rao emitted to the subnet per epoch.
    public var emissionPerEpoch = 1_000_000_000
    /// At most this many neurons, by stake, hold a validator permit.
    public var maxValidators = 64
    /// Weights go through timelocked commit-reveal, as on every subnet of the live chain.
    public var commitRevealEnabled = true
    /// Epochs between a commit and its reveal (`RevealPeriodEpochs`, the chain's default 1).
    public var revealPeriodEpochs = 1

    public init() {}

    /// Seconds-scale settings for the devnet and tests.
    public static var fast: LocalChainParameters {
        var parameters = LocalChainParameters()
        parameters.tempo = 10
        parameters.immunityPeriod = 20
        parameters.weightsRateLimit = 2
        return parameters
    }
}
