import ProofOfGPU
import Yams

extension SubnetConfig {
    /// Reads `subnet_config` from a `config.yaml`, or from the reference server's JSON answer
    /// (`{"config": {"subnet_config": {…}}}`; JSON is YAML). Every value is range-checked; an error
    /// names the field and the rule. With `devnet`, `devnet.cpu_device.gpu_weight` gives the
    /// devnet's CPU device class a priority, so devnet miners earn their share.
    public init(yaml: String, devnet: Bool = false) throws(PoGConfigError) {
        guard yaml.utf8.count <= 1 << 20 else { throw .invalid(field: "(file)", rule: "must be at most 1 MiB") }
        let root = try composeConfig(yaml)
        guard let section = root["subnet_config"] ?? root["config"]?["subnet_config"], section.mapping != nil else {
            throw .invalid(field: "subnet_config", rule: "must be a mapping")
        }
        let field = "subnet_config"
        guard let emission = section["total_miner_emission"]?.float, emission.isFinite, (0...1).contains(emission) else {
            throw .invalid(field: "\(field).total_miner_emission", rule: "must be a number from 0 to 1")
        }
        guard let weights = section["gpu_weights"]?.mapping else {
            throw .invalid(field: "\(field).gpu_weights", rule: "must be a mapping")
        }
        guard weights.count <= Limits.models else {
            throw .invalid(field: "\(field).gpu_weights", rule: "must list at most \(Limits.models) models")
        }
        var priorities = [String: Double]()
        for (key, value) in weights {
            guard let name = key.string, !name.isEmpty, name.utf8.count <= Limits.modelName else {
                throw .invalid(field: "\(field).gpu_weights", rule: "keys must be GPU names of at most \(Limits.modelName) bytes")
            }
            guard let priority = value.float, priority.isFinite, Limits.priority.contains(priority) else {
                throw .invalid(field: "\(field).gpu_weights.\(name)", rule: "must be a number from 0 to \(Int(Limits.priority.upperBound))")
            }
            priorities[name] = priority
        }
        self.init(totalMinerEmission: emission, gpuWeights: priorities)
        blocksPerEpoch =
            try Self.integer(section["blocks_per_epoch"], field: "\(field).blocks_per_epoch", range: Limits.blocksPerEpoch) ?? 360
        maxChallengeBlocks =
            try Self.integer(section["max_challenge_blocks"], field: "\(field).max_challenge_blocks", range: Limits.challengeBlocks) ?? 11
        randomDelayBlocksMax =
            try Self.integer(section["rand_delay_blocks_max"], field: "\(field).rand_delay_blocks_max", range: Limits.delayBlocks) ?? 5
        if let flag = section["allow_fake_sybil_slot"] {
            guard let value = flag.bool else { throw .invalid(field: "\(field).allow_fake_sybil_slot", rule: "must be true or false") }
            allowFakeSybilSlot = value
        }
        if let list = section["sybil_check_eligible_hotkeys"] {
            if let items = list.sequence {
                guard items.count <= Limits.hotkeys else {
                    throw .invalid(field: "\(field).sybil_check_eligible_hotkeys", rule: "must list at most \(Limits.hotkeys) hotkeys")
                }
                sybilEligibleHotkeys = try items.map { (item: Node) throws(PoGConfigError) -> String in
                    guard let text = item.string, (46...48).contains(text.utf8.count) else {
                        throw .invalid(field: "\(field).sybil_check_eligible_hotkeys", rule: "each must be an SS58 address")
                    }
                    return text
                }
            } else if let text = list.scalar?.string, !["", "~", "null"].contains(text) {
                throw .invalid(field: "\(field).sybil_check_eligible_hotkeys", rule: "must be a list of hotkeys")
            }
        }
        if devnet, let device = root["devnet"]?["cpu_device"], let name = device["name"]?.string, let weight = device["gpu_weight"] {
            guard let priority = weight.float, priority.isFinite, Limits.priority.contains(priority) else {
                throw .invalid(field: "devnet.cpu_device.gpu_weight", rule: "must be a number from 0 to \(Int(Limits.priority.upperBound))")
            }
            gpuWeights[name] = priority
        }
    }

    private static func integer(_ node: Node?, field: String, range: ClosedRange<Int>) throws(PoGConfigError) -> Int? {
        guard let node else { return nil }
        guard let value = node.int, range.contains(value) else {
            throw .invalid(field: field, rule: "must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }
}
