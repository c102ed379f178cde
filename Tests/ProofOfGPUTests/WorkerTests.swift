import Foundation
import Testing
import TestSupport
@testable import ProofOfGPU

/// The real `nicompute-pog` binary on the CPU backend, driven through its JSON contract and
/// checked by the verifier. Missing binary: the tests fail and say how to build it.
@Suite("the nicompute-pog worker, end to end", .serialized)
struct WorkerTests {
    static var binary: String { TestPaths.pogWorker }

    final class StateDirectory {
        let path = NSTemporaryDirectory() + "nicompute-pog-test-" + UUID().uuidString
        init() { _ = mkdir(path, 0o700) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    /// Runs the worker with `input` on stdin; returns its exit status and stdout.
    static func run(_ arguments: [String], input: String) throws -> (status: Int32, output: Data) {
        let output = try ChildProcess.run(binary, arguments, input: Array(input.utf8))
        return (output.status, Data(output.stdoutBytes))
    }

    static func request<T: Encodable, R: Decodable>(_ command: String, _ body: T, state: StateDirectory, as type: R.Type) throws -> R {
        let input = String(decoding: try JSONEncoder().encode(body), as: UTF8.self)
        let backend = command == "compute" ? ["--backend", "cpu"] : []
        let (status, output) = try run([command] + backend + ["--state-dir", state.path], input: input)
        guard status == 0 else { throw Failure(description: "\(command) failed: \(String(decoding: output, as: UTF8.self))") }
        return try JSONDecoder().decode(type, from: output)
    }

    /// compute → proof → verify for one GPU; returns the report and the pieces for tampering.
    static func round(n: Int, seeds: SeedPair, cellsPerGPU: Int = ChallengePolicy.default.cellsPerGPU, challengeSeed: UInt64 = 1)
        throws -> (report: VerificationReport, root: String, cells: [Cell], response: ProofResponse)
    {
        let state = StateDirectory()
        let computed = try request(
            "compute", ComputeRequest(n: n, seeds: [.init(gpu: 0, a: seeds.a, b: seeds.b)]), state: state, as: ComputeResponse.self)
        #expect(computed.n == n && computed.roots.count == 1 && computed.timings.count == 1)
        let root = try #require(computed.roots.first?.root)
        var rng = SplitMix64(seed: challengeSeed)
        let cells = ChallengePolicy(cellsPerGPU: cellsPerGPU).cells(n: n, using: &rng)
        let response = try request("proof", ProofRequest(indices: [.init(gpu: 0, cells: cells)]), state: state, as: ProofResponse.self)
        let report = PoGVerifier(n: n).verify(seeds: [0: seeds], roots: [0: root], challenges: [0: cells], response: response)
        return (report, root, cells, response)
    }

    @Test("an honest CPU compute/proof verifies", arguments: [1, 33, 256, 1024, 4096])
    func honest(n: Int) throws {
        let result = try Self.round(n: n, seeds: SeedPair(a: UInt64.max - UInt64(n), b: 1 << 63 | UInt64(n)))
        #expect(result.report.passed, "\(String(describing: result.report.failures))")
    }

    @Test("tampered answers are rejected: value, row, another row's proof, other seeds' root")
    func tampered() throws {
        let n = 512
        let seeds = SeedPair(a: 17, b: 29)
        let (report, root, cells, response) = try Self.round(n: n, seeds: seeds)
        #expect(report.passed)
        let verifier = PoGVerifier(n: n)
        func check(_ answer: ProofResponse.CellProof, root: String = root) -> GPUFailure? {
            var answers = response.proofs[0].cells
            answers[0] = answer
            return verifier.verify(
                seeds: [0: seeds], roots: [0: root], challenges: [0: cells],
                response: .init(proofs: [.init(gpu: 0, cells: answers)])
            ).failures[0]!
        }
        let first = response.proofs[0].cells[0]
        var row = try #require(Data(base64Encoded: first.row))
        // A wrong value: C[i][j] + 0.5, with the Merkle proof left as it was.
        let value = row.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: first.j * 4, as: Float.self) } + 0.5
        withUnsafeBytes(of: value) { row.replaceSubrange((first.j * 4)..<(first.j * 4 + 4), with: $0) }
        #expect(check(.init(i: first.i, j: first.j, row: row.base64EncodedString(), proof: first.proof)) == .merkleMismatch(cells[0]))
        // Another row with its own proof, claimed for row i.
        let other = response.proofs[0].cells.first { $0.i != first.i } ?? first
        #expect(check(.init(i: first.i, j: first.j, row: other.row, proof: other.proof)) == .merkleMismatch(cells[0]))
        #expect(check(.init(i: first.i, j: first.j, row: other.row, proof: first.proof)) == .merkleMismatch(cells[0]))
        // A root committed for other seeds.
        let (_, otherRoot, _, _) = try Self.round(n: n, seeds: SeedPair(a: 18, b: 29))
        #expect(check(first, root: otherRoot) == .merkleMismatch(cells[0]))
        // A whole consistent answer for other seeds (its own root and proofs) fails on values.
        let (_, foreignRoot, _, foreignResponse) = try Self.round(n: n, seeds: SeedPair(a: 18, b: 29))
        let foreign = verifier.verify(seeds: [0: seeds], roots: [0: foreignRoot], challenges: [0: cells], response: foreignResponse)
        guard case .valueMismatch = foreign.failures[0]! else { Issue.record("\(String(describing: foreign.failures))"); return }
    }

