import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import ProofOfGPU
import HexCoding

struct ComputeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compute",
        abstract: "Generate seeded A and B per GPU, multiply, and commit to C's rows with a Merkle root.",
        discussion: #"stdin: {"n": N, "seeds": [{"gpu": 0, "a": "<u64>", "b": "<u64>"}, …]}"#
    )

    /// Far beyond any GPU's memory today (n = 65536 is 16 GiB per float32 matrix).
    static let maximumN = 65_536

    @OptionGroup var options: WorkerOptions

    @Option(name: .customLong("state-dir"), help: "Where C and the Merkle trees are kept for `proof` (private, 0700).")
    var stateDirectory: String?

    func run() throws {
        try runReportingErrors {
            let request = try JSONIO.readRequest(ComputeRequest.self, command: "compute")
            let backend = try options.makeBackend()
            let seeds = try validate(request, deviceCount: backend.deviceNames.count)
            let state = try WorkerState(directory: stateDirectory ?? WorkerState.defaultDirectory())
            state.clear()
            var roots = [ComputeResponse.Root]()
            var timings = [ComputeResponse.Timing]()
            // One device at a time: host memory holds one A, B and C, whatever the GPU count.
            for (gpu, pair) in seeds {
                let n = request.n
                let generationStart = ContinuousClock.now
                let a = SeededMatrix(seed: pair.a, n: n).values
                let b = SeededMatrix(seed: pair.b, n: n).values
                let generation = (ContinuousClock.now - generationStart).seconds
                var c = [Float](repeating: 0, count: n * n)
                let multiplication = try backend.multiply(a, b, n: n, device: gpu, into: &c)
                let merkleStart = ContinuousClock.now
                let tree = c.withUnsafeBufferPointer { MerkleTree(rowsOf: $0, rows: n, columns: n) }
                let merkle = (ContinuousClock.now - merkleStart).seconds
                try state.save(gpu: gpu, matrix: c, tree: tree)
                roots.append(.init(gpu: gpu, root: Hex.encode(tree.root)))
                timings.append(.init(gpu: gpu, generationSeconds: generation, multiplicationSeconds: multiplication, merkleSeconds: merkle))
            }
            try state.commit(.init(n: request.n, gpus: seeds.map(\.gpu)))
            JSONIO.write(ComputeResponse(n: request.n, roots: roots, timings: timings))
        }
    }

    private func validate(_ request: ComputeRequest, deviceCount: Int) throws -> [(gpu: Int, pair: SeedPair)] {
        guard (1...Self.maximumN).contains(request.n) else { throw BackendError("n: must be between 1 and \(Self.maximumN)") }
        guard !request.seeds.isEmpty else { throw BackendError("seeds: must list at least one GPU") }
        var seen = Set<Int>()
        var seeds = [(gpu: Int, pair: SeedPair)]()
        for entry in request.seeds {
            guard (0..<deviceCount).contains(entry.gpu) else {
                throw BackendError("seeds[gpu \(entry.gpu)]: no such device; this machine has \(deviceCount)")
            }
            guard seen.insert(entry.gpu).inserted else { throw BackendError("seeds: gpu \(entry.gpu) is listed twice") }
            seeds.append((entry.gpu, try entry.parsed()))
        }
        // A, B and C in host memory, plus the tree (2n digests), with a fifth kept free.
        let needed = 3 * UInt64(request.n) * UInt64(request.n) * 4 + UInt64(request.n) * 64
        let limit = SystemMemory.physicalBytes / 5 * 4
        guard needed <= limit else {
            throw BackendError("n: \(request.n) needs \(needed >> 20) MiB of memory; this machine allows \(limit >> 20) MiB")
        }
        return seeds
    }
}
