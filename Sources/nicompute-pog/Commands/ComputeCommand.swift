import ArgumentParser
import Dispatch
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import ProofOfGPU
import HexCoding
import Synchronization

struct ComputeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compute",
        abstract: "Generate seeded A and B per GPU, multiply, and commit to C's rows with a Merkle root.",
        discussion: #"stdin: {"n": N, "seeds": [{"gpu": 0, "a": "<u64>", "b": "<u64>"}, …]}"#
    )

    /// Far beyond any GPU's memory today (n = 65536 is 16 GiB per float32 matrix).
    static let maximumN = PoGLimits.matrixSizes.upperBound

    @OptionGroup var options: WorkerOptions

    @Option(name: .customLong("state-dir"), help: "Where C and the Merkle trees are kept for `proof` (private, 0700).")
    var stateDirectory: String?

    /// One GPU's answer, or why it failed.
    private typealias Outcome = Result<(root: ComputeResponse.Root, timing: ComputeResponse.Timing), BackendError>

    /// The GPUs' outcomes, filled in by concurrent workers.
    private final class Outcomes: Sendable {
        let byIndex = Mutex([Int: Outcome]())
    }

    func run() throws {
        try runReportingErrors {
            let request = try JSONIO.readRequest(ComputeRequest.self, command: "compute")
            let backend = try options.makeBackend()
            let (seeds, parallel) = try validate(request, deviceCount: backend.deviceNames.count, backend: backend.name)
            let state = try WorkerState(directory: stateDirectory ?? WorkerState.defaultDirectory())
            state.clear()
            let n = request.n
            // Every GPU at once where host memory allows: the validator gives all of them one
            // shared deadline, so a machine must really have as many devices as it claims.
            let outcomes = Outcomes()
            let work: @Sendable (Int) -> Void = { index in
                let (gpu, pair) = seeds[index]
                let outcome: Outcome
                do {
                    let product = try backend.seededProduct(pair, n: n, device: gpu)
                    let merkleStart = ContinuousClock.now
                    let tree = product.c.withUnsafeBufferPointer { MerkleTree(rowsOf: $0, rows: n, columns: n) }
                    let merkle = (ContinuousClock.now - merkleStart).seconds
                    try state.save(gpu: gpu, matrix: product.c, tree: tree)
                    outcome = .success(
                        (
                            .init(gpu: gpu, root: Hex.encode(tree.root)),
                            .init(
                                gpu: gpu, generationSeconds: product.generationSeconds,
                                multiplicationSeconds: product.multiplicationSeconds, merkleSeconds: merkle)
                        ))
                } catch {
                    outcome = .failure(BackendError("gpu \(gpu): \(error)"))
                }
                outcomes.byIndex.withLock { $0[index] = outcome }
            }
            if parallel {
                DispatchQueue.concurrentPerform(iterations: seeds.count, execute: work)
            } else {
                for index in seeds.indices { work(index) }
            }
            var roots = [ComputeResponse.Root]()
            var timings = [ComputeResponse.Timing]()
            let results = outcomes.byIndex.withLock { $0 }
            for index in seeds.indices {
                guard let outcome = results[index] else { throw BackendError("gpu \(seeds[index].gpu): not computed") }
                let (root, timing) = try outcome.get()
                roots.append(root)
                timings.append(timing)
            }
            try state.commit(.init(n: n, gpus: seeds.map(\.gpu)))
            JSONIO.write(ComputeResponse(n: n, roots: roots, timings: timings))
        }
    }

    /// The seeds in request order, and whether every GPU can be computed at once.
    private func validate(_ request: ComputeRequest, deviceCount: Int, backend: String) throws -> ([(gpu: Int, pair: SeedPair)], Bool) {
        guard PoGLimits.matrixSizes.contains(request.n) else { throw BackendError("n: must be between 1 and \(Self.maximumN)") }
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
        // Per GPU in host memory: A, B and C (or C alone when A and B are made on the device,
        // but the host fallback needs all three), plus the tree (2n digests); a fifth kept free.
        let n = UInt64(request.n)
        let perGPU = 3 * n * n * 4 + n * 64
        let limit = SystemMemory.physicalBytes / 5 * 4
        guard perGPU <= limit else {
            throw BackendError("n: \(request.n) needs \(perGPU >> 20) MiB of memory; this machine allows \(limit >> 20) MiB")
        }
        let parallel = backend == "cuda" && seeds.count > 1 && perGPU * UInt64(seeds.count) <= limit
        return (seeds, parallel)
    }
}
