import BittensorCrypto
import Foundation
import SCALE
import Subtensor
import SubtensorTestSupport
import Testing

@Suite struct RuntimeMetadataTests {
    let metadata: RuntimeMetadata
    init() throws { metadata = try GoldenFixture.metadata.get() }

    @Test func readsTheRecordedV15() throws {
        // The README's counts: 774 types, 28 pallets, 25 runtime APIs.
        #expect(metadata.types.count == 774)
        #expect(metadata.pallets.count == 28)
        #expect(metadata.apis.count == 25)
        #expect(metadata.extrinsic.version == 4)
        #expect(try metadata.pallet("SubtensorModule").index == 7)
        #expect(metadata.extrinsic.signedExtensions.map(\.identifier).contains("CheckMetadataHash"))
        let lite = try metadata.runtimeAPI("NeuronInfoRuntimeApi", method: "get_neurons_lite")
        #expect(lite.inputs.map(\.name) == ["netuid"])
    }

    @Test func callIndicesMatchTheRecordedCallData() throws {
        // Every recorded call's first two bytes are its pallet and call index.
        for call in try GoldenFixture.section("calls") {
            let pallet = try #require(call["module"] as? String)
            let function = try #require(call["function"] as? String)
            let data = try GoldenFixture.bytes(try #require(call["data_hex"] as? String))
            let (palletIndex, variant) = try metadata.call(pallet: pallet, call: function)
            #expect([palletIndex, variant.index] == Array(data.prefix(2)), "\(pallet).\(function)")
        }
        let setWeights = try metadata.call(pallet: "SubtensorModule", call: "set_weights").variant
        #expect(setWeights.fields.map(\.name) == ["netuid", "dests", "weights", "version_key"])
        #expect(throws: MetadataError.unknownCall(pallet: "SubtensorModule", call: "no_such_call")) {
            try metadata.call(pallet: "SubtensorModule", call: "no_such_call")
        }
    }

    @Test func storageKeysMatchTheRecordedKeys() throws {
        for item in try GoldenFixture.section("storage_keys") {
            let pallet = try #require(item["pallet"] as? String)
            let name = try #require(item["storage_function"] as? String)
            let params = try #require(item["params"] as? [Any])
            let entry = try metadata.storage(pallet: pallet, item: name).entry
            var keys: [[UInt8]] = []
            for (param, type) in zip(params, entry.keyTypes) { keys.append(try encodeKey(param, type: type)) }
            let key = try metadata.storageKey(pallet: pallet, item: name, keys: keys)
            #expect("0x" + key.map { String(format: "%02x", $0) }.joined() == item["key_hex"] as? String, "\(pallet).\(name)")
        }
        #expect(throws: MetadataError.storageKeyCount(item: "SubtensorModule.Tempo", expected: 1, actual: 0)) {
            try metadata.storageKey(pallet: "SubtensorModule", item: "Tempo")
        }
    }

    @Test func storageValuesDecodeAsRecorded() throws {
        for item in try GoldenFixture.section("storage_values") {
            guard let raw = item["raw_hex"] as? String, let decoded = item["decoded"] as? Int else { continue }
            let entry = try metadata.storage(
                pallet: try #require(item["pallet"] as? String),
                item: try #require(item["storage_function"] as? String)
            ).entry
            let value = try metadata.decode(try GoldenFixture.bytes(raw), as: entry.valueType, context: "storage")
            if let flag = value.bool {
                #expect(flag == (decoded != 0), "\(item["storage_function"] ?? "")")
            } else {
                #expect(value.unsigned == UInt128(decoded), "\(item["storage_function"] ?? "")")
            }
        }
    }

    @Test func hyperparametersDecodeByNameAsTheSDKDid() throws {
        let call = try #require(try GoldenFixture.section("runtime_calls").first { $0["method"] as? String == "get_subnet_hyperparams" })
        let method = try metadata.runtimeAPI("SubnetInfoRuntimeApi", method: "get_subnet_hyperparams")
        let value = try metadata.decode(
            try GoldenFixture.bytes(try #require(call["raw_hex"] as? String)), as: method.output, context: "hyperparams")
        let expected = try #require(call["decoded"] as? [String: Any])
        guard case let .variant("Some", _, fields) = value, let inner = fields.first?.value else {
            Issue.record("expected Some(SubnetHyperparams), got \(value)")
            return
        }
        for (name, recorded) in expected {
            let field = try #require(inner[name], "field \(name)")
            if let decodedFlag = field.bool {
                #expect(decodedFlag == (recorded as? Bool), "\(name)")
            } else {
                #expect(field.unsigned == UInt128(try #require(recorded as? Int)), "\(name)")
            }
        }
    }

    @Test func refusesOtherVersionsAndMalformedBytes() throws {
        let v14 = try GoldenFixture.bytes(try #require((try GoldenFixture.json()["metadata"] as? [String: Any])?["v14_hex"] as? String))
        #expect(throws: MetadataError.unsupportedVersion(14)) { try RuntimeMetadata(bytes: v14) }
        #expect(throws: MetadataError.badMagic(0x0403_0202)) { try RuntimeMetadata(bytes: [2, 2, 3, 4, 15]) }
        let whole = try GoldenFixture.bytes(try #require((try GoldenFixture.json()["metadata"] as? [String: Any])?["v15_hex"] as? String))
        #expect {
            try RuntimeMetadata(bytes: Array(whole.prefix(5000)))
        } throws: { error in
            if case .malformed = error as? MetadataError { return true }
            return false
        }
    }

    @Test func twoXMatchesKnownPrefixes() {
        // twox128("System") and twox128("Number") as in every Substrate chain's System.Number key.
        #expect(
            TwoX.hash(Array("System".utf8), outputLength: 16) + TwoX.hash(Array("Number".utf8), outputLength: 16)
                == hexBytes("26aa394eea5630e07c48ae0c9558cef702a5c1b19ab7a04f536c519aca4983ac"))
        // XXH64 of the empty input, seed 0 (the reference implementation's test vector).
        #expect(TwoX.xxh64([], seed: 0) == 0xEF46_DB37_51D8_E999)
        // Inputs of 32+ bytes go through the four-lane path.
        let long = Array("the quick brown fox jumps over the lazy dog, twice over".utf8)
        #expect(TwoX.xxh64(long, seed: 0) != TwoX.xxh64(long, seed: 1))
    }

    /// SCALE for a recorded key parameter: an SS58 address, a hex blob or an integer of the key's width.
    private func encodeKey(_ param: Any, type: UInt32) throws -> [UInt8] {
        if let text = param as? String {
            if text.hasPrefix("0x") { return try GoldenFixture.bytes(text) }
            return try PublicKey(ss58Address: text).bytes
        }
        let number = try #require(param as? Int)
        var encoder = SCALEEncoder()
        switch try metadata.shape(of: type) {
        case "u8": encoder.encode(UInt8(number))
        case "u16": encoder.encode(UInt16(number))
        case "u32": encoder.encode(UInt32(number))
        case "u64": encoder.encode(UInt64(number))
        case let other: throw GoldenFixture.Missing(description: "key shape \(other) not handled by this test")
        }
        return encoder.bytes
    }
}

func hexBytes(_ text: String) -> [UInt8] { (try? GoldenFixture.bytes(text)) ?? [] }
