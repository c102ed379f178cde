import Testing
@testable import ProofOfGPU
import HexCoding

/// Roots and proofs computed with Python's hashlib over the same 5×5 C (A, B from seeds 11 and
/// 22, C = A·B rounded from float64), an odd leaf count so the duplication rule is exercised.
/// The fixture's A and B come from the legacy generator, which is only data here.
@Suite("Merkle trees over rows")
struct MerkleTreeTests {
    static func exactC(n: Int) -> [Float] {
        var c = [Float]()
        for i in 0..<n {
            for j in 0..<n { c.append(Float(ExactCell(seedA: 11, seedB: 22, i: i, j: j, n: n, generator: .legacyHankel)?.value ?? .nan)) }
        }
        return c
    }

    @Test("root and proofs equal hashlib's")
    func knownAnswers() {
        let c = Self.exactC(n: 5)
        #expect(Hex.encode(c[10..<15].withUnsafeBytes { Array($0) }) == "04e9963f19a5ae3fa624473ff375463f5785203f")
        let tree = c.withUnsafeBufferPointer { MerkleTree(rowsOf: $0, rows: 5, columns: 5) }
        #expect(Hex.encode(tree.root) == "4361129be632b58fbf5c4dec9751162743dcc14639ba222aedb276016c6bd406")
        #expect(
            tree.proof(forLeaf: 4).map { Hex.encode($0) } == [
                "fc7031e7bfdc15ec7e564d0679ee73682c39c0d3e59c65f96e28fff4f4797f06",
                "2342c69f0e6e99813f3aabaf5227eafbfe2dc8e0cb07154207e327f0516ae56a",
                "1ccd1adffb35a4584a25ac1e75721b899c1689ef8cab8cd622b62a0f7c030efd",
            ])
        #expect(
            tree.proof(forLeaf: 1).map { Hex.encode($0) } == [
                "56028ed07081c89bfcbd3a0cb89fc5953d0a953fa849d1ab1495fd5f63a8b7d4",
                "aaeffa8a730ad2e6c6ffaedfbf47bb8780841f32d98d0f51ecff92bbb7e1d06d",
                "ce5d9cdcd54c43f92603a878a0f8e6a4af5d7cb749129940adb04f4f7fee33d9",
            ])
    }

    @Test("every leaf's proof verifies, and only at its own index", arguments: [1, 2, 3, 7, 8, 33])
    func proofsVerify(n: Int) {
        let c = (0..<(n * n)).map { Float($0) }
        let tree = c.withUnsafeBufferPointer { MerkleTree(rowsOf: $0, rows: n, columns: n) }
        for i in 0..<n {
            let leaf = MerkleTree.leaf(ofRow: Array(c[(i * n)..<((i + 1) * n)]))
            let proof = tree.proof(forLeaf: i)
            #expect(proof.count == MerkleTree.proofLength(leafCount: n))
            #expect(MerkleTree.verify(leaf: leaf, index: i, proof: proof, root: tree.root, leafCount: n))
            if n > 1 {
                let other = (i + 1) % n
                #expect(!MerkleTree.verify(leaf: leaf, index: other, proof: tree.proof(forLeaf: other), root: tree.root, leafCount: n))
            }
        }
        #expect(MerkleTree(levels: tree.levels)?.root == tree.root)
    }

    @Test("truncated or padded proofs are refused (the reference does not check the length)")
    func proofLength() {
        let n = 8
        let c = (0..<(n * n)).map { Float($0) }
        let tree = c.withUnsafeBufferPointer { MerkleTree(rowsOf: $0, rows: n, columns: n) }
        let leaf = MerkleTree.leaf(ofRow: Array(c[0..<n]))
        let proof = tree.proof(forLeaf: 0)
        #expect(!MerkleTree.verify(leaf: leaf, index: 0, proof: Array(proof.dropLast()), root: tree.root, leafCount: n))
        #expect(!MerkleTree.verify(leaf: leaf, index: 0, proof: proof + [tree.root], root: tree.root, leafCount: n))
        #expect(!MerkleTree.verify(leaf: leaf, index: -1, proof: proof, root: tree.root, leafCount: n))
        #expect(MerkleTree(levels: [[1, 2, 3]]) == nil)
    }
}
