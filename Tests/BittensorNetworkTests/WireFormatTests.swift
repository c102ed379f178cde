import Foundation
import Testing
@testable import BittensorCrypto
@testable import BittensorNetwork
import HexCoding

@Suite("synapse wire format: Python rendering, body hash, signature message")
struct WireFormatTests {
    @Test("str() of random values matches CPython exactly")
    func pythonRendering() throws {
        for seed in [1, 2, 3] {
            let answer = try PythonPeer.call("repr-cases", ["seed": seed, "count": 300])
            let cases = try #require(answer["cases"] as? [[String: Any]])
            for testCase in cases {
                let value = try PythonPeer.value(testCase["value"])
                #expect(value.str == testCase["str"] as? String)
            }
        }
    }

    @Test("body hashes of the spec's vectors")
    func bodyHashVectors() {
        #expect(BodyHash.empty == "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a")
        #expect(BodyHash.compute([.int(42)]) == "4adc92a2d30b60490fd7b501c488fea6d9c10ee8525c0193e2757acd8d2d3b5f")
        let multi: [PythonValue] = [.string("héllo"), .list([.float(0.1), .float(1.0), .float(1e-05), .float(3.0)]), .bool(true)]
        #expect(BodyHash.compute(multi) == "fadcc18d31d4558eb8d1c199be006e948f069c4fd3c190fc1f19bd18cbc91405")
    }

    @Test(
        "body hash equals bittensor 9.0.0's for floats, lists, dicts and non-ASCII text",
        arguments: [
            #"{"ratio": 0.1, "nums": [1, 2.5, 1e-7], "meta": {"a": 1, "é": 2}, "text": "héllo wörld 中文 😀", "flag": true, "count": 7}"#,
            #"{"ratio": 1e16, "nums": [], "meta": {}, "text": "it's \"quoted\"\n", "flag": false, "count": -3, "note": "x"}"#,
            #"{"ratio": -0.0, "nums": [123456789.123], "meta": {"k'": 0}, "text": "", "flag": true, "count": 0}"#,
        ])
    func bodyHashAgainstPython(fieldsJSON: String) throws {
        let fields = try JSONSerialization.jsonObject(with: Data(fieldsJSON.utf8))
        let answer = try PythonPeer.call("body-hash", ["fields": fields])
        let values = try #require(answer["values"] as? [Any]).map(PythonPeer.value)
        #expect(BodyHash.compute(values) == answer["body_hash"] as? String)
    }

    @Test("the worked example's signed message and deterministic signature")
    func workedExample() throws {
        let signature = SynapseSignature(
            nonce: 1_700_000_000_000_000_000,
            dendriteHotkey: "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",
            axonHotkey: "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty",
            uuid: "5ecbd69c-1cec-11ee-b0dc-e29ce36fec1a",
            bodyHash: BodyHash.compute([.int(42)])
        )
        #expect(
            signature.message
                == "1700000000000000000.5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY.5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty.5ecbd69c-1cec-11ee-b0dc-e29ce36fec1a.4adc92a2d30b60490fd7b501c488fea6d9c10ee8525c0193e2757acd8d2d3b5f"
        )
        let alice = try Keypair(uri: "//Alice")
        let fixed = Scalar25519.reducing(wide: Array(SodiumHashes.sha512(Array("fixed-r-for-test-vector".utf8))))
        let bytes = try #require(alice.secretKey).sign(Array(signature.message.utf8), publicKey: alice.publicKey, witness: fixed)
        #expect(
            "0x" + Hex.encode(bytes)
                == "0xc05b8911838bf21eff58219f43d8289ce021ecede1eb7a9c573e8d66f2135a04dcff30b5edbb7a974be7c35524c151429cfdadaae903206910a9c59f16f1d289"
        )
        #expect(signature.verify("0x" + Hex.encode(bytes)))
    }

    @Test("signatures cross to and from bittensor-wallet")
    func signaturesInterop() throws {
        let alice = try Keypair(uri: "//Alice")
        let signature = SynapseSignature(
            nonce: 1, dendriteHotkey: alice.ss58Address, axonHotkey: "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty",
            uuid: "u", bodyHash: BodyHash.empty)
        let ours = try signature.sign(with: alice)
        #expect(
            try PythonPeer.call("verify", ["ss58": alice.ss58Address, "message": signature.message, "signature": ours])["valid"] as? Bool
                == true)
        let theirs = try #require(try PythonPeer.call("sign", ["uri": "//Alice", "message": signature.message])["signature"] as? String)
        #expect(signature.verify(theirs))
        let other = SynapseSignature(
            nonce: 2, dendriteHotkey: alice.ss58Address, axonHotkey: signature.axonHotkey, uuid: "u", bodyHash: BodyHash.empty)
        #expect(!other.verify(theirs))
        #expect(!signature.verify("0xzz"))
    }

    @Test("input placeholders are base64 of the default JSON of the field's type")
    func placeholders() {
        #expect(
            [PythonType.int, .float, .string, .bool, .list, .dict].map(\.headerPlaceholder) == [
                "MA==", "MC4w", "IiI=", "ZmFsc2U=", "W10=", "e30=",
            ])
    }

    @Test("terminal info renders and parses header values like pydantic")
    func terminalInfo() throws {
        let info = TerminalInfo(processTime: 0.0123, ip: "198.51.100.7", port: 8091, nonce: 1_700_000_000_000_000_000, hotkey: "5F")
        #expect(
            info.headerFields.map { "\($0.0)=\($0.1)" } == [
                "process_time=0.0123", "ip=198.51.100.7", "port=8091", "nonce=1700000000000000000", "hotkey=5F",
            ])
        var parsed = TerminalInfo()
        for (key, value) in info.headerFields { try parsed.set(field: key, headerValue: value) }
        #expect(parsed == info)
        #expect(throws: SynapseHeaderError.invalidNumber(field: "port", value: "80a")) { try parsed.set(field: "port", headerValue: "80a") }
    }
}
