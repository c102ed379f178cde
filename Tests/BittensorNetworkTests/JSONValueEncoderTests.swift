import ComputeProtocol
import Foundation
import Testing
@testable import BittensorNetwork

/// ``JSONValueEncoder``, which builds every synapse body: what Foundation's encoder wrote before
/// (read back, value for value), in the order fields are written, and what Codable allows
/// beyond the synapses' own shapes.
@Suite("the synapse body encoder")
struct JSONValueEncoderTests {
    /// `bytes` parsed, with every object's keys sorted: Foundation does not promise an order.
    private func sorted(_ bytes: [UInt8]) throws -> JSONValue {
        func sort(_ value: JSONValue) -> JSONValue {
            switch value {
            case let .object(pairs): .object(pairs.map { ($0.0, sort($0.1)) }.sorted { $0.0 < $1.0 })
            case let .array(items): .array(items.map(sort))
            default: value
            }
        }
        return sort(try OrderedJSON.parse(bytes))
    }

    @Test("every synapse encodes to what Foundation's encoder wrote, with its fields in declaration order")
    func sameAsFoundation() throws {
        var specs = Specs()
        specs.specsOutput = #"{"cpu": {"count": 2}, "note": "é\n\"q\" / 😀"}"#
        specs.common.dendrite?.hotkey = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"
        specs.common.axon?.processTime = 0.000123
        var challenge = Challenge()
        challenge.challengeHash = "ab" + String(repeating: "0", count: 62)
        challenge.output = .object([("z", .int(1)), ("a", .array([.bool(true), .null, .double(2.5)]))])
        var allocate = Allocate.allocation(
            publicKey: "PEM", timeline: 3, deviceRequirement: DeviceRequirement.minimal(testing: true).json)
        allocate.answer = AllocateOutput(status: true, info: "c2VhbGVk", port: 4444)

        try check(specs, firstKeys: ["name", "timeout", "total_size", "header_size", "dendrite", "axon", "computed_body_hash"])
        try check(challenge, firstKeys: ["name", "timeout"])
        try check(allocate, firstKeys: ["name", "timeout"])
        // The dict fields keep their own order, as before.
        let body = try OrderedJSON.parse(try SynapseCoder.encode(challenge))
        #expect(body["output"] == challenge.output)
        #expect(try SynapseCoder.decode(Specs.self, from: try SynapseCoder.encode(specs)) == specs)
    }

    private func check<S: Synapse>(_ synapse: S, firstKeys: [String]) throws {
        let ours = try SynapseCoder.encode(synapse)
        #expect(try sorted(ours) == sorted(Array(try JSONEncoder().encode(synapse))), "\(S.name)")
        guard case let .object(pairs) = try OrderedJSON.parse(ours) else {
            Issue.record("\(S.name): not an object")
            return
        }
        #expect(Array(pairs.map(\.0).prefix(firstKeys.count)) == firstKeys, "\(S.name)")
    }

    private struct Twice: Encodable {
        func encode(to encoder: any Encoder) throws {
            var first = encoder.container(keyedBy: AnyKey.self)
            try first.encode(1, forKey: AnyKey("a"))
            try first.encode("x", forKey: AnyKey("b"))
            // A second container of the same encoder writes into the same object.
            var second = encoder.container(keyedBy: AnyKey.self)
            try second.encode(2, forKey: AnyKey("a"))
            try second.encode(true, forKey: AnyKey("c"))
        }
    }

    @Test("a key written twice keeps its first place and its last value; two containers of one encoder share an object")
    func rewrittenKeys() throws {
        #expect(try JSONValueEncoder.encode(Twice()) == .object([("a", .int(2)), ("b", .string("x")), ("c", .bool(true))]))
    }

    private struct Late: Encodable {
        func encode(to encoder: any Encoder) throws {
            var top = encoder.container(keyedBy: AnyKey.self)
            var inner = top.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("inner"))
            var list = top.nestedUnkeyedContainer(forKey: AnyKey("list"))
            try top.encode("after", forKey: AnyKey("tail"))
            // Filled after the parent moved on.
            try inner.encode(1.5, forKey: AnyKey("x"))
            try list.encode(7)
            try list.encodeNil()
            let sup = top.superEncoder()
            var value = sup.singleValueContainer()
            try value.encode("base")
        }
    }

    @Test("nested containers and super encoders filled after their parent moved on still land")
    func lateContainers() throws {
        #expect(
            try JSONValueEncoder.encode(Late())
                == .object([
                    ("inner", .object([("x", .double(1.5))])), ("list", .array([.int(7), .null])), ("tail", .string("after")),
                    ("super", .string("base")),
                ]))
    }

    private struct Number<T: Encodable>: Encodable {
        let value: T
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: AnyKey.self)
            try container.encode(value, forKey: AnyKey("field"))
        }
    }

    @Test("non-finite floats and integers past Int are refused with the field's path, as Foundation refuses them")
    func refusals() throws {
        for bad in [Double.nan, .infinity, -.infinity] {
            #expect {
                try JSONValueEncoder.encode(Number(value: bad))
            } throws: { error in
                guard case let EncodingError.invalidValue(_, context) = error else { return false }
                return context.codingPath.map(\.stringValue) == ["field"]
            }
        }
        #expect(throws: EncodingError.self) { try JSONValueEncoder.encode(Number(value: UInt64.max)) }
        #expect(try JSONValueEncoder.encode(Number(value: UInt64(Int.max))) == .object([("field", .int(Int.max))]))
        #expect(try JSONValueEncoder.encode(Number(value: Float(0.1))) == .object([("field", .double(0.1))]))
        #expect(try JSONValueEncoder.encode(Number(value: Int8(-3))) == .object([("field", .int(-3))]))
    }

    private struct Nothing: Encodable {
        func encode(to encoder: any Encoder) throws {}
    }

    @Test("a value that writes nothing is an empty object; optionals write null")
    func emptyAndNull() throws {
        #expect(try JSONValueEncoder.encode(Nothing()) == .object([]))
        #expect(try JSONValueEncoder.encode([String?]([nil, "a"])) == .array([.null, .string("a")]))
    }

    @Test("a dictionary of 50 000 keys encodes whole, each key once")
    func largeObject() throws {
        var counts = [String: Int]()
        for index in 0..<50_000 { counts["k\(index)"] = index }
        guard case let .object(pairs) = try JSONValueEncoder.encode(counts) else {
            Issue.record("not an object")
            return
        }
        #expect(pairs.count == 50_000)
        #expect(Set(pairs.map(\.0)).count == 50_000)
        #expect(Dictionary(uniqueKeysWithValues: pairs)["k49999"] == .int(49_999))
    }
}
