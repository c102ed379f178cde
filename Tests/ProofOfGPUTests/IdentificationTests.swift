import Foundation
import Testing
@testable import ProofOfGPU
import ProofOfGPUConfig

@Suite("config.yaml, GPU identification and scoring")
struct IdentificationTests {
    static let config: PoGConfig = {
        let path = repositoryRoot.appendingPathComponent("config.yaml").path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8), let config = try? PoGConfig(yaml: text) else {
            preconditionFailure("config.yaml at \(path) must load")
        }
        return config
    }()

    @Test("the repository's config.yaml holds the reference's tables and settings")
    func configLoads() throws {
        let config = Self.config
        #expect(config.gpus.count == 20)
        #expect(config.gpus.first?.name == "NVIDIA B200")
        #expect(
            config.gpus.first { $0.name == "NVIDIA H100 80GB HBM3" }
                == .init(name: "NVIDIA H100 80GB HBM3", fp16TFLOPS: 570, fp32TFLOPS: 49.0, vramGB: 34.36))
        #expect(
            config.gpus.first { $0.name == "NVIDIA H100 NVL" }
                == .init(name: "NVIDIA H100 NVL", fp16TFLOPS: 218, fp32TFLOPS: 32.0, vramGB: 34.36))
        #expect(config.scores["NVIDIA H100 80GB HBM3"] == 2.99 && config.scores["NVIDIA H100 PCIe"] == 2.79)
        #expect(config.scores["NVIDIA RTX 4000 Ada Generation"] == nil && config.scores["NVIDIA A100-SXM4-40GB"] == nil)
        #expect(config.tolerancePairs["NVIDIA H100"] == "NVIDIA H100 80GB HBM3")
        #expect(config.tolerancePairs["NVIDIA L40s"] == "NVIDIA L40S" && config.tolerancePairs["NVIDIA H100\""] == nil)
        #expect(config.merkle.timeTolerance == 5 && config.merkle.retryLimit == 22 && config.merkle.retryInterval == 60)
        #expect(config.merkle.maxWorkers == 64 && config.merkle.maxRandomDelay == 900)
        #expect(config.merkle.challenge.cellsPerGPU == 16)
        #expect(config.cpuDevice?.name == "CPU")
    }

    @Test("a broken config.yaml names the field and the rule")
    func badConfig() {
        #expect(throws: PoGConfigError.invalid(field: "gpu_performance", rule: "must be a mapping")) {
            try PoGConfig(yaml: "merkle_proof: {}")
        }
        let missingFP32 =
            "gpu_performance:\n  GPU_TFLOPS_FP16: {X: 1}\n  GPU_TFLOPS_FP32: {}\n  GPU_AVRAM: {X: 1}\n  gpu_tolerance_pairs: {}\n  gpu_scores: {X: 1}\n"
        #expect(throws: PoGConfigError.invalid(field: "gpu_performance.GPU_TFLOPS_FP32", rule: "must list 'X'")) {
            try PoGConfig(yaml: missingFP32)
        }
        let badNumber = missingFP32.replacingOccurrences(of: "GPU_TFLOPS_FP32: {}", with: "GPU_TFLOPS_FP32: {X: fast}")
        #expect(throws: PoGConfigError.invalid(field: "gpu_performance.GPU_TFLOPS_FP32.X", rule: "must be a number")) {
            try PoGConfig(yaml: badNumber)
        }
        #expect(throws: PoGConfigError.self) { try PoGConfig(yaml: "a: [") }
        // Counts are checked before converting: 1e300 or 2.5 cells is an error, not a trap.
        let valid =
            "gpu_performance:\n  GPU_TFLOPS_FP16: {X: 1}\n  GPU_TFLOPS_FP32: {X: 1}\n  GPU_AVRAM: {X: 1}\n  gpu_tolerance_pairs: {}\n  gpu_scores: {X: 1}\n"
        #expect(throws: Never.self) { try PoGConfig(yaml: valid + "merkle_proof: {cells_per_gpu: 8}\n") }
        for bad in ["cells_per_gpu: 1e300", "cells_per_gpu: 2.5", "cells_per_gpu: 0", "max_workers: -1e30", "pog_retry_limit: .nan"] {
            #expect(throws: PoGConfigError.self, "\(bad)") { try PoGConfig(yaml: valid + "merkle_proof: {\(bad)}\n") }
        }
    }

    @Test("each GPU's own figures identify it (or its tolerance partner when reported)")
    func everyGPU() {
        let identifier = GPUIdentifier(config: Self.config)
        for gpu in Self.config.gpus {
            let found = identifier.identify(
                fp16TFLOPS: gpu.fp16TFLOPS, fp32TFLOPS: gpu.fp32TFLOPS, vramGB: gpu.vramGB, reportedName: gpu.name)
            #expect(found == gpu.name)
            // A reported name that disagrees (and is no partner) does not change the answer.
            let lied = identifier.identify(
                fp16TFLOPS: gpu.fp16TFLOPS, fp32TFLOPS: gpu.fp32TFLOPS, vramGB: gpu.vramGB, reportedName: "NVIDIA B200")
            #expect(lied == gpu.name || (gpu.name == "NVIDIA B200"))
        }
    }

    @Test(
        "measurements identify as the reference would",
        arguments: [
            // (fp16, fp32, vram, reported, expected)
            (560.0, 48.0, 34.36, "NVIDIA H100 80GB HBM3", "NVIDIA H100 80GB HBM3"),
            (560.0, 48.0, 34.36, "NVIDIA H100", "NVIDIA H100"),  // tolerance pair: reported wins
            (330.0, 37.0, 34.36, "NVIDIA H100 NVL", "NVIDIA H100 NVL"),  // v2.2's PCIe/NVL pair
            (218.0, 32.0, 34.36, "NVIDIA H100 PCIe", "NVIDIA H100 PCIe"),  // the same pair, the other direction
            (330.0, 37.0, 34.36, "NVIDIA H100 80GB HBM3", "NVIDIA H100 PCIe"),  // not a pair: measured wins
            (330.0, 37.0, 34.36, "NVIDIA A100-SXM4-80GB", "NVIDIA H100 PCIe"),  // not a pair: measured wins
            (150.0, 45.0, 8.59, "NVIDIA H200", "NVIDIA GeForce RTX 4090"),  // a lying name is ignored
            (171.0, 35.5, 17.18, "NVIDIA L40s", "NVIDIA L40s"),  // v2.2's old-name pair: taken, and unscored
            (112.0, 26.0, 17.18, "NVIDIA L40", "NVIDIA L40"),
            (48.0, 21.0, 17.18, "NVIDIA A40", "NVIDIA A40"),
            (65.0, 15.5, 8.59, "NVIDIA RTX 4000 Ada Generation", "NVIDIA RTX 4000 Ada Generation"),
            (1100.0, 60.0, 68.72, "NVIDIA H200", "NVIDIA B200"),
            // A real H100 80GB HBM3 (2026-11-26): with the reference's probe figure it is itself;
            // with the largest power of two below its free memory (68.72) it would pass for an H200.
            (500.4, 52.9, 34.36, "NVIDIA H100 80GB HBM3", "NVIDIA H100 80GB HBM3"),
            (500.4, 52.9, 68.72, "NVIDIA H100 80GB HBM3", "NVIDIA H200"),
        ])
    func cases(fp16: Double, fp32: Double, vram: Double, reported: String, expected: String) {
        let identifier = GPUIdentifier(config: Self.config)
        #expect(identifier.identify(fp16TFLOPS: fp16, fp32TFLOPS: fp32, vramGB: vram, reportedName: reported) == expected)
    }

    @Test(
        "the memory probe reports what the reference's does, the figures config.yaml's VRAM column holds",
        arguments: [
            // (free bytes as cudaMemGetInfo reports them, GB reported)
            (84_500_000_000, 34.36),  // H100 80GB: 96 GiB (64 + the 32 still held) does not fit
            (149_000_000_000, 68.72),  // H200 141GB
            (190_000_000_000, 68.72),  // B200: 128 + 64 GiB does not fit in 192 GB
            (84_000_000_000, 34.36),  // A100 80GB
            (42_000_000_000, 17.18),  // A100 40GB
            (33_600_000_000, 17.18),  // RTX 5090 32GB
            (47_600_000_000, 17.18),  // L40, A6000 48GB
            (25_300_000_000, 8.59),  // A5000, RTX 4090 24GB
            (20_900_000_000, 8.59),  // RTX 4000 Ada 20GB
            (3 * 1 << 34, 34.36),  // exactly 48 GiB: 32 GiB fits beside the 16 still held
            (3 * 1 << 34 - 1, 17.18),
            (1 << 21, 0.002097152),  // only the first allocation fits
            (1 << 20, 0.001048576),  // not even that: the reference still steps back one size
        ])
    func vramProbe(freeBytes: Int, expectedGB: Double) {
        #expect((VRAMProbe.reportedGB(freeBytes: freeBytes) * 100).rounded() / 100 == (expectedGB * 100).rounded() / 100)
        #expect(VRAMProbe.reportedBytes(freeBytes: freeBytes).nonzeroBitCount == 1)
    }

    @Test("the CPU device class exists only on the devnet")
    func cpuDevice() {
        let devnet = GPUIdentifier(config: Self.config, allowsCPUDevice: true)
        #expect(devnet.identify(fp16TFLOPS: 0.1, fp32TFLOPS: 0.1, vramGB: 25, reportedName: "CPU") == "CPU")
        let real = GPUIdentifier(config: Self.config)
        #expect(real.identify(fp16TFLOPS: 0.1, fp32TFLOPS: 0.1, vramGB: 25, reportedName: "CPU") != "CPU")
        #expect(PoGScoring(config: Self.config, scoresCPUDevice: true).score(device: "CPU", count: 1) > 0)
        #expect(PoGScoring(config: Self.config).score(device: "CPU", count: 1) == 0)
    }

    @Test("score = gpu_score × min(count, 8) / (best × 8)")
    func scores() {
        let scoring = PoGScoring(config: Self.config)
        #expect(abs(scoring.score(device: "NVIDIA H100 80GB HBM3", count: 8) - 2.99 / 4.80) < 1e-12)
        #expect(abs(scoring.score(device: "NVIDIA H100 80GB HBM3", count: 16) - 2.99 / 4.80) < 1e-12)
        #expect(abs(scoring.score(device: "NVIDIA B200", count: 8) - 1) < 1e-12)
        #expect(abs(scoring.score(device: "NVIDIA GeForce RTX 4090", count: 1) - 0.69 / 38.4) < 1e-12)
        #expect(scoring.score(device: "NVIDIA L40s", count: 1) == 0, "v2.2 scores only its new names")
        #expect(scoring.score(device: "NVIDIA RTX 4000 Ada Generation", count: 4) == 0)
        #expect(scoring.score(device: "NVIDIA B200", count: 0) == 0)
    }

    @Test("pass rule and matrix sizes follow the reference")
    func rules() {
        #expect([1, 2, 3, 4, 5, 6, 8, 10].map(ChallengePolicy.requiredPasses) == [1, 2, 3, 3, 4, 5, 6, 8])
        #expect(MatrixSize.forCompute(vramGB: 34.36) == 20704)
        #expect(MatrixSize.fitting(vramGB: 34.36, elementSize: 2, bufferFactor: 1.0) == 92672)
    }
}
