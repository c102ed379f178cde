import Testing
@testable import BittensorNetwork

@Suite("order-keeping JSON")
struct OrderedJSONTests {
    @Test("keys keep document order through parse and serialize")
    func roundTrip() throws {
        let text = #"{"z":1,"a":[true,null,-2.5e-07,"é\n\"q\"😀"],"m":{"y":{},"b":[]},"i":-12}"#
        let value = try OrderedJSON.parse(Array(text.utf8))
        #expect(
            String(decoding: OrderedJSON.serialize(value), as: UTF8.self)
                == #"{"z":1,"a":[true,null,-2.5e-07,"é\n\"q\"😀"],"m":{"y":{},"b":[]},"i":-12}"#)
        guard case let .object(pairs) = value else { Issue.record("not an object"); return }
        #expect(pairs.map(\.0) == ["z", "a", "m", "i"])
        #expect(value.pythonValue.repr == #"{'z': 1, 'a': [True, None, -2.5e-07, 'é\n"q"😀'], 'm': {'y': {}, 'b': []}, 'i': -12}"#)
    }

    @Test("escapes, surrogate pairs and Python's non-finite numbers")
    func escapes() throws {
        #expect(try OrderedJSON.parse(Array(#""\u00e9\ud83d\ude00\t""#.utf8)) == .string("é😀\t"))
        #expect(try OrderedJSON.parse(Array("[NaN, Infinity, -Infinity]".utf8)).pythonValue.repr == "[nan, inf, -inf]")
        #expect(try OrderedJSON.parse(Array(#"{"a":1,"a":2}"#.utf8)) == .object([("a", .int(2))]))
    }

    @Test("a duplicate past the first sixteen keys is found as one among them is; bytes that are not UTF-8 read as U+FFFD")
    func smallObjectsAndRepair() throws {
        let keys = (0..<20).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        let value = try OrderedJSON.parse(Array("{\(keys),\"k3\":-3,\"k19\":-19}".utf8))
        guard case let .object(pairs) = value else { Issue.record("not an object"); return }
        #expect(pairs.count == 20 && pairs[3] == ("k3", .int(-3)) && pairs[19] == ("k19", .int(-19)))
        #expect(throws: OrderedJSON.ParseError.self) {
            try OrderedJSON.parse(Array("{\(keys),\"k19\":0}".utf8), duplicateKeys: .reject)
        }
        // The same repair on the plain path and after an escape.
        #expect(try OrderedJSON.parse([0x22, 0x61, 0xFF, 0x22]) == .string("a\u{FFFD}"))
        #expect(try OrderedJSON.parse([0x22, 0x5C, 0x6E, 0xFF, 0x22]) == .string("\n\u{FFFD}"))
    }

    @Test(
        "malformed JSON is an error with a position, never a crash",
        arguments: [
            "", "{", "[1,]", #"{"a" 1}"#, #""abc"#, "tru", "01x", #""\ud800""#, #"{"a":1} x"#, "\"\u{01}\"",
        ])
    func malformed(text: String) {
        #expect(throws: OrderedJSON.ParseError.self) { try OrderedJSON.parse(Array(text.utf8)) }
    }

    @Test("nesting is bounded")
    func depth() {
        let deep = String(repeating: "[", count: 1000) + String(repeating: "]", count: 1000)
        #expect(throws: OrderedJSON.ParseError.self) { try OrderedJSON.parse(Array(deep.utf8)) }
    }

    /// An object of `count` keys `k00000`… in document order, about 11 bytes a key.
    static func manyKeys(_ count: Int, value: (Int) -> String = { String($0 % 10) }) -> [UInt8] {
        var text = "{"
        for index in 0..<count {
            if index > 0 { text += "," }
            let digits = String(index)
            text += "\"k" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits + "\":" + value(index)
        }
        return Array((text + "}").utf8)
    }

    @Test("a 1 MiB object of 85 000 keys parses whole, in order, and round-trips byte for byte")
    func manyKeysParse() throws {
        let bytes = Self.manyKeys(85_000)
        #expect(bytes.count > 900_000 && bytes.count <= 1 << 20)
        let value = try OrderedJSON.parse(bytes)
        guard case let .object(pairs) = value else { Issue.record("not an object"); return }
        #expect(pairs.count == 85_000)
        #expect(pairs.first?.0 == "k00000" && pairs.last?.0 == "k84999")
        #expect(pairs[12_345].0 == "k12345" && pairs[12_345].1 == .int(5))
        #expect(OrderedJSON.serialize(value) == bytes)
        // And through the typed decoder, as a synapse body is read.
        let counts = try JSONValueDecoder.decode([String: Int].self, from: value, codingPath: [])
        #expect(counts.count == 85_000 && counts["k84999"] == 9)
    }

    @Test("duplicate keys: the last value in the first position (Python's json.loads), or refused")
    func duplicateKeys() throws {
        // 42 500 keys, each twice: the second half repeats the first with other values.
        var text = "{"
        for round in 0..<2 {
            for index in 0..<42_500 {
                if round + index > 0 { text += "," }
                text += "\"k\(index)\":\(round == 0 ? index : -index)"
            }
        }
        text += ",\"tail\":true}"
        let value = try OrderedJSON.parse(Array(text.utf8))
        guard case let .object(pairs) = value else { Issue.record("not an object"); return }
        #expect(pairs.count == 42_501)
        #expect(pairs[0].0 == "k0" && pairs[42_499].0 == "k42499" && pairs[42_500].0 == "tail")
        #expect(pairs[7].1 == .int(-7) && pairs[42_499].1 == .int(-42_499))
        #expect(value.pythonValue.repr.hasPrefix("{'k0': 0, 'k1': -1, 'k2': -2"))
        #expect(throws: OrderedJSON.ParseError(offset: 7, reason: "duplicate key 'a'")) {
            try OrderedJSON.parse(Array(#"{"a":1,"a":2}"#.utf8), duplicateKeys: .reject)
        }
        #expect(
            try OrderedJSON.parse(Array(#"{"a":{"x":1},"b":{"x":2}}"#.utf8), duplicateKeys: .reject)
                == .object([("a", .object([("x", .int(1))])), ("b", .object([("x", .int(2))]))]))
    }

    @Test("the typed decoder reads numbers as pydantic does and refuses what does not fit")
    func typedDecoding() throws {
        struct Fields: Decodable, Equatable {
            let count: Int
            let ratio: Double
            let flag: Bool
            let name: String?
            let list: [Double]
        }
        let value = try OrderedJSON.parse(Array(#"{"count": 3.0, "ratio": 2, "flag": true, "name": null, "list": [1, 2.5]}"#.utf8))
        #expect(
            try JSONValueDecoder.decode(Fields.self, from: value, codingPath: [])
                == Fields(count: 3, ratio: 2, flag: true, name: nil, list: [1, 2.5]))
        for bad in [
            #"{"count": 3.5, "ratio": 1, "flag": true, "list": []}"#, #"{"count": 1e300, "ratio": 1, "flag": true, "list": []}"#,
            #"{"count": 1, "ratio": 1, "flag": 1, "list": []}"#, #"{"count": 1, "ratio": "1", "flag": true, "list": []}"#,
            #"{"ratio": 1, "flag": true, "list": []}"#, #"[1]"#,
        ] {
            let parsed = try OrderedJSON.parse(Array(bad.utf8))
            #expect(throws: DecodingError.self, "\(bad)") { try JSONValueDecoder.decode(Fields.self, from: parsed, codingPath: []) }
        }
    }
}
