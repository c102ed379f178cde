import SCALE
import Subtensor

/// The arguments of a `reveal_weights` call (after its two index bytes), in the chain's order.
public struct RevealArguments {
    public var netuid: UInt16
    public var uids: [UInt16]
    public var values: [UInt16]
    public var salt: [UInt16]
    public var versionKey: UInt64

    public init(call: [UInt8]) throws {
        var decoder = SCALEDecoder(Array(call.dropFirst(2)))
        netuid = try decoder.decode()
        uids = try [UInt16](from: &decoder)
        values = try [UInt16](from: &decoder)
        salt = try [UInt16](from: &decoder)
        versionKey = try decoder.decode()
    }

    /// The commit hash these arguments open for `hotkey`.
    public func commitHash(hotkey: [UInt8]) -> [UInt8] {
        WeightCommitment.commitHash(hotkey: hotkey, netuid: netuid, uids: uids, values: values, salt: salt, versionKey: versionKey)
    }
}
