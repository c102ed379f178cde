import ProofOfGPU
import Yams

extension PoGConfig {
    /// Parses the YAML text of a `config.yaml`.
    public init(yaml: String) throws(PoGConfigError) {
        let root = try composeConfig(yaml)
        let performance = try Self.mapping(root["gpu_performance"], field: "gpu_performance")
        let fp16 = try Self.numbers(performance["GPU_TFLOPS_FP16"], field: "gpu_performance.GPU_TFLOPS_FP16")
        let fp32 = Dictionary(
            try Self.numbers(performance["GPU_TFLOPS_FP32"], field: "gpu_performance.GPU_TFLOPS_FP32"), uniquingKeysWith: { $1 })
        let vram = Dictionary(try Self.numbers(performance["GPU_AVRAM"], field: "gpu_performance.GPU_AVRAM"), uniquingKeysWith: { $1 })
        var gpus = [GPUSpec]()
        for (name, fp16Value) in fp16 {
            guard let fp32Value = fp32[name] else { throw .invalid(field: "gpu_performance.GPU_TFLOPS_FP32", rule: "must list '\(name)'") }
            guard let vramValue = vram[name] else { throw .invalid(field: "gpu_performance.GPU_AVRAM", rule: "must list '\(name)'") }
            guard fp16Value > 0, fp32Value > 0, vramValue > 0 else {
                throw .invalid(field: "gpu_performance (\(name))", rule: "figures must be positive")
            }
            gpus.append(GPUSpec(name: name, fp16TFLOPS: fp16Value, fp32TFLOPS: fp32Value, vramGB: vramValue))
        }
        let tolerancePairs = Dictionary(
            try Self.strings(performance["gpu_tolerance_pairs"], field: "gpu_performance.gpu_tolerance_pairs"), uniquingKeysWith: { $1 })
        let scores = Dictionary(try Self.numbers(performance["gpu_scores"], field: "gpu_performance.gpu_scores"), uniquingKeysWith: { $1 })

        var merkle = MerkleSettings()
        if let section = root["merkle_proof"] {
            let field = "merkle_proof"
            _ = try Self.mapping(section, field: field)
            if let value = try Self.number(section["time_tolerance"], field: "\(field).time_tolerance") { merkle.timeTolerance = value }
            if let value = try Self.number(section["pog_retry_limit"], field: "\(field).pog_retry_limit") {
                merkle.retryLimit = try Self.count(value, field: "\(field).pog_retry_limit", range: 0...10_000)
            }
            if let value = try Self.number(section["pog_retry_interval"], field: "\(field).pog_retry_interval") {
                merkle.retryInterval = value
            }
            if let value = try Self.number(section["max_workers"], field: "\(field).max_workers") {
                merkle.maxWorkers = try Self.count(value, field: "\(field).max_workers", range: 1...10_000)
            }
            if let value = try Self.number(section["max_random_delay"], field: "\(field).max_random_delay") {
                merkle.maxRandomDelay = value
            }
            if let value = try Self.number(section["cells_per_gpu"], field: "\(field).cells_per_gpu") {
                merkle.challenge = ChallengePolicy(cellsPerGPU: try Self.count(value, field: "\(field).cells_per_gpu", range: 1...1024))
            }
        }

        let cpuDevice: (name: String, score: Double)?
        if let device = root["devnet"]?["cpu_device"] {
            guard let name = device["name"]?.string, !name.isEmpty else {
                throw .invalid(field: "devnet.cpu_device.name", rule: "must be a non-empty string")
            }
            let score = try Self.number(device["score"], field: "devnet.cpu_device.score") ?? 0
            cpuDevice = (name, score)
        } else {
            cpuDevice = nil
        }
        self.init(gpus: gpus, tolerancePairs: tolerancePairs, scores: scores, merkle: merkle, cpuDevice: cpuDevice)
    }

    private static func mapping(_ node: Node?, field: String) throws(PoGConfigError) -> Node.Mapping {
        guard let mapping = node?.mapping else { throw .invalid(field: field, rule: "must be a mapping") }
        return mapping
    }

    private static func numbers(_ node: Node?, field: String) throws(PoGConfigError) -> [(String, Double)] {
        var result = [(String, Double)]()
        for (key, value) in try mapping(node, field: field) {
            guard let name = key.string else { throw .invalid(field: field, rule: "keys must be GPU names") }
            guard let number = value.float else { throw .invalid(field: "\(field).\(name)", rule: "must be a number") }
            result.append((name, number))
        }
        return result
    }

    private static func strings(_ node: Node?, field: String) throws(PoGConfigError) -> [(String, String)] {
        var result = [(String, String)]()
        for (key, value) in try mapping(node, field: field) {
            guard let name = key.string, let other = value.string else {
                throw .invalid(field: field, rule: "must map GPU names to GPU names")
            }
            result.append((name, other))
        }
        return result
    }

    private static func number(_ node: Node?, field: String) throws(PoGConfigError) -> Double? {
        guard let node else { return nil }
        guard let value = node.float else { throw .invalid(field: field, rule: "must be a number") }
        return value
    }

    /// A whole number in `range`, checked before converting (Int(1e300) would trap).
    private static func count(_ value: Double, field: String, range: ClosedRange<Int>) throws(PoGConfigError) -> Int {
        guard let whole = Int(exactly: value), range.contains(whole) else {
            throw .invalid(field: field, rule: "must be a whole number in \(range.lowerBound)…\(range.upperBound)")
        }
        return whole
    }
}

/// A `config.yaml` that cannot be used, naming the field and the rule.
public enum PoGConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalid(field: String, rule: String)

    public var description: String {
        switch self {
        case let .invalid(field, rule): "config.yaml: \(field): \(rule)"
        }
    }
}

/// The YAML (or JSON) document's root node; an empty or unparsable text is refused by name.
func composeConfig(_ text: String) throws(PoGConfigError) -> Node {
    do {
        guard let node = try Yams.compose(yaml: text) else { throw PoGConfigError.invalid(field: "(file)", rule: "must not be empty") }
        return node
    } catch let error as PoGConfigError {
        throw error
    } catch {
        throw .invalid(field: "(file)", rule: "must be valid YAML or JSON (\(error))")
    }
}
