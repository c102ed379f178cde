import Testing
import TestSupport
import XZ

/// The .xz codec against Debian's `xz`, in pieces, and against hostile streams.
struct XZTests {
    static let text = (0..<20_000).flatMap { Array("row \($0): NVIDIA H100 80GB HBM3\n".utf8) }

    @Test("Debian's xz output, fed whole or a few bytes at a time, decodes to the original")
    func debianXZ() throws {
        let made = try ChildProcess.run("/usr/bin/xz", ["-c", "-6"], input: Self.text)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(try XZ.decompress(made.stdoutBytes, maximumOutput: 1 << 30) == Self.text)
        let inflater = try XZInflater(maximumOutput: 1 << 30)
        var output = [UInt8]()
        for piece in made.stdoutBytes.pieces(of: 7) { try inflater.feed(piece) { output.append(contentsOf: $0) } }
        try inflater.feed([], final: true) { output.append(contentsOf: $0) }
        #expect(inflater.finished && output == Self.text && inflater.totalOut == Self.text.count)
    }

    @Test("ours, with and without the x86 filter, decodes with Debian's xz and with our inflater")
    func ours() throws {
        for x86Code in [false, true] {
            let compressed = try XZ.compress(Self.text, preset: 2, x86Code: x86Code)
            #expect(compressed.count < Self.text.count / 10)
            let decoded = try ChildProcess.run("/usr/bin/xz", ["-dc"], input: compressed)
            #expect(decoded.status == 0 && decoded.stdoutBytes == Self.text, "x86 \(x86Code): \(decoded.stderr)")
            #expect(try XZ.decompress(compressed, maximumOutput: Self.text.count) == Self.text)
        }
        let empty = try XZ.compress([])
        #expect(try XZ.decompress(empty, maximumOutput: 0) == [])
    }

    @Test("hostile streams: output past the cap, a dictionary past the memory limit, bytes after the end, cut, flipped, not xz")
    func hostile() throws {
        let bomb = try XZ.compress([UInt8](repeating: 0, count: 8 << 20))
        #expect(bomb.count < 16 << 10)
        #expect(throws: XZ.Failure.self) { try XZ.decompress(bomb, maximumOutput: 1 << 20) }
        // Preset 9's 64 MiB dictionary: the decoder needs more than 16 MiB before any output.
        let large = try XZ.compress(Self.text, preset: 9)
        #expect(throws: XZ.Failure.self) {
            let inflater = try XZInflater(maximumOutput: 1 << 30, memoryLimit: 16 << 20)
            try inflater.feed(large, final: true) { _ in }
        }
        let stream = try XZ.compress(Self.text)
        #expect(throws: XZ.Failure.self) { try XZ.decompress(stream + [0xfd], maximumOutput: 1 << 30) }
        #expect(throws: XZ.Failure.self) { try XZ.decompress(Array(stream.dropLast(9)), maximumOutput: 1 << 30) }
        var flipped = stream
        flipped[flipped.count / 2] ^= 0xff
        #expect(throws: XZ.Failure.self) { try XZ.decompress(flipped, maximumOutput: 1 << 30) }
        #expect(throws: XZ.Failure.self) { try XZ.decompress(Self.text, maximumOutput: 1 << 30) }
    }
}
