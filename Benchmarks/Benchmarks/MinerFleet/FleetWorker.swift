import Foundation
import HexCoding
import ProofOfGPU

/// The commands a validator runs in a test container, answered in process: the worker's
/// `gpu-info`, `benchmark`, `compute` and `proof` as one CPU device (a plain triple loop at the
/// small n the benchmark asks for), the upload's hash probe, and `true`. Anything else exits 127,
/// so a validator that starts asking something new fails loudly here instead of being measured
/// wrongly.
struct FleetWorker {
    let miner: FleetMiner

    struct Reply {
        var status: UInt32 = 0
        var stdout: [UInt8] = []
        var stderr: [UInt8] = []

        static func failure(_ message: String, status: UInt32 = 1) -> Reply {
            Reply(status: status, stdout: Array(#"{"error": "\#(message)"}"#.utf8) + [10], stderr: Array(message.utf8))
        }
    }

    /// The largest matrix the fleet multiplies: it measures the validator, not arithmetic.
    static let maximumN = 512

    func run(_ command: String, input: [UInt8]) -> Reply {
        let words = command.split(separator: " ")
        if command == "true" { return Reply() }
        if command.hasPrefix("sha256sum "), command.contains("command -v") {
            let path = words.count > 1 ? String(words[1]) : ""
            let hash = miner.state.withLock { $0.workerSHA256 }
            let decoders = FleetUpload.Decoder.available.map { "\($0.rawValue)\n" }.joined()
            return Reply(stdout: Array(((hash.map { "\($0)  \(path)\n" } ?? "") + decoders).utf8))
        }
        guard words.count >= 2, words[0].hasSuffix("/nicompute-pog") else {
            return .failure("fleet: unknown command: \(command)", status: 127)
        }
        do {
            switch words[1] {
            case "gpu-info":
                return try json(GPUInfo(numGPUs: 1, gpuNames: ["CPU"], backend: "cpu"))
            case "benchmark":
                let n = words.count >= 4 && words[2] == "--n" ? Int(words[3]) ?? 64 : 64
                guard (32...Self.maximumN).contains(n) else { return .failure("--n: the fleet multiplies at most \(Self.maximumN)") }
                let seconds = Self.timedProduct(n: n)
                let memory = Double(ProcessInfo.processInfo.physicalMemory) / 1e9
                return try json(
                    BenchmarkReport(
                        numGPUs: 1, vramGB: (memory * 100).rounded() / 100, fp16: .init(n: n, seconds: seconds),
                        fp32: .init(n: n, seconds: seconds)))
            case "compute":
                return try json(try compute(JSONDecoder().decode(ComputeRequest.self, from: Data(input))))
            case "proof":
                return try json(try proof(JSONDecoder().decode(ProofRequest.self, from: Data(input))))
            default:
                return .failure("fleet: unknown worker command: \(words[1])", status: 127)
            }
        } catch {
            return .failure("\(error)")
        }
    }

    private func compute(_ request: ComputeRequest) throws -> ComputeResponse {
        guard (1...Self.maximumN).contains(request.n), request.seeds.count == 1, request.seeds[0].gpu == 0 else {
            throw FleetError("compute: one GPU (0) and n up to \(Self.maximumN)")
        }
        let n = request.n
        let seeds = try request.seeds[0].parsed()
        let started = ContinuousClock.now
        let a = SeededMatrix(seed: seeds.a, n: n).values
        let b = SeededMatrix(seed: seeds.b, n: n).values
        let generated = ContinuousClock.now
        let c = Self.product(a, b, n: n)
        let multiplied = ContinuousClock.now
        let tree = c.withUnsafeBufferPointer { MerkleTree(rowsOf: $0, rows: n, columns: n) }
        let merkle = ContinuousClock.now
        miner.state.withLock { $0.computed = .init(n: n, matrices: [0: c], trees: [0: tree]) }
        return ComputeResponse(
            n: n, roots: [.init(gpu: 0, root: Hex.encode(tree.root))],
            timings: [
                .init(
                    gpu: 0, generationSeconds: Self.seconds(generated - started),
                    multiplicationSeconds: Self.seconds(multiplied - generated),
                    merkleSeconds: Self.seconds(merkle - multiplied))
            ])
    }

    private func proof(_ request: ProofRequest) throws -> ProofResponse {
        guard let computed = miner.state.withLock({ $0.computed }) else { throw FleetError("proof: run compute first") }
        var answers = [ProofResponse.GPUProofs]()
        for entry in request.indices {
            guard let c = computed.matrices[entry.gpu], let tree = computed.trees[entry.gpu] else {
                throw FleetError("indices[gpu \(entry.gpu)]: was not computed")
            }
            let n = computed.n
            let cells = try entry.parsed(n: n)
            answers.append(
                .init(
                    gpu: entry.gpu,
                    cells: cells.map { cell in
                        let row = c[(cell.i * n)..<((cell.i + 1) * n)].withUnsafeBytes { Data($0) }
                        return .init(
                            i: cell.i, j: cell.j, row: row.base64EncodedString(), proof: tree.proof(forLeaf: cell.i).map { Hex.encode($0) })
                    }))
        }
        return ProofResponse(proofs: answers)
    }

    private func json(_ value: some Encodable) throws -> Reply {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Reply(stdout: Array(try encoder.encode(value)) + [10])
    }

    /// C = A·B, row-major, in the i-k-j order that keeps the inner loop on contiguous rows.
    static func product(_ a: [Float], _ b: [Float], n: Int) -> [Float] {
        var c = [Float](repeating: 0, count: n * n)
        for i in 0..<n {
            for k in 0..<n {
                let scale = a[i * n + k]
                for j in 0..<n { c[i * n + j] += scale * b[k * n + j] }
            }
        }
        return c
    }

    static func timedProduct(n: Int) -> Double {
        let a = SeededMatrix(seed: 1, n: n).values
        let b = SeededMatrix(seed: 2, n: n).values
        let started = ContinuousClock.now
        _ = product(a, b, n: n)
        return max(1e-6, seconds(ContinuousClock.now - started))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

struct FleetError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
