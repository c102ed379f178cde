import BittensorCrypto
import HexCoding
import SCALE
import Subtensor
import SubtensorTestSupport
import Testing

@Suite struct MetagraphDecoderTests {
    let metadata: RuntimeMetadata
    init() throws { metadata = try GoldenFixture.metadata.get() }

    @Test func recordedNeuronsLiteMatchesTheSDKFieldForField() throws {
        let call = try #require(try GoldenFixture.section("runtime_calls").first { $0["method"] as? String == "get_neurons_lite" })
        let raw = try #require(call["raw_hex"] as? String)
        let graph = try MetagraphDecoder(metadata: metadata).metagraph(netuid: 1, block: 6, neuronsLite: try GoldenFixture.bytes(raw))
        try compareWithSDK(graph, raw: raw)
        // And with what the recording SDK itself decoded (a newer SDK than the 9.0.0 peer).
        let recorded = try #require((call["decoded"] as? [[String: Any]])?.first)
        let neuron = try #require(graph.neurons.first)
        #expect(neuron.hotkey == recorded["hotkey"] as? String)
        #expect(neuron.stake == ((recorded["stake"] as? [[Any]])?.first?[1] as? Int))
        #expect(neuron.active == (recorded["active"] as? Bool))
    }

    @Test func richerNeuronsMatchTheSDKFieldForField() throws {
        // Several neurons with every field non-trivial: IPv4 and IPv6 axons, large compacts,
        // several stake entries (one coldkey twice: the SDK keeps the later amount).
        let keys = (1...6).map { seed in [UInt8](repeating: UInt8(seed), count: 31) + [UInt8(seed * 7)] }
        var encoder = SCALEEncoder()
        encoder.encodeCompact(UInt128(3))
        for uid in 0..<3 {
            encoder.append(raw: keys[uid])  // hotkey
            encoder.append(raw: keys[uid + 3])  // coldkey
            encoder.encodeCompact(UInt128(uid * 100 + 7))  // uid
            encoder.encodeCompact(UInt128(27))  // netuid
            encoder.encode(uid != 1)  // active
            // axon_info: block, version, ip, port, ip_type, protocol, placeholders
            encoder.encode(UInt64(5_000_000 + uid)); encoder.encode(UInt32(10_002_000))
            encoder.encode(uid == 2 ? UInt128(0x2001_0db8_0000_0000_0000_0000_0000_0001) : UInt128(0xCB00_7105 + uid))
            encoder.encode(UInt16(8091 + uid)); encoder.encode(UInt8(uid == 2 ? 6 : 4)); encoder.encode(UInt8(4))
            encoder.encode(UInt8(0)); encoder.encode(UInt8(0))
            // prometheus_info: block, version, ip, port, ip_type
            encoder.encode(UInt64(9)); encoder.encode(UInt32(1)); encoder.encode(UInt128(0x0A00_0001)); encoder.encode(UInt16(7000));
            encoder.encode(UInt8(4))
            // stake: (coldkey, Compact<u64>)…
            encoder.encodeCompact(UInt128(3))
            encoder.append(raw: keys[3]); encoder.encodeCompact(UInt128(1_000_000_000 * (uid + 1)))
            encoder.append(raw: keys[4]); encoder.encodeCompact(UInt128(123_456_789_012))
            encoder.append(raw: keys[3]); encoder.encodeCompact(UInt128(55 + uid))
            encoder.encodeCompact(UInt128(0))  // rank
            encoder.encodeCompact(UInt128(987_654_321 * (uid + 1)))  // emission
            encoder.encodeCompact(UInt128(65535 - uid))  // incentive
            encoder.encodeCompact(UInt128(12345 + uid))  // consensus
            encoder.encodeCompact(UInt128(0))  // trust
            encoder.encodeCompact(UInt128(40000 + uid))  // validator_trust
            encoder.encodeCompact(UInt128(1 + uid))  // dividends
            encoder.encodeCompact(UInt128(4_000_000 + uid))  // last_update
            encoder.encode(uid == 0)  // validator_permit
            encoder.encodeCompact(UInt128(65535))  // pruning_score
        }
        let raw = "0x" + Hex.encode(encoder.bytes)
        let graph = try MetagraphDecoder(metadata: metadata).metagraph(netuid: 27, block: 100, neuronsLite: encoder.bytes)
        #expect(graph.neurons.count == 3)
        try compareWithSDK(graph, raw: raw)
    }

