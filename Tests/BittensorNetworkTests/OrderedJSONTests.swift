import Testing
@testable import BittensorNetwork

@Suite("order-keeping JSON")
struct OrderedJSONTests {
    @Test("keys keep document order through parse and serialize")
    func roundTrip() throws {
        let text = #"{"z":1,"a":[true,null,-2.5e-07,"é\n\"q\"😀"],"m":{"y":{},"b":[]},"i":-12}"#
        let value = try OrderedJSON.parse(Array(text.utf8))
        #expect(String(decoding: OrderedJSON.serialize(value), as: UTF8.self) == #"{"z":1,"a":[true,null,-2.5e-07,"é\n\"q\"😀"],"m":{"y":{},"b":[]},"i":-12}"#)
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

    @Test("malformed JSON is an error with a position, never a crash", arguments: [
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
}
