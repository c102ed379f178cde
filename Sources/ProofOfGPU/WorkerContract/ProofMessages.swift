/// `nicompute-pog proof`: the challenged cells in, the rows and Merkle proofs out.
public struct ProofRequest: Codable, Sendable, Equatable {
    public struct GPUCells: Codable, Sendable, Equatable {
        public let gpu: Int
        /// `[i, j]` pairs.
        public let cells: [[Int]]

        public init(gpu: Int, cells: [Cell]) {
            self.gpu = gpu
            self.cells = cells.map { [$0.i, $0.j] }
        }

        /// The cells, checked against the matrix size.
        public func parsed(n: Int) throws(WorkerInputError) -> [Cell] {
            var result = [Cell]()
            for (index, pair) in cells.enumerated() {
                guard pair.count == 2 else {
                    throw .invalid(field: "indices[gpu \(gpu)].cells[\(index)]", rule: "a pair [i, j]")
                }
                guard (0..<n).contains(pair[0]), (0..<n).contains(pair[1]) else {
                    throw .invalid(field: "indices[gpu \(gpu)].cells[\(index)]", rule: "i and j in 0..<\(n)")
                }
                result.append(Cell(i: pair[0], j: pair[1]))
            }
            return result
        }
    }

    public let indices: [GPUCells]

    public init(indices: [GPUCells]) {
        self.indices = indices
    }
}

public struct ProofResponse: Codable, Sendable, Equatable {
    public struct CellProof: Codable, Sendable, Equatable {
        public let i: Int
        public let j: Int
        /// Base64 of row i's little-endian float32 bytes.
        public let row: String
        /// Hex siblings, leaf level first.
        public let proof: [String]

        public init(i: Int, j: Int, row: String, proof: [String]) {
            self.i = i
            self.j = j
            self.row = row
            self.proof = proof
        }
    }

    public struct GPUProofs: Codable, Sendable, Equatable {
        public let gpu: Int
        public let cells: [CellProof]

        public init(gpu: Int, cells: [CellProof]) {
            self.gpu = gpu
            self.cells = cells
        }
    }

    public let proofs: [GPUProofs]

    public init(proofs: [GPUProofs]) {
        self.proofs = proofs
    }
}
