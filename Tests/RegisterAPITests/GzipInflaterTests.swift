import Gzip
import Testing
import TestSupport

/// The streaming inflater against Debian's gzip, in pieces, and against hostile members.
struct GzipInflaterTests {
    static let text = (0..<20_000).flatMap { Array("row \($0): NVIDIA H100 80GB HBM3\n".utf8) }

    @Test("Debian's gzip output, fed whole or a few bytes at a time, inflates to the original")
    func debianGzip() throws {
        let made = try ChildProcess.run("/bin/gzip", ["-c", "-9"], input: Self.text)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(try Gzip.decompress(made.stdoutBytes, maximumOutput: 1 << 30) == Self.text)
        let inflater = try GzipInflater(maximumOutput: 1 << 30)
        var output = [UInt8]()
        for piece in made.stdoutBytes.pieces(of: 7) { try inflater.feed(piece) { output.append(contentsOf: $0) } }
        #expect(inflater.finished && output == Self.text && inflater.totalOut == Self.text.count)
    }

    @Test("our own compress round-trips")
    func roundTrip() throws {
        #expect(try Gzip.decompress(try Gzip.compress(Self.text), maximumOutput: Self.text.count) == Self.text)
    }

    @Test("hostile members: output past the cap, bytes after the end, a cut member, a flipped CRC, not gzip")
    func hostile() throws {
        let bomb = try Gzip.compress([UInt8](repeating: 0, count: 8 << 20))
        #expect(bomb.count < 16 << 10)
        #expect(throws: Gzip.Failure.self) { try Gzip.decompress(bomb, maximumOutput: 1 << 20) }
        let member = try Gzip.compress(Self.text)
        #expect(throws: Gzip.Failure.self) { try Gzip.decompress(member + [0x1f], maximumOutput: 1 << 30) }
        #expect(throws: Gzip.Failure.self) { try Gzip.decompress(Array(member.dropLast(9)), maximumOutput: 1 << 30) }
        var flipped = member
        flipped[flipped.count - 6] ^= 0xff
        #expect(throws: Gzip.Failure.self) { try Gzip.decompress(flipped, maximumOutput: 1 << 30) }
        #expect(throws: Gzip.Failure.self) { try Gzip.decompress(Self.text, maximumOutput: 1 << 30) }
    }
}
