import BittensorCrypto
import HexCoding
import SCALE
import Subtensor
import SubtensorTestSupport
import Testing
import Timelock

@Suite struct ExtrinsicTests {
    let metadata: RuntimeMetadata
    let chain: ChainIdentity
    init() throws {
        metadata = try GoldenFixture.metadata.get()
        let network = try #require(try GoldenFixture.json()["network"] as? [String: Any])
        chain = ChainIdentity(
            specVersion: UInt32(try #require(network["spec_version"] as? Int)),
            transactionVersion: UInt32(try #require(network["transaction_version"] as? Int)),
            genesisHash: try GoldenFixture.bytes(try #require(network["genesis_hash"] as? String)))
    }

    /// The recorded `Balances.transfer_keep_alive(Bob, 12345)`, encoded through the metadata.
    private func recordedTransfer() throws -> SubtensorCall {
        let bob = try PublicKey(ss58Address: "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty").bytes
        var value = SCALEEncoder()
        value.encodeCompact(UInt64(12345))
        return try SubtensorCall(
            pallet: "Balances", name: "transfer_keep_alive",
            arguments: [.init("dest", "MultiAddress", [0] + bob), .init("value", "Compact<u64>", value.bytes)],
            metadata: metadata)
    }

    /// The era and era block hash of a recorded entry (`"00"` or `{period, current}`).
    private func era(_ recorded: Any?, birthHash: String?) throws -> (Era, [UInt8]) {
        guard let mortal = recorded as? [String: Any] else { return (.immortal, chain.genesisHash) }
        let era = Era.mortal(
            period: UInt64(try #require(mortal["period"] as? Int)), current: UInt64(try #require(mortal["current"] as? Int)))
        return (era, try GoldenFixture.bytes(try #require(birthHash)))
    }

    @Test func recordedSignedExtrinsicsReencodeByteForByte() throws {
        let payloads = try GoldenFixture.section("signature_payloads")
        let birthHash = payloads.compactMap { $0["era_birth_block_hash"] as? String }.first
        for recorded in try GoldenFixture.section("extrinsics") {
            let call = try recordedTransfer()
            #expect(call.bytes == (try GoldenFixture.bytes(try #require(recorded["call_data_hex"] as? String))))
            let (era, eraHash) = try era(recorded["era"], birthHash: birthHash)
            let signature = try GoldenFixture.bytes(try #require(recorded["signature_hex"] as? String))
            let extrinsic = try SignedExtrinsic(
                call: call, publicKey: try GoldenFixture.bytes(try #require(recorded["public_key_hex"] as? String)), chain: chain,
                options: .init(nonce: UInt32(try #require(recorded["nonce"] as? Int)), era: era, eraBlockHash: eraHash), metadata: metadata
            ) { _ in signature }
            #expect("0x" + Hex.encode(extrinsic.bytes) == recorded["extrinsic_hex"] as? String)
            #expect("0x" + Hex.encode(extrinsic.hash) == recorded["extrinsic_hash"] as? String)
        }
    }

    @Test func recordedSigningPayloadsMatch() throws {
        for recorded in try GoldenFixture.section("signature_payloads") {
            let (era, eraHash) = try era(recorded["era"], birthHash: recorded["era_birth_block_hash"] as? String)
            let extrinsic = try SignedExtrinsic(
                call: try recordedTransfer(), publicKey: [UInt8](repeating: 0, count: 32), chain: chain,
                options: .init(nonce: UInt32(try #require(recorded["nonce"] as? Int)), era: era, eraBlockHash: eraHash),
                metadata: metadata
            ) { _ in [UInt8](repeating: 0, count: 64) }
            #expect("0x" + Hex.encode(extrinsic.payload) == recorded["payload_hex"] as? String)
        }
    }

    @Test func erasFollowTheSDK() {
        // The protocol notes' example: period 128 at block 1000 → 8606, born at 1000.
        let era = Era.mortal(period: 128, current: 1000)
        #expect(era.encoded == [0x86, 0x06])
        #expect(era.birth(current: 1000) == 1000)
        #expect(Era.mortal(period: 64, current: 5).encoded == [0x55, 0x00])
        #expect(Era.mortal(period: 3, current: 7) == .mortal(period: 4, phase: 3))
        #expect(Era.immortal.encoded == [0])
    }

    @Test func recordedSetWeightsCallData() throws {
        let recorded = try #require(try GoldenFixture.section("calls").first { $0["function"] as? String == "set_weights" })
        let call = try SubtensorCall.setWeights(netuid: 1, uids: [0, 1], weights: [100, 200], versionKey: 0, metadata: metadata)
        #expect("0x" + Hex.encode(call.bytes) == recorded["data_hex"] as? String)
        // The protocol notes' computed examples (§3.7).
        #expect(
            Hex.encode(
                try SubtensorCall.setWeights(
                    netuid: 1, uids: [0, 1, 2], weights: [65535, 32768, 4660], versionKey: 10_002_000,
                    metadata: metadata
                ).bytes) == "070001000c0000010002000cffff00803412509e980000000000")
        #expect(
            Hex.encode(
                try SubtensorCall.serveAxon(
                    netuid: 1, version: 10_002_000, ip: 0xCB00_7105, port: 8091, ipType: 4, protocolNumber: 4,
                    metadata: metadata
                ).bytes) == "07040100509e9800057100cb0000000000000000000000009b1f04040000")
    }

    @Test func refusesCallsTheMetadataDoesNotHaveOrShapesItDoesNotMatch() throws {
        #expect(throws: MetadataError.unknownCall(pallet: "SubtensorModule", call: "set_weights_v9")) {
            try SubtensorCall(pallet: "SubtensorModule", name: "set_weights_v9", arguments: [], metadata: metadata)
        }
        #expect(
            throws: MetadataError.shapeMismatch(context: "SubtensorModule.set_weights argument version_key", expected: "u32", found: "u64")
        ) {
            try SubtensorCall(
                pallet: "SubtensorModule", name: "set_weights",
                arguments: [
                    .init("netuid", "u16", [1, 0]), .init("dests", "Vec<u16>", [0]), .init("weights", "Vec<u16>", [0]),
                    .init("version_key", "u32", [0, 0, 0, 0]),
                ], metadata: metadata)
        }
        #expect(throws: MetadataError.self) {
            try SubtensorCall(
                pallet: "SubtensorModule", name: "set_weights", arguments: [.init("netuid", "u16", [1, 0])], metadata: metadata)
        }
    }

    @Test func commitHashMatchesTheWorkedExampleAndTheSDK() throws {
        let alice = try Keypair(uri: "//Alice")
        let hash = WeightCommitment.commitHash(
            hotkey: alice.publicKey.bytes, netuid: 1, uids: [0, 1, 2], values: [65535, 32768, 4660],
            salt: [1, 2, 3, 4, 5, 6, 7, 8], versionKey: 10_002_000)
        #expect(Hex.encode(hash) == "94566025a951f58eafaf5a3860104860c8ff46379cc49d07d74bf71b1b53b7f0")
        let answer = try SDKPeer.call(
            "commit_hash",
            [
                "hotkey_ss58": alice.ss58Address, "netuid": 1, "uids": [0, 1, 2],
                "values": [65535, 32768, 4660], "salt": [1, 2, 3, 4, 5, 6, 7, 8], "version_key": 10_002_000,
            ])
        #expect(answer["hash"] as? String == "0x" + Hex.encode(hash))
    }

    @Test func normalizationMatchesTheSDK() throws {
        // Ties at .5 after scaling (half to even), zeros dropped, float32 inputs, a single weight.
        let cases: [([Int], [Double])] = [
            ([0, 1, 2], [1.0, 0.5, 0.0]),
            ([3, 4, 5, 6], [2.0, 1.0, 1.0 / 3.0, 1e-9]),
            ([7, 8], [65535, 0.5]),
            ([9, 10, 11], [131070, 1, 3]),
            ([12], [0.25]),
            (Array(0..<50), (0..<50).map { Double(($0 * 7919) % 101) / 37.0 }),
        ]
        for (uids, weights) in cases {
            let ours = try WeightCommitment.normalize(uids: uids, weights: weights)
            let sdk = try SDKPeer.call("normalize", ["uids": uids, "weights": weights])
            #expect(ours.uids.map(Int.init) == sdk["uids"] as? [Int], "\(weights)")
            #expect(ours.weights.map(Int.init) == sdk["weights"] as? [Int], "\(weights)")
        }
        #expect(try WeightCommitment.normalize(uids: [1, 2], weights: [0, 0]).uids.isEmpty)
        #expect(throws: ChainError.self) { try WeightCommitment.normalize(uids: [1], weights: [-1]) }
        #expect(throws: ChainError.self) { try WeightCommitment.normalize(uids: [1, 2], weights: [1]) }
    }

    @Test func ourExtrinsicsDecodeWithTheSDKAndVerifyOverItsPayload() throws {
        let alice = try Keypair(uri: "//Alice")
        let salt: [UInt16] = [11, 22, 33, 44, 55, 66, 77, 88]
        let manyUIDs = (0..<150).map { UInt16($0) }
        let hash = WeightCommitment.commitHash(
            hotkey: alice.publicKey.bytes, netuid: 27, uids: [0, 5], values: [65535, 1234],
            salt: salt, versionKey: 7)
        let timelocked = Timelock.encrypt(
            WeightsTlockPayload(hotkey: alice.publicKey.bytes, uids: [0, 5], values: [65535, 1234], versionKey: 7).bytes,
            round: 24_000_123
        ).bytes
        // This runtime (spec 438) no longer has the CR v3 call: building it names the missing call.
        #expect(throws: MetadataError.unknownCall(pallet: "SubtensorModule", call: "commit_crv3_weights")) {
            try SubtensorCall.commitCRV3Weights(netuid: 27, commit: timelocked, revealRound: 1, metadata: metadata)
        }
        let cases: [(SubtensorCall, [String: Any])] = [
            (
                try SubtensorCall.setWeights(
                    netuid: 27, uids: [0, 5, 9], weights: [65535, 100, 7], versionKey: 10_002_000, metadata: metadata),
                ["netuid": 27, "dests": [0, 5, 9], "weights": [65535, 100, 7], "version_key": 10_002_000]
            ),
            // Over 256 bytes of payload: the SDK signs its BLAKE2b-256.
            (
                try SubtensorCall.setWeights(
                    netuid: 27, uids: manyUIDs, weights: manyUIDs.map { $0 &* 400 }, versionKey: 3, metadata: metadata),
                ["netuid": 27, "dests": manyUIDs.map(Int.init), "weights": manyUIDs.map { Int($0 &* 400) }, "version_key": 3]
            ),
            (
                try SubtensorCall.serveAxon(
                    netuid: 27, version: 900, ip: 0xCB00_7105, port: 8091, ipType: 4, protocolNumber: 4, metadata: metadata),
                [
                    "netuid": 27, "version": 900, "ip": 0xCB00_7105, "port": 8091, "ip_type": 4, "protocol": 4, "placeholder1": 0,
                    "placeholder2": 0,
                ]
            ),
            (
                try SubtensorCall.commitWeights(netuid: 27, commitHash: hash, metadata: metadata),
                ["netuid": 27, "commit_hash": "0x" + Hex.encode(hash)]
            ),
            (
                try SubtensorCall.revealWeights(
                    netuid: 27, uids: [0, 5], values: [65535, 1234], salt: salt, versionKey: 7, metadata: metadata),
                ["netuid": 27, "uids": [0, 5], "values": [65535, 1234], "salt": salt.map(Int.init), "version_key": 7]
            ),
            // Timelocked commit-reveal v4: a real ciphertext of a weights payload.
            (
                try SubtensorCall.commitTimelockedWeights(
                    netuid: 27, commit: timelocked, revealRound: 24_000_123, commitRevealVersion: 4,
                    metadata: metadata),
                ["netuid": 27, "commit": "0x" + Hex.encode(timelocked), "reveal_round": 24_000_123, "commit_reveal_version": 4]
            ),
        ]
        let birthHash = [UInt8](repeating: 0xab, count: 32)
        for (index, (call, expectedArgs)) in cases.enumerated() {
            let mortal = index % 2 == 1
            let era: Era = mortal ? .mortal(period: 64, current: 1000) : .immortal
            let options = SignedExtrinsic.Options(nonce: UInt32(index * 3), era: era, eraBlockHash: mortal ? birthHash : chain.genesisHash)
            let extrinsic = try SignedExtrinsic(call: call, signer: alice, chain: chain, options: options, metadata: metadata)
            var arguments: [String: Any] = ["extrinsic_hex": "0x" + Hex.encode(extrinsic.bytes)]
            if mortal {
                arguments["era_current"] = 1000
                arguments["block_hashes"] = [String(era.birth(current: 1000)): "0x" + Hex.encode(birthHash)]
            }
            let sdk = try SDKPeer.call("decode_extrinsic", arguments)
            #expect(sdk["module"] as? String == "SubtensorModule", "\(call.name)")
            #expect(sdk["function"] as? String == call.name)
            let args = try #require(sdk["args"] as? [String: Any])
            #expect(Set(args.keys) == Set(expectedArgs.keys), "\(call.name)")
            for (key, value) in expectedArgs {
                #expect("\(args[key] ?? "nil")" == "\(value)", "\(call.name).\(key)")
            }
            #expect(sdk["address"] as? String == alice.ss58Address)
            #expect(sdk["nonce"] as? Int == index * 3)
            #expect(sdk["call_hex"] as? String == "0x" + Hex.encode(call.bytes))
            #expect(sdk["verified"] as? Bool == true, "\(call.name): the signature must verify over the SDK's payload")
            #expect(sdk["extrinsic_hash"] as? String == "0x" + Hex.encode(extrinsic.hash))
            let sdkPayload = try GoldenFixture.bytes(try #require(sdk["payload_hex"] as? String))
            #expect(sdkPayload == (extrinsic.payload.count > 256 ? Blake2b.hash(extrinsic.payload, outputLength: 32) : extrinsic.payload))
        }
    }
}
