import Foundation
import ProofOfGPU
import ServiceMetrics
import Testing
import TestSupport
@testable import Validator

/// `--validator.subnet-config-url` against a real HTTP server (Python's http.server on loopback):
/// a good answer replaces the config, and every bad one — out of range, not JSON, too large, a 404,
/// no server — keeps the last good one; `/metrics` shows what is in force.
@Suite("the subnet config polled from a server")
struct SubnetPolicyTests {
    @Test("good answers replace the config; bad ones keep the last good; metrics show the active values")
    func polling() async throws {
        let directory = NSTemporaryDirectory() + "subnet-config-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let files = [
            "good.json":
                #"{"config": {"subnet_config": {"total_miner_emission": 0.2, "gpu_weights": {"NVIDIA H200": 3, "NVIDIA B200": 1}}}}"#,
            "range.json": #"{"config": {"subnet_config": {"total_miner_emission": 3, "gpu_weights": {}}}}"#,
            "text.json": "<html>maintenance</html>",
            "huge.json": String(repeating: " ", count: 2 << 20) + "{}",
        ]
        for (name, text) in files { try text.write(toFile: "\(directory)/\(name)", atomically: true, encoding: .utf8) }
        let port = TestPorts.base(span: 2)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        server.arguments = ["-m", "http.server", "--bind", "127.0.0.1", "--directory", directory, "\(port)"]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { server.terminate() }
        let base = "http://127.0.0.1:\(port)"
        let pinned = SubnetConfig(totalMinerEmission: 0.05, gpuWeights: ["NVIDIA H200": 19, "NVIDIA A100": 1])
        let policy = SubnetPolicy(pinned)
        let registry = ServiceMetrics()
        policy.export(to: registry)
        let before = await registry.exposition()
        #expect(before.contains("nicompute_validator_subnet_total_miner_emission 0.05"), "\(before)")
        #expect(before.contains(#"nicompute_validator_subnet_gpu_weight{model="NVIDIA A100"} 1.0"#))
        // The first good answer, once the server listens (a refused connection keeps the pinned config).
        for _ in 0..<50 where policy.current == pinned {
            await policy.refresh(url: "\(base)/good.json", devnet: false)
            if policy.current == pinned { try await Task.sleep(for: .milliseconds(100)) }
        }
        let served = SubnetConfig(totalMinerEmission: 0.2, gpuWeights: ["NVIDIA H200": 3, "NVIDIA B200": 1])
        #expect(policy.current == served)
        for bad in ["range.json", "text.json", "huge.json", "missing.json"] {
            await policy.refresh(url: "\(base)/\(bad)", devnet: false)
            #expect(policy.current == served, "\(bad)")
        }
        await policy.refresh(url: "http://127.0.0.1:1/config", devnet: false)
        #expect(policy.current == served)
        let metrics = await registry.exposition()
        #expect(metrics.contains("nicompute_validator_subnet_total_miner_emission 0.2"))
        #expect(metrics.contains(#"nicompute_validator_subnet_gpu_weight{model="NVIDIA H200"} 3.0"#))
        #expect(!metrics.contains("A100"), "a model the config no longer lists leaves /metrics")
    }
}
