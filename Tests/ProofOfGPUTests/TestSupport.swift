import Foundation
import TestSupport
@testable import ProofOfGPU
import HexCoding

/// C = A·B in float32 with plain recursive summation: what the crudest honest worker computes.
func naiveProduct(_ a: [Float], _ b: [Float], n: Int) -> [Float] {
    var c = [Float](repeating: 0, count: n * n)
    for i in 0..<n {
        for k in 0..<n {
            let aik = a[i * n + k]
            for j in 0..<n { c[i * n + j] += aik * b[k * n + j] }
        }
    }
    return c
}

/// Σ values in float32 by recursive halving (pairwise summation).
func pairwiseSum(_ values: ArraySlice<Float>) -> Float {
    if values.count <= 2 { return values.reduce(0, +) }
    let middle = values.startIndex + values.count / 2
    return pairwiseSum(values[values.startIndex..<middle]) + pairwiseSum(values[middle...])
}

func pairwiseSum(_ values: [Float]) -> Float { pairwiseSum(values[...]) }

/// A worker in the test: computes C its own way, commits, and answers challenges like
/// `nicompute-pog` (the same JSON contract).
struct SimulatedWorker {
    let n: Int
    let c: [Float]
    let tree: MerkleTree

    init(n: Int, c: [Float]) {
        self.n = n
        self.c = c
        self.tree = c.withUnsafeBufferPointer { MerkleTree(rowsOf: $0, rows: n, columns: n) }
    }

    var root: String { Hex.encode(tree.root) }

    func answer(gpu: Int = 0, cells: [Cell]) -> ProofResponse {
        ProofResponse(proofs: [
            .init(
                gpu: gpu,
                cells: cells.map { cell in
                    let row = Array(c[(cell.i * n)..<((cell.i + 1) * n)])
                    return .init(
                        i: cell.i, j: cell.j, row: row.withUnsafeBytes { Data($0).base64EncodedString() },
                        proof: tree.proof(forLeaf: cell.i).map { Hex.encode($0) })
                })
        ])
    }
}

/// The repository root.
var repositoryRoot: URL { TestPaths.repository }
