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
/// is decoded strictly and never executed.
public struct PoGVerifier: Sendable {
    public let n: Int

    public init(n: Int) {
        self.n = n
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
        guard let root else { return .noRoot }
        guard let rootBytes = Hex.decode(root), rootBytes.count == MerkleTree.digestSize else { return .malformedRoot }
        guard let answer, !answer.isEmpty else { return .missingProofs }
        guard answer.map({ Cell(i: $0.i, j: $0.j) }) == cells else { return .cellsNotAsChallenged }
        for (cell, proof) in zip(cells, answer) {
            if let failure = check(cell: cell, proof: proof, seeds: seeds, root: rootBytes) { return failure }
        }
        return nil
    }

    private func check(cell: Cell, proof: ProofResponse.CellProof, seeds: SeedPair, root: [UInt8]) -> GPUFailure? {
        guard let data = Data(base64Encoded: proof.row), data.count % 4 == 0 else { return .malformedRow(cell) }
        guard data.count == n * 4 else { return .wrongRowLength(cell, length: data.count / 4) }
        let siblings = proof.proof.compactMap(Hex.decode)
        guard siblings.count == proof.proof.count else { return .malformedProof(cell) }
        let leaf = data.withUnsafeBytes { MerkleTree.leaf(ofRowBytes: $0) }
        guard MerkleTree.verify(leaf: leaf, index: cell.i, proof: siblings, root: root, leafCount: n) else {
            return .merkleMismatch(cell)
        }
        let claimed = data.withUnsafeBytes { bytes in
            Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: cell.j * 4, as: UInt32.self)))
        }
        let exact = ExactCell(seedA: seeds.a, seedB: seeds.b, i: cell.i, j: cell.j, n: n)
        guard exact.accepts(claimed, n: n) else {
            return .valueMismatch(cell, claimed: claimed, expected: exact.value,
                                  tolerance: ValueTolerance.tolerance(n: n, absoluteSum: exact.absoluteSum))
        }
        return nil
    }
}
