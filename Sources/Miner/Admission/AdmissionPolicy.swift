import Subtensor

/// Who may call this miner, decided from the latest metagraph. The checks run in this order,
/// each with the reference's reason text, and the first that applies decides:
///
/// 1. `--blacklist.hotkeys` → blocked ("Blacklisted hotkey");
/// 2. known exploiters (`--blacklist.exploiters`) → blocked;
/// 3. not registered on the subnet → blocked ("Unrecognized hotkey");
/// 4. `--whitelist.hotkeys` given and the caller not on it → blocked ("Not whitelisted");
///    on it → accepted without the stake check ("Whitelisted hotkey");
/// 5. stake below the validator minimum, unless `--miner.whitelist.not.enough.stake` →
///    blocked ("Not enough stake!");
/// 6. accepted ("Hotkey recognized!").
///
/// The reference accepted every hotkey *not* on its whitelist before any other check (its
/// condition was inverted, reference-inventory §6.1.1); here the whitelist restricts.
public struct AdmissionPolicy: Sendable {
    public var blacklist: Set<String>
    public var whitelist: Set<String>
    public var exploiters: Set<String>
    /// In rao; the reference's `validator_permit_stake` is 10 000 TAO.
    public var minimumStake: Int
    public var allowLowStake: Bool

    public static let defaultMinimumStakeTAO = 10_000.0
    public static let raoPerTAO = 1_000_000_000.0

    public init(
        blacklist: Set<String> = [], whitelist: Set<String> = [], exploiters: Set<String> = [],
        minimumStake: Int = Int(defaultMinimumStakeTAO * raoPerTAO), allowLowStake: Bool = false
    ) {
        self.blacklist = blacklist
        self.whitelist = whitelist
        self.exploiters = exploiters
        self.minimumStake = minimumStake
        self.allowLowStake = allowLowStake
    }

    /// (blocked, reason) for `hotkey`, the shape axon blacklist hooks return.
    public func evaluate(hotkey: String?, metagraph: Metagraph?) -> (blocked: Bool, reason: String) {
        guard let hotkey, !hotkey.isEmpty else { return (true, "Missing hotkey") }
        if blacklist.contains(hotkey) { return (true, "Blacklisted hotkey") }
        if exploiters.contains(hotkey) { return (true, "Blacklisted a request from an exploiter hotkey: \(hotkey)") }
        guard let neuron = metagraph?.neuron(hotkey: hotkey) else { return (true, "Unrecognized hotkey") }
        if !whitelist.isEmpty {
            return whitelist.contains(hotkey) ? (false, "Whitelisted hotkey") : (true, "Not whitelisted")
        }
        if neuron.stake < minimumStake && !allowLowStake { return (true, "Not enough stake!") }
        return (false, "Hotkey recognized!")
    }

    /// The caller's stake in TAO plus `bump` (Allocate +3, Challenge +2, Specs +1): the order in
    /// which waiting requests are served. Unregistered callers never get this far.
    public func priority(hotkey: String?, metagraph: Metagraph?, bump: Double) -> Double {
        guard let hotkey, let neuron = metagraph?.neuron(hotkey: hotkey) else { return 0 }
        return Double(neuron.stake) / Self.raoPerTAO + bump
    }
}
