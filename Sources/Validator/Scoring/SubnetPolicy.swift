import AsyncHTTPClient
import CoreMetrics
import Logging
import NIOCore
import ProofOfGPU
import ProofOfGPUConfig
import ServiceMetrics
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
                logger.info(
                    "validator: subnet config from \(url): miners get \(config.totalMinerEmission * 100) % over \(config.gpuWeights.count) GPU models"
                )
            }
        } catch {
            logger.warning("validator: subnet config from \(url) refused (\(error)); keeping the last good one")
        }
    }

    /// Shows the active values in `registry` at each scrape: the miners' share and each GPU
    /// model's priority (a model the config no longer lists leaves `/metrics`; the config holds
    /// at most `SubnetConfig.Limits.models` of them).
    public func export(to registry: ServiceMetrics) {
        let shown = Mutex<Set<String>>([])
        registry.beforeScrape { [self] in
            let config = current
            registry.gauge(.subnetMinerEmission).record(config.totalMinerEmission)
            let dropped = shown.withLock { shown in
                defer { shown = Set(config.gpuWeights.keys) }
                return shown.subtracting(config.gpuWeights.keys)
            }
            for model in dropped { registry.removeGauge(.subnetGPUWeight, [("model", model)]) }
            for (model, weight) in config.gpuWeights { registry.gauge(.subnetGPUWeight, [("model", model)]).record(weight) }
        }
    }
}

extension MetricName {
    static let subnetMinerEmission = MetricName(
        "nicompute_validator_subnet_total_miner_emission", help: "Share of the weights for miners (subnet_config).")
    static let subnetGPUWeight = MetricName(
        "nicompute_validator_subnet_gpu_weight", help: "Priority of a GPU model in the miners' share (subnet_config.gpu_weights).")
}
