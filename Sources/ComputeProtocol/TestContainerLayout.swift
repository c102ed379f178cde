/// Where a validator's Proof-of-GPU test puts things in a miner's test container: shared by the
/// validator, which uploads the worker there unless a copy with the same hash is already in
/// place, and our miner, which puts its own installed worker there when it creates a test
/// container, so that a validator of the same release sends nothing.
public enum TestContainerLayout {
    /// The worker, executable by root only.
    public static let workerPath = "/tmp/nicompute/nicompute-pog"
    /// The worker's state between `compute` and `proof`.
    public static let stateDirectory = "/tmp/nicompute/state"
}