    @Test(
        "bad input gets a JSON error and a non-zero exit",
        arguments: [
            ("compute", #"{"n": 64, "seeds": [{"gpu": 0, "a": "12x", "b": "1"}]}"#, "seeds[gpu 0].a"),
            ("compute", #"{"n": 64, "seeds": [{"gpu": 0, "a": 1, "b": "1"}]}"#, "has the wrong type"),
            ("compute", #"{"n": 64, "seeds": [{"gpu": 3, "a": "1", "b": "1"}]}"#, "no such device"),
            ("compute", #"{"n": 0, "seeds": [{"gpu": 0, "a": "1", "b": "1"}]}"#, "n: must be between"),
            ("compute", #"{"n": 65536, "seeds": [{"gpu": 0, "a": "1", "b": "1"}]}"#, "needs"),
            ("compute", "not json", "not a valid JSON"),
            ("proof", #"{"indices": [{"gpu": 0, "cells": [[1, 2]]}]}"#, "run `compute` first"),
        ])
    func badInput(command: String, input: String, message: String) throws {
        let state = StateDirectory()
        let (status, output) = try Self.run([command, "--state-dir", state.path], input: input)
        #expect(status != 0)
        let error = try JSONDecoder().decode(WorkerErrorMessage.self, from: output)
        #expect(error.error.contains(message), "\(error.error)")
    }

    @Test("proof refuses cells outside the matrix and GPUs that were not computed")
    func proofBounds() throws {
        let state = StateDirectory()
        _ = try Self.request("compute", ComputeRequest(n: 16, seeds: [.init(gpu: 0, a: 1, b: 2)]), state: state, as: ComputeResponse.self)
        for (input, message) in [
            (#"{"indices": [{"gpu": 0, "cells": [[16, 0]]}]}"#, "in 0..<16"),
            (#"{"indices": [{"gpu": 0, "cells": [[1]]}]}"#, "a pair"),
            (#"{"indices": [{"gpu": 1, "cells": [[1, 1]]}]}"#, "was not computed"),
        ] {
            let (status, output) = try Self.run(["proof", "--state-dir", state.path], input: input)
            #expect(status != 0)
            #expect(String(decoding: output, as: UTF8.self).contains(message))
        }
    }

    @Test("generate prints the generator's rows as signed 24-bit integers")
    func generate() throws {
        let (status, output) = try Self.run(
            ["generate", "--backend", "cpu", "--seed", "18446744073709551615", "--n", "37", "--rows", "0,36", "--rows", "5"], input: "")
        #expect(status == 0, "\(String(decoding: output, as: UTF8.self))")
        struct Answer: Decodable { struct Row: Decodable { let i: Int; let q: [Int32] }; let n: Int; let source: String; let rows: [Row] }
        let answer = try JSONDecoder().decode(Answer.self, from: output)
        #expect(answer.n == 37 && answer.source == "host" && answer.rows.map(\.i) == [0, 36, 5])
        for row in answer.rows {
            let expected = SeededGenerator.row(seed: .max, row: UInt64(row.i), count: 37).map { Int32(exactly: $0 * 0x1p23) ?? .min }
            #expect(row.q == expected)
        }
        // --compare-host without a GPU: the auto backend is the CPU, which generates on the host,
        // so the comparison runs and finds nothing to differ (on a GPU machine it checks the PTX).
        let (compareStatus, compareOutput) = try Self.run(
            ["generate", "--seed", "7", "--n", "67", "--rows", "66", "--compare-host"], input: "")
        struct Compared: Decodable { let source: String; let host_mismatches: Int? }
        let compared = try JSONDecoder().decode(Compared.self, from: compareOutput)
        #expect(compareStatus == 0 && compared.host_mismatches == 0)
        #expect(compared.source == (CUDAAvailability.present ? "device" : "host"))
        for arguments in [
            ["--seed", "-1", "--n", "4"], ["--seed", "1", "--n", "0"], ["--seed", "1", "--n", "4", "--rows", "4"],
            ["--seed", "1", "--n", "9223372036854775807"],
        ] {
            let (badStatus, badOutput) = try Self.run(["generate", "--backend", "cpu"] + arguments, input: "")
            #expect(badStatus != 0)
            #expect((try? JSONDecoder().decode(WorkerErrorMessage.self, from: badOutput)) != nil, "\(arguments)")
        }
    }

    @Test("an independent Python checker recomputes generate's rows and finds no shift structure")
    func independentChecker() throws {
        let checked = try ChildProcess.run(TestPaths.python, [TestPaths.file("scripts/pog/check_generator.py"), Self.binary, "--n", "203"])
        let output = Data(checked.stdoutBytes)
        struct Summary: Decodable {
            let ok: Bool; let mismatches: Int; let shift_pairs: Int; let shift_equal: Int; let entries_checked: Int
        }
        let summary = try JSONDecoder().decode(Summary.self, from: output)
        #expect(checked.status == 0 && summary.ok, "\(String(decoding: output, as: UTF8.self))")
        #expect(summary.mismatches == 0 && summary.entries_checked == 24 * 203)
        #expect(summary.shift_pairs == 23 * 202 && summary.shift_equal <= 1)
    }

    @Test("command-line mistakes are reported in the same JSON shape")
    func usageErrors() throws {
        let (status, output) = try Self.run(["compute", "--backend", "tpu"], input: "")
        #expect(status != 0)
        #expect(try JSONDecoder().decode(WorkerErrorMessage.self, from: output).error.contains("tpu"))
    }

    @Test("gpu-info and benchmark report the CPU backend in the contract's shape")
    func infoAndBenchmark() throws {
        let (status, output) = try Self.run(["gpu-info", "--backend", "cpu"], input: "")
        #expect(status == 0)
        #expect(try JSONDecoder().decode(GPUInfo.self, from: output) == GPUInfo(numGPUs: 1, gpuNames: ["CPU"], backend: "cpu"))
        let (benchStatus, benchOutput) = try Self.run(["benchmark", "--backend", "cpu", "--n", "128"], input: "")
        #expect(benchStatus == 0)
        let report = try JSONDecoder().decode(BenchmarkReport.self, from: benchOutput)
        #expect(report.fp32.n == 128 && report.fp32.seconds > 0 && report.vramGB > 0)
        // Without a GPU, asking for CUDA is an error, not a silent fallback.
        let (cudaStatus, cudaOutput) = try Self.run(["gpu-info", "--backend", "cuda"], input: "")
        if CUDAAvailability.present {
            #expect(cudaStatus == 0)
        } else {
            #expect(cudaStatus != 0 && String(decoding: cudaOutput, as: UTF8.self).contains("no NVIDIA GPU"))
        }
    }
}

/// Whether this machine has an NVIDIA driver (then the CUDA backend may legitimately load).
enum CUDAAvailability {
    static let present = FileManager.default.fileExists(atPath: "/dev/nvidia0")
}