    @Test func truncatedOrInconsistentResultsFailClearly() throws {
        let call = try #require(try GoldenFixture.section("runtime_calls").first { $0["method"] as? String == "get_neurons_lite" })
        let bytes = try GoldenFixture.bytes(try #require(call["raw_hex"] as? String))
        let decoder = MetagraphDecoder(metadata: metadata)
        #expect(throws: SCALEError.self) { try decoder.metagraph(netuid: 1, block: 0, neuronsLite: Array(bytes.dropLast(3))) }
        #expect(throws: SCALEError.self) { try decoder.metagraph(netuid: 1, block: 0, neuronsLite: bytes + [0]) }
        // A list claiming a million neurons in 183 bytes.
        #expect(throws: SCALEError.self) {
            try decoder.metagraph(netuid: 1, block: 0, neuronsLite: [0x02, 0x09, 0x3d, 0x00] + bytes.dropFirst())
        }
    }

    /// A float the peer sent as Python `repr` text (Swift's `Double(String)` rounds correctly).
    private func float(_ value: Any?) -> Double? { (value as? String).flatMap(Double.init) }

    private func compareWithSDK(_ graph: Metagraph, raw: String) throws {
        let answer = try SDKPeer.call("neurons_lite", ["raw_hex": raw])
        let expected = try #require(answer["neurons"] as? [[String: Any]])
        try #require(expected.count == graph.neurons.count)
        for (neuron, sdk) in zip(graph.neurons, expected) {
            let label = "uid \(neuron.uid)"
            #expect(neuron.uid == sdk["uid"] as? Int, "\(label)")
            #expect(graph.netuid == sdk["netuid"] as? Int, "\(label)")
            #expect(neuron.hotkey == sdk["hotkey"] as? String, "\(label)")
            #expect(neuron.coldkey == sdk["coldkey"] as? String, "\(label)")
            #expect(neuron.active == sdk["active"] as? Bool, "\(label)")
            #expect(neuron.stake == sdk["stake_rao"] as? Int, "\(label)")
            // The SDK's emission is rao / 1e9 (TAO); ours stays in rao.
            #expect(Double(neuron.emission) / 1e9 == float(sdk["emission"]), "\(label)")
            #expect(neuron.incentive == float(sdk["incentive"]), "\(label)")
            #expect(neuron.consensus == float(sdk["consensus"]), "\(label)")
            #expect(neuron.trust == float(sdk["trust"]), "\(label)")
            #expect(neuron.validatorTrust == float(sdk["validator_trust"]), "\(label)")
            #expect(neuron.dividends == float(sdk["dividends"]), "\(label)")
            #expect(neuron.lastUpdate == sdk["last_update"] as? Int, "\(label)")
            #expect(neuron.validatorPermit == sdk["validator_permit"] as? Bool, "\(label)")
            let axon = try #require(sdk["axon"] as? [String: Any])
            #expect(neuron.axon.ip == axon["ip"] as? String, "\(label)")
            #expect(neuron.axon.port == axon["port"] as? Int, "\(label)")
            #expect(neuron.axon.version == axon["version"] as? Int, "\(label)")
            #expect(neuron.axon.ipType == axon["ip_type"] as? Int, "\(label)")
            #expect(neuron.axon.protocolNumber == axon["protocol"] as? Int, "\(label)")
            let prometheus = try #require(sdk["prometheus"] as? [String: Any])
            #expect(neuron.prometheus.ip == prometheus["ip"] as? String, "\(label)")
            #expect(neuron.prometheus.port == prometheus["port"] as? Int, "\(label)")
            #expect(neuron.prometheus.version == prometheus["version"] as? Int, "\(label)")
            #expect(neuron.prometheus.ipType == prometheus["ip_type"] as? Int, "\(label)")
        }
    }
}
