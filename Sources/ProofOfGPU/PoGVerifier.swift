#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import HexCoding

/// Checks a worker's `proof` answer against the roots it committed in `compute`.
///
/// For each challenged cell: the returned row must hash, through its Merkle proof, to the
/// committed root at its own index, and its j-th value must be within ``ValueTolerance`` of the
/// exact C[i][j] recomputed from the seeds. A GPU passes when all its cells do; the round
/// passes when ``ChallengePolicy/requiredPasses(gpuCount:)`` GPUs pass. All input is data: it
/// is decoded strictly and never executed, and every size is checked before it is used.
public struct PoGVerifier: Sendable {
    public let n: Int
    public let generator: MatrixGenerator

    /// `n` outside ``PoGLimits/matrixSizes`` is not an error here: every GPU then fails with
    /// ``GPUFailure/matrixSizeOutOfRange(_:)``.
    public init(n: Int, generator: MatrixGenerator = .philox) {
        self.n = n
        self.generator = generator
    }

    /// Verifies every GPU that was given seeds.
    public func verify(
        seeds: [Int: SeedPair],
        roots: [Int: String],
        challenges: [Int: [Cell]],
        response: ProofResponse
    ) -> VerificationReport {
        var failures = [Int: GPUFailure?]()
        let answers = Dictionary(response.proofs.map { ($0.gpu, $0.cells) }, uniquingKeysWith: { first, _ in first })
        for (gpu, pair) in seeds {
            failures[gpu] = .some(check(gpu: gpu, seeds: pair, root: roots[gpu], cells: challenges[gpu] ?? [], answer: answers[gpu]))
        }
        return VerificationReport(failures: failures, requiredPasses: ChallengePolicy.requiredPasses(gpuCount: seeds.count))
    }

    private func check(gpu: Int, seeds: SeedPair, root: String?, cells: [Cell], answer: [ProofResponse.CellProof]?) -> GPUFailure? {
        guard PoGLimits.matrixSizes.contains(n) else { return .matrixSizeOutOfRange(n) }
        guard !cells.isEmpty else { return .noChallenges }
        if let outside = cells.first(where: { !(0..<n).contains($0.i) || !(0..<n).contains($0.j) }) {
            return .challengeOutsideMatrix(outside)
        }
        guard let root else { return .noRoot }
        guard let rootBytes = Hex.decode(root), rootBytes.count == MerkleTree.digestSize else { return .malformedRoot }
        guard let answer, !answer.isEmpty else { return .missingProofs }
        guard answer.count == cells.count, zip(answer, cells).allSatisfy({ $0.i == $1.i && $0.j == $1.j }) else {
            return .cellsNotAsChallenged
        }
        for (cell, proof) in zip(cells, answer) {
            if let failure = check(cell: cell, proof: proof, seeds: seeds, root: rootBytes) { return failure }
        }
        return nil
    }

    private func check(cell: Cell, proof: ProofResponse.CellProof, seeds: SeedPair, root: [UInt8]) -> GPUFailure? {
        // n ≤ 65 536 here, so n·4 cannot overflow; a longer row is refused before decoding it.
        let rowBytes = n * MemoryLayout<Float>.size
        guard proof.row.utf8.count <= (rowBytes / 3 + 1) * 4 + 4 else {
            return .wrongRowLength(cell, length: proof.row.utf8.count * 3 / 16)
        }
        guard let data = Data(base64Encoded: proof.row), data.count % 4 == 0 else { return .malformedRow(cell) }
        guard data.count == rowBytes else { return .wrongRowLength(cell, length: data.count / 4) }
        guard PoGLimits.proofSiblings.contains(proof.proof.count) else { return .malformedProof(cell) }
        let siblings = proof.proof.compactMap(Hex.decode)
        guard siblings.count == proof.proof.count else { return .malformedProof(cell) }
        let leaf = data.withUnsafeBytes { MerkleTree.leaf(ofRowBytes: $0) }
        guard MerkleTree.verify(leaf: leaf, index: cell.i, proof: siblings, root: root, leafCount: n) else {
            return .merkleMismatch(cell)
        }
        let claimed = data.withUnsafeBytes { bytes in
            Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: cell.j * 4, as: UInt32.self)))
        }
        guard let exact = ExactCell(seedA: seeds.a, seedB: seeds.b, i: cell.i, j: cell.j, n: n, generator: generator) else {
            return .challengeOutsideMatrix(cell)
        }
        guard exact.accepts(claimed) else {
            return .valueMismatch(cell, claimed: claimed, expected: exact.value, tolerance: exact.tolerance)
        }
        return nil
    }
}
