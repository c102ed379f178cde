import Crypto

/// The reference's Merkle tree over the rows of C.
///
/// Leaf i is SHA-256 of row i as little-endian float32 bytes; a parent is
/// SHA-256(left ‖ right); the last node of an odd level is paired with itself. A proof lists,
/// from the leaf up, the sibling of each node on the path (the node itself where it has none).
public struct MerkleTree: Sendable {
    public static let digestSize = 32

    /// Level 0 is the leaves; the last level holds only the root. Each level is its digests
    /// concatenated.
    public let levels: [[UInt8]]

    public var leafCount: Int { levels[0].count / Self.digestSize }
    public var root: [UInt8] { levels[levels.count - 1] }

    /// Builds the tree over the `rows` rows of `matrix` (row-major, `columns` per row); the
    /// leaves are hashed on all cores.
    public init(rowsOf matrix: UnsafeBufferPointer<Float>, rows: Int, columns: Int) {
        precondition(rows > 0 && matrix.count >= rows * columns)
        var leaves = [UInt8](repeating: 0, count: rows * Self.digestSize)
        leaves.withUnsafeMutableBufferPointer { output in
            let out = SendablePointer(output.baseAddress)
            let input = SendableConstPointer(matrix.baseAddress)
            ParallelRows.forEach(rows) { i in
                let row = UnsafeRawBufferPointer(start: input.pointer + i * columns, count: columns * MemoryLayout<Float>.size)
                Self.write(SHA256.hash(data: row), to: out.pointer + i * Self.digestSize)
            }
        }
        var levels = [leaves]
        while let last = levels.last, last.count > Self.digestSize {
            levels.append(Self.parents(of: last))
        }
        self.levels = levels
    }

    /// Rebuilds a tree from stored levels (as written by ``levels``); nil if they are inconsistent.
    public init?(levels: [[UInt8]]) {
        guard let first = levels.first, !first.isEmpty, first.count % Self.digestSize == 0 else { return nil }
        var expectedCount = first.count / Self.digestSize
        for level in levels {
            guard level.count == expectedCount * Self.digestSize else { return nil }
            expectedCount = (expectedCount + 1) / 2
        }
        guard levels.last?.count == Self.digestSize else { return nil }
        self.levels = levels
    }

    /// The sibling path of leaf `index`, bottom up.
    public func proof(forLeaf index: Int) -> [[UInt8]] {
        precondition(index >= 0 && index < leafCount)
        var path = [[UInt8]]()
        var position = index
        for level in levels.dropLast() {
            let count = level.count / Self.digestSize
            let sibling = (position ^ 1) < count ? position ^ 1 : position
            path.append(Array(level[sibling * Self.digestSize..<(sibling + 1) * Self.digestSize]))
            position /= 2
        }
        return path
    }

    /// The number of siblings in every proof of a tree with `leafCount` leaves.
    public static func proofLength(leafCount: Int) -> Int {
        var count = leafCount
        var length = 0
        while count > 1 {
            count = (count + 1) / 2
            length += 1
        }
        return length
    }

    /// Whether `proof` connects `leaf` (the row's hash) at `index` to `root` in a tree of
    /// `leafCount` leaves. Unlike the reference, the proof must have exactly the tree's height.
    public static func verify(leaf: [UInt8], index: Int, proof: [[UInt8]], root: [UInt8], leafCount: Int) -> Bool {
        guard index >= 0, index < leafCount, proof.count == proofLength(leafCount: leafCount),
            proof.allSatisfy({ $0.count == digestSize })
        else { return false }
        var hash = leaf
        var position = index
        for sibling in proof {
            hash = position % 2 == 0 ? digest(hash + sibling) : digest(sibling + hash)
            position /= 2
        }
        return hash == root
    }

    /// SHA-256 of a row's little-endian float32 bytes: its leaf.
    public static func leaf(ofRow row: [Float]) -> [UInt8] {
        row.withUnsafeBytes { leaf(ofRowBytes: $0) }
    }

    public static func leaf(ofRowBytes bytes: UnsafeRawBufferPointer) -> [UInt8] {
        Array(SHA256.hash(data: bytes))
    }

    static func digest(_ bytes: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: bytes))
    }

    private static func parents(of level: [UInt8]) -> [UInt8] {
        let count = level.count / digestSize
        let parentCount = (count + 1) / 2
        var parents = [UInt8](repeating: 0, count: parentCount * digestSize)
        level.withUnsafeBufferPointer { input in
            parents.withUnsafeMutableBufferPointer { output in
                let inp = SendableConstPointer(input.baseAddress)
                let out = SendablePointer(output.baseAddress)
                let work: @Sendable (Int) -> Void = { p in
                    let left = inp.pointer + 2 * p * digestSize
                    let right = 2 * p + 1 < count ? left + digestSize : left
                    var hasher = SHA256()
                    hasher.update(bufferPointer: UnsafeRawBufferPointer(start: left, count: digestSize))
                    hasher.update(bufferPointer: UnsafeRawBufferPointer(start: right, count: digestSize))
                    write(hasher.finalize(), to: out.pointer + p * digestSize)
                }
                // Upper levels are small; threads only pay off near the leaves.
                if parentCount >= 4096 { ParallelRows.forEach(parentCount, work) } else { (0..<parentCount).forEach(work) }
            }
        }
        return parents
    }

    @inline(__always)
    private static func write(_ digest: SHA256.Digest, to destination: UnsafeMutablePointer<UInt8>) {
        digest.withUnsafeBytes { bytes in
            for index in 0..<digestSize { destination[index] = bytes[index] }
        }
    }
}
