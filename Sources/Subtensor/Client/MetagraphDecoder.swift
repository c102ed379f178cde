import BittensorCrypto
import SCALE

/// Turns the result of `NeuronInfoRuntimeApi_get_neurons_lite` into a ``Metagraph`` with the
/// values the Python SDK derives (`NeuronInfoLite._from_dict`): consensus, incentive, dividends,
/// trust and validator trust as `u16 / 65535`; stake as the sum of the per-coldkey stakes;
/// addresses as SS58; IPs as netaddr renders them.
///
/// The bytes are decoded through the metadata's declared output type and read by field name,
/// so a runtime that reorders or adds fields still decodes, and one that drops a field fails
/// with a ``MetagraphDecodingError`` naming it.
public struct MetagraphDecoder: Sendable {
    public let metadata: RuntimeMetadata

    public init(metadata: RuntimeMetadata) { self.metadata = metadata }

    /// The neurons of `netuid` from the raw runtime-call result.
    public func metagraph(netuid: Int, block: Int, neuronsLite bytes: [UInt8]) throws -> Metagraph {
        let method = try metadata.runtimeAPI("NeuronInfoRuntimeApi", method: "get_neurons_lite")
        let value = try metadata.decode(bytes, as: method.output, context: "get_neurons_lite result")
        guard let list = value.elements else { throw MetagraphDecodingError(field: "get_neurons_lite", rule: "is not a list") }
        var neurons: [Neuron] = []
        neurons.reserveCapacity(list.count)
        for (position, entry) in list.enumerated() { neurons.append(try neuron(entry, position: position)) }
        return Metagraph(netuid: netuid, block: block, neurons: neurons)
    }

    private func neuron(_ value: DynamicValue, position: Int) throws -> Neuron {
        let context = "neuron[\(position)]"
        let hotkey = try account(value, "hotkey", context)
        let coldkey = try account(value, "coldkey", context)
        // The SDK folds the stake list into a dict by coldkey (a later entry replaces an
        // earlier one for the same coldkey) and sums its values.
        guard let stakeList = value["stake"]?.elements else {
            throw MetagraphDecodingError(field: "\(context).stake", rule: "missing or not a list")
        }
        var stakeByColdkey: [[UInt8]: UInt128] = [:]
        for item in stakeList {
            guard let pair = item.elements, pair.count == 2, let key = pair[0].bytes, let amount = pair[1].unsigned else {
                throw MetagraphDecodingError(field: "\(context).stake", rule: "entries must be (AccountId, Compact<u64>)")
            }
            stakeByColdkey[key] = amount
        }
        let stake = stakeByColdkey.values.reduce(UInt128(0), +)
        return Neuron(
            uid: try integer(value, "uid", context),
            hotkey: hotkey,
            coldkey: coldkey,
            stake: try fit(stake, "\(context).stake"),
            validatorPermit: try flag(value, "validator_permit", context),
            trust: Double(try integer(value, "trust", context)) / 65535,
            consensus: Double(try integer(value, "consensus", context)) / 65535,
            incentive: Double(try integer(value, "incentive", context)) / 65535,
            dividends: Double(try integer(value, "dividends", context)) / 65535,
            emission: try integer(value, "emission", context),
            lastUpdate: try integer(value, "last_update", context),
            registeredAt: 0,
            axon: try axon(value, context),
            prometheus: try prometheus(value, context),
            validatorTrust: Double(try integer(value, "validator_trust", context)) / 65535,
            active: try flag(value, "active", context)
        )
    }

    private func axon(_ value: DynamicValue, _ context: String) throws -> AxonInfo {
        guard let info = value["axon_info"] else { throw MetagraphDecodingError(field: "\(context).axon_info", rule: "missing") }
        let inner = "\(context).axon_info"
        return AxonInfo(
            ip: try ip(info, inner), port: try integer(info, "port", inner), version: try integer(info, "version", inner),
            ipType: try integer(info, "ip_type", inner), protocolNumber: try integer(info, "protocol", inner))
    }

    private func prometheus(_ value: DynamicValue, _ context: String) throws -> PrometheusInfo {
        guard let info = value["prometheus_info"] else {
            throw MetagraphDecodingError(field: "\(context).prometheus_info", rule: "missing")
        }
        let inner = "\(context).prometheus_info"
        return PrometheusInfo(
            ip: try ip(info, inner), port: try integer(info, "port", inner), version: try integer(info, "version", inner),
            ipType: try integer(info, "ip_type", inner))
    }

    private func ip(_ info: DynamicValue, _ context: String) throws -> String {
        guard let raw = info["ip"]?.unsigned else {
            throw MetagraphDecodingError(field: "\(context).ip", rule: "missing or not an integer")
        }
        return IPAddressText.render(raw)
    }

    private func account(_ value: DynamicValue, _ name: String, _ context: String) throws -> String {
        guard let bytes = value[name]?.bytes, bytes.count == 32 else {
            throw MetagraphDecodingError(field: "\(context).\(name)", rule: "must be a 32-byte AccountId")
        }
        return SS58.encode(bytes)
    }

    private func integer(_ value: DynamicValue, _ name: String, _ context: String) throws -> Int {
        guard let raw = value[name]?.unsigned else {
            throw MetagraphDecodingError(field: "\(context).\(name)", rule: "missing or not an integer")
        }
        return try fit(raw, "\(context).\(name)")
    }

    private func flag(_ value: DynamicValue, _ name: String, _ context: String) throws -> Bool {
        guard let raw = value[name]?.bool else { throw MetagraphDecodingError(field: "\(context).\(name)", rule: "missing or not a bool") }
        return raw
    }

    private func fit(_ raw: UInt128, _ field: String) throws -> Int {
        guard let value = Int(exactly: raw) else { throw MetagraphDecodingError(field: field, rule: "\(raw) exceeds Int") }
        return value
    }
}

/// A neurons-lite result whose shape is not what the SDK reads.
public struct MetagraphDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    public var field: String
    public var rule: String
    public var description: String { "metagraph: \(field) \(rule)" }
}
