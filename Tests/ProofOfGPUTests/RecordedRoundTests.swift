import Foundation
import Testing
@testable import ProofOfGPU
import HexCoding

/// A Proof-of-GPU round that the static worker ran on a real NVIDIA H100
/// (`scripts/gpu/pog-round.sh`, on a GPU machine lent to a session), checked here with the
/// validator's own code: the GPU is identified from its benchmark, and cuBLAS's C at
/// n = 16384 passes the verifier while any change to it fails.
///
/// The round was recorded before issue 15 replaced the generator, so A and B are the legacy
/// generator's (``LegacyHankelGenerator``) and the verifier replays it with that generator;
/// the tolerance is today's (``ValueTolerance``), so the test still shows that real cuBLAS
/// float32 output at n = 16384 passes it.
@Suite("a round recorded on a real H100")
struct RecordedRoundTests {
    struct Recording: Decodable {
        struct Seeds: Decodable { let a: String; let b: String }
        let gpu: GPUInfo
        let benchmark: BenchmarkReport
        let n: Int
        let seeds: Seeds
        let compute: ComputeResponse
        let challenges: [[Int]]
        let proof: ProofResponse

        var seedPair: SeedPair? {
            guard let a = UInt64(seeds.a), let b = UInt64(seeds.b) else { return nil }
            return SeedPair(a: a, b: b)
        }
        var cells: [Cell] { challenges.map { Cell(i: $0[0], j: $0[1]) } }
    }

    static func load() throws -> Recording {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Recordings/h100-round.json")
        return try JSONDecoder().decode(Recording.self, from: Data(contentsOf: url))
    }

    static func verify(_ recording: Recording, proof: ProofResponse? = nil, seeds: SeedPair? = nil) throws -> VerificationReport {
        let pair = try #require(seeds ?? recording.seedPair)
        let root = try #require(recording.compute.roots.first { $0.gpu == 0 }?.root)
        return PoGVerifier(n: recording.n, generator: .legacyHankel).verify(
            seeds: [0: pair], roots: [0: root], challenges: [0: recording.cells],
            response: proof ?? recording.proof)
    }

    /// The recording's proof with one value of the first challenged row changed.
    static func tampered(_ proof: ProofResponse, column: Int, change: (Float) -> Float) throws -> ProofResponse {
        var gpu = try #require(proof.proofs.first)
        let cell = gpu.cells[0]
        var row = try #require(Data(base64Encoded: cell.row))
        let offset = column * 4
        let bits = row[offset..<(offset + 4)].withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) }
        withUnsafeBytes(of: change(Float(bitPattern: bits)).bitPattern.littleEndian) {
            row.replaceSubrange(offset..<(offset + 4), with: $0)
        }
        gpu = .init(
            gpu: gpu.gpu, cells: [.init(i: cell.i, j: cell.j, row: row.base64EncodedString(), proof: cell.proof)] + gpu.cells.dropFirst())
        return ProofResponse(proofs: [gpu])
    }

    @Test("the worker ran on the GPU, and its benchmark identifies an H100 80GB HBM3, not the H200 that scores higher")
    func identified() throws {
        let recording = try Self.load()
        #expect(recording.gpu.backend == "cuda")
        #expect(recording.gpu.gpuNames == ["NVIDIA H100 80GB HBM3"])
        // The reference's probe figure for an 80 GB card, which config.yaml's table is made of.
        #expect(recording.benchmark.vramGB == 34.36)
        let identifier = GPUIdentifier(config: IdentificationTests.config)
        let device = identifier.identify(
            fp16TFLOPS: recording.benchmark.fp16.teraflops, fp32TFLOPS: recording.benchmark.fp32.teraflops,
            vramGB: recording.benchmark.vramGB, reportedName: recording.gpu.gpuNames[0])
        #expect(
            device == "NVIDIA H100 80GB HBM3",
            "fp16 \(recording.benchmark.fp16.teraflops) fp32 \(recording.benchmark.fp32.teraflops) TFLOPS")
    }

    @Test("cuBLAS's C at n = 16384 passes the verifier on every challenged cell")
    func honestPasses() throws {
        let recording = try Self.load()
        #expect(recording.n == 16384)
        #expect(recording.cells.count == 4)
        let report = try Self.verify(recording)
        #expect(report.passed, "\(String(describing: report.failures))")
    }

    @Test("any value changed after the commitment, the challenged one or another, breaks the row's Merkle path")
    func tamperingFails() throws {
        let recording = try Self.load()
        let cell = recording.cells[0]
        let challenged = try Self.tampered(recording.proof, column: cell.j) { $0 * 1.01 }
        #expect(try Self.verify(recording, proof: challenged).failures[0] == .some(.merkleMismatch(cell)))
        let elsewhere = try Self.tampered(recording.proof, column: (cell.j + 1) % recording.n) { $0.nextUp }
        #expect(try Self.verify(recording, proof: elsewhere).failures[0] == .some(.merkleMismatch(cell)))
    }

    @Test("the same answer for other seeds fails on its values")
    func otherSeedsFail() throws {
        let recording = try Self.load()
        let pair = try #require(recording.seedPair)
        let report = try Self.verify(recording, seeds: SeedPair(a: pair.a &+ 1, b: pair.b))
        guard case let .some(.some(.valueMismatch(cell, _, _, _))) = report.failures[0] else {
            Issue.record("expected a value mismatch, got \(String(describing: report.failures[0]))")
            return
        }
        #expect(cell == recording.cells[0])
        #expect(!report.passed)
    }
}
