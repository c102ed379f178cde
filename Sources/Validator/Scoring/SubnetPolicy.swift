import AsyncHTTPClient
import Logging
import NIOCore
import ProofOfGPU
import ProofOfGPUConfig
import Synchronization

/// The subnet config in force: the pinned one from `config.yaml`, replaced by each answer of
/// `--validator.subnet-config-url` that parses and passes every range check. A failed or refused
/// answer keeps the last good config and is logged; the active values are in `/metrics`.
public final class SubnetPolicy: Sendable {
    private let state: Mutex<SubnetConfig>
    /// Poll interval, as the reference's `pull_interval`.
    public static let interval: Duration = .seconds(60)
    /// The most an answer may hold.
    static let maximumBytes = 1 << 20

    public init(_ pinned: SubnetConfig) { state = Mutex(pinned) }

    public var current: SubnetConfig { state.withLock { $0 } }

    /// Replaces the config; true when it changed.
    @discardableResult
    func replace(with config: SubnetConfig) -> Bool {
        state.withLock { current in
            defer { current = config }
            return current != config
        }
    }

    /// Polls `url` every ``interval`` until cancelled (the reference's `refresh_config_from_server`).
    func poll(url: String, devnet: Bool, logger: Logger) async {
        while !Task.isCancelled {
            await refresh(url: url, devnet: devnet, logger: logger)
            try? await Task.sleep(for: Self.interval)
        }
    }

    func refresh(url: String, devnet: Bool, logger: Logger = Logger(label: "validator")) async {
        do {
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(5))
            guard response.status == .ok else {
                logger.warning("validator: subnet config from \(url): HTTP \(response.status.code); keeping the last good one")
                return
            }
            let body = try await response.body.collect(upTo: Self.maximumBytes)
            let config = try SubnetConfig(yaml: String(buffer: body), devnet: devnet)
            if replace(with: config) {
                logger.info("validator: subnet config from \(url): miners get \(config.totalMinerEmission * 100) % over \(config.gpuWeights.count) GPU models")
            }
        } catch {
            logger.warning("validator: subnet config from \(url) refused (\(error)); keeping the last good one")
        }
    }

    /// The active values in the Prometheus text format.
    public func render() -> String {
        let config = current
        var lines = [
            "# HELP validator_subnet_total_miner_emission Share of the weights for miners (subnet_config).",
            "# TYPE validator_subnet_total_miner_emission gauge",
            "validator_subnet_total_miner_emission \(config.totalMinerEmission)",
            "# HELP validator_subnet_gpu_weight Priority of a GPU model in the miners' share (subnet_config.gpu_weights).",
            "# TYPE validator_subnet_gpu_weight gauge",
        ]
        for (model, weight) in config.gpuWeights.sorted(by: { $0.key < $1.key }) {
            let label = model.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            lines.append("validator_subnet_gpu_weight{model=\"\(label)\"} \(weight)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
