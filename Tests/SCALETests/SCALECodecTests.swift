import SCALE
import Testing

/// Hex text for the expected bytes below; kept local so SCALE's tests need no other module.
private func hex(_ text: String) -> [UInt8] {
    let digits = Array(text.filter { !$0.isWhitespace }.utf8)
    precondition(digits.count % 2 == 0)
    func nibble(_ c: UInt8) -> UInt8 { c >= 97 ? c - 87 : (c >= 65 ? c - 55 : c - 48) }
    return stride(from: 0, to: digits.count, by: 2).map { nibble(digits[$0]) << 4 | nibble(digits[$0 + 1]) }
}

private func encoded(_ body: (inout SCALEEncoder) throws -> Void) rethrows -> [UInt8] {
    var encoder = SCALEEncoder()
    try body(&encoder)
    return encoder.bytes
}

@Suite struct SCALECodecTests {
    // Vectors from the SCALE specification (docs.substrate.io "SCALE codec") and the protocol
    // notes (§3.2): 1 → 04, 65535 → feff0300, 1e9 → 02286bee.
    @Test(
        arguments: [(UInt128, String)]([
            (0, "00"), (1, "04"), (42, "a8"), (63, "fc"), (64, "0101"), (69, "1501"), (16383, "fdff"),
            (16384, "02000100"), (65535, "feff0300"), (1_000_000_000, "02286bee"), ((1 << 30) - 1, "feffffff"),
            (1 << 30, "0300000040"), (100_000_000_000_000, "0b00407a10f35a"), (UInt128(UInt64.max), "13ffffffffffffffff"),
            (UInt128.max, "33ffffffffffffffffffffffffffffffff"),
        ]))
    func compactRoundTrip(value: UInt128, expected: String) throws {
        let bytes = encoded { $0.encodeCompact(value) }
        #expect(bytes == hex(expected))
        var decoder = SCALEDecoder(bytes)
        #expect(try decoder.decodeCompact() == value)
        #expect(decoder.isAtEnd)
    }

    @Test func compactRejectsNonCanonicalAndOversizedForms() {
        // 1 written in the two-byte mode, 64 in four-byte mode, a 4-byte big mode below 2^30,
        // big mode with a zero top byte, and a 17-byte big mode.
        for bad in ["0500", "02010000", "0300000000", "07ffffffff00", "37" + String(repeating: "ff", count: 17)] {
            var decoder = SCALEDecoder(hex(bad))
            #expect(throws: SCALEError.self, "\(bad)") { try decoder.decodeCompact() }
        }
        var narrow = SCALEDecoder(hex("02000100"))  // 16384 into u8
        #expect(throws: SCALEError.invalidCompact(field: "compact", offset: 0, reason: "16384 does not fit UInt8")) {
            try narrow.decodeCompact(UInt8.self)
        }
    }

    @Test func fixedWidthIntegersAreLittleEndian() throws {
        let bytes = encoded {
            $0.encode(UInt8(1)); $0.encode(UInt16(0x0102)); $0.encode(UInt32(10_002_000)); $0.encode(Int64(-2))
            $0.encode(UInt128(0x7100cb))
        }
        #expect(bytes == hex("01 0201 509e9800 feffffffffffffff cb007100000000000000000000000000"))
        var decoder = SCALEDecoder(bytes)
        #expect(try decoder.decode(UInt8.self) == 1)
        #expect(try decoder.decode(UInt16.self) == 0x0102)
        #expect(try decoder.decode(UInt32.self) == 10_002_000)
        #expect(try decoder.decode(Int64.self) == -2)
        #expect(try decoder.decode(UInt128.self) == 0x7100cb)
        try decoder.expectEnd()
    }

    @Test func vectorsOptionsStringsAndTuples() throws {
        // The protocol notes' set_weights arguments: netuid, dests, weights, version_key.
        let args = try encoded { encoder in
            encoder.encode(UInt16(1))
            try encoder.encodeValue([UInt16(0), 1, 2])
            try encoder.encodeValue([UInt16(65535), 32768, 4660])
            encoder.encode(UInt64(10_002_000))
        }
        #expect(args == hex("0100 0c000001000200 0cffff00803412 509e980000000000"))
        let optional = try encoded {
            try $0.encodeValue(UInt32?(7)); try $0.encodeValue(UInt32?.none)
        }
        #expect(optional == hex("01 07000000 00"))
        #expect(try [UInt32?](scaleBytes: hex("08 01 07000000 00")) == [7, nil])
        #expect(try String(scaleBytes: hex("14 68656c6c6f")) == "hello")
        #expect(try "Grüße".scaleEncoded() == [28] + Array("Grüße".utf8))
        #expect(try Compact<UInt16>(scaleBytes: hex("feff0300")).value == 65535)
        #expect(try [Bool](scaleBytes: hex("0c 01 00 01")) == [true, false, true])
    }

    @Test func enumsAndFixedArrays() throws {
        var decoder = SCALEDecoder(hex("02 aabbcc"))
        #expect(try decoder.decodeVariant(field: "MultiAddress", known: [0, 1, 2]) == 2)
        #expect(try decoder.readBytes(3, field: "[u8; 3]") == [0xaa, 0xbb, 0xcc])
        var unknown = SCALEDecoder(hex("05"))
        #expect(throws: SCALEError.unknownVariant(field: "Era", offset: 0, index: 5)) {
            try unknown.decodeVariant(field: "Era", known: [0, 1])
        }
    }

    @Test func truncatedInputNamesFieldAndOffset() {
        var decoder = SCALEDecoder(hex("0100 02"))
        #expect(throws: Never.self) { try decoder.decode(UInt16.self, field: "netuid") }
        #expect(throws: SCALEError.truncated(field: "version_key", offset: 2, needed: 8, remaining: 1)) {
            try decoder.decode(UInt64.self, field: "version_key")
        }
    }

    @Test func lengthsAreCheckedBeforeAllocation() {
        // A vector declaring 2^30 u16s in 3 bytes, a byte string declaring u64::MAX bytes.
        var huge = SCALEDecoder(hex("0300000040 0000"))
        #expect(throws: SCALEError.lengthExceedsInput(field: "dests", offset: 0, declared: 1 << 30, remaining: 2)) {
            try huge.decodeVector(field: "dests", minimumElementSize: 2) { (d: inout SCALEDecoder) throws(SCALEError) in
                try d.decode(UInt16.self)
            }
        }
        var bytes = SCALEDecoder(hex("13ffffffffffffffff"))
        #expect(throws: SCALEError.self) { try bytes.decodeBytes(field: "remark") }
        // Declares 3 u16 but holds 2.5.
        #expect(throws: SCALEError.self) { try [UInt16](scaleBytes: hex("0c 0100 0200 03")) }
    }

    @Test func invalidBoolOptionUTF8AndTrailingBytes() {
        #expect(throws: SCALEError.invalidBool(field: "bool", offset: 0, byte: 2)) { try Bool(scaleBytes: [2]) }
        #expect(throws: SCALEError.invalidOptionTag(field: "Option<UInt8>", offset: 0, byte: 3)) { try UInt8?(scaleBytes: [3, 0]) }
        #expect(throws: SCALEError.invalidUTF8(field: "string", offset: 0)) { try String(scaleBytes: [8, 0xc3, 0x28]) }
        #expect(throws: SCALEError.trailingBytes(field: "UInt16", offset: 2, count: 1)) { try UInt16(scaleBytes: [1, 0, 0]) }
        var encoder = SCALEEncoder()
        #expect(throws: SCALEError.self) { try encoder.encodeCompact(-1, field: "tip") }
    }
}
