/// `nicompute-pog compute`: the seeds in, the Merkle roots and timings out.
///
/// Seeds travel as decimal strings: JSON numbers above 2^53 lose precision in many parsers.
public struct ComputeRequest: Codable, Sendable, Equatable {
    public struct Seeds: Codable, Sendable, Equatable {
        public let gpu: Int
        public let a: String
        public let b: String

        public init(gpu: Int, a: UInt64, b: UInt64) {
            self.gpu = gpu
            self.a = String(a)
            self.b = String(b)
        }

        /// The seeds as integers; the error names the field and the rule.
        public func parsed() throws(WorkerInputError) -> SeedPair {
            guard let seedA = UInt64(a) else {
                throw .invalid(field: "seeds[gpu \(gpu)].a", rule: "a decimal integer from 0 to 2^64−1 in a string")
            }
            guard let seedB = UInt64(b) else {
                throw .invalid(field: "seeds[gpu \(gpu)].b", rule: "a decimal integer from 0 to 2^64−1 in a string")
            }
            return SeedPair(a: seedA, b: seedB)
        }
    }

    public let n: Int
    public let seeds: [Seeds]

    public init(n: Int, seeds: [Seeds]) {
        self.n = n
        self.seeds = seeds
    }
}

/// The seeds of one GPU's A and B.
public struct SeedPair: Sendable, Equatable, Hashable {
    public let a: UInt64
    public let b: UInt64

    public init(a: UInt64, b: UInt64) {
        self.a = a
        self.b = b
    }
}

public struct ComputeResponse: Codable, Sendable, Equatable {
    public struct Root: Codable, Sendable, Equatable {
        public let gpu: Int
        /// Hex of the 32-byte Merkle root.
        public let root: String

        public init(gpu: Int, root: String) {
            self.gpu = gpu
            self.root = root
        }
    }

    public struct Timing: Codable, Sendable, Equatable {
        public let gpu: Int
        public let generationSeconds: Double
        public let multiplicationSeconds: Double
        public let merkleSeconds: Double

        public init(gpu: Int, generationSeconds: Double, multiplicationSeconds: Double, merkleSeconds: Double) {
            self.gpu = gpu
            self.generationSeconds = generationSeconds
            self.multiplicationSeconds = multiplicationSeconds
            self.merkleSeconds = merkleSeconds
        }

        enum CodingKeys: String, CodingKey {
            case gpu
            case generationSeconds = "generation_s"
            case multiplicationSeconds = "multiplication_s"
            case merkleSeconds = "merkle_s"
        }
    }

    public let n: Int
    public let roots: [Root]
    public let timings: [Timing]

    public init(n: Int, roots: [Root], timings: [Timing]) {
        self.n = n
        self.roots = roots
        self.timings = timings
    }
}
