import BittensorCrypto
import ComputeProtocol
import Foundation
import RegisterAPI
import Subtensor
import Validator

// APIDirectorySeed DIR COUNT: a local chain (DIR/chain.sqlite) whose subnet 27 has COUNT served
// miners, a validator store (DIR/validator.sqlite) that verified each of them, and an API store
// (DIR/api.sqlite) holding each one's Specs answer, as a long-running API would have them. The
// miners' axons point at a closed port: the load test must not depend on 10 000 live miners.

let arguments = CommandLine.arguments
guard arguments.count == 3, let count = Int(arguments[2]), count > 0 else {
    FileHandle.standardError.write(Data("usage: APIDirectorySeed DIR COUNT\n".utf8))
    exit(2)
}
let directory = arguments[1]
var parameters = LocalChainParameters()
parameters.maxUIDs = count + 1
let chain = try LocalChain(path: directory + "/chain.sqlite", blockSeconds: 12, parameters: parameters)
let validators = try ValidatorStore(path: directory + "/validator.sqlite")
// The key file `nicompute api --db.url DIR/api.sqlite` will use, so the API reads what is seeded.
let apiLocation = DatabaseLocation.sqlite(path: directory + "/api.sqlite")
let api = try SQLiteRentalStore(path: directory + "/api.sqlite", sealer: try CredentialSealer(keyFile: apiLocation.defaultSecretFile))
let devices = [("NVIDIA H100 80GB HBM3", 81_559), ("NVIDIA A100-SXM4-80GB", 81_920), ("NVIDIA GeForce RTX 4090", 24_564), ("NVIDIA L40s", 46_068)]
var generator = SystemRandomNumberGenerator()
var miners = [(uid: Int, hotkey: String)]()
for index in 0..<count {
    let hotkey = SS58.encode((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
    let coldkey = SS58.encode((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
    let uid = try await chain.register(netuid: 27, hotkey: hotkey, coldkey: coldkey)
    try await chain.serveAxon(netuid: 27, hotkey: hotkey, axon: AxonInfo(ip: "127.0.0.1", port: 9, version: 190))
    miners.append((uid, hotkey))
    let (device, memory) = devices[index % devices.count]
    let gpus = 1 << (index % 4)
    let target = MinerTarget(uid: uid, hotkey: hotkey, ip: "127.0.0.1", port: 9)
    try await validators.record(PoGOutcome(target: target, result: .passed(device: device, count: gpus, score: Double(index % 1000) / 10), elapsedSeconds: 60))
    let specs = """
        {"cpu": {"count": \(16 * gpus), "frequency": 2400.0}, "gpu": {"count": \(gpus), "capacity": \(memory * gpus), "details": [{"name": "\(device)", "capacity": \(memory)}]}, "ram": {"total": \(gpus * 128 << 30), "available": \(gpus * 120 << 30)}, "hard_disk": {"total": \(2_000 << 30), "free": \(1_500 << 30)}, "has_docker": true}
        """
    try await api.saveSpecs(hotkey: hotkey, specs: specs, at: Date().timeIntervalSince1970)
}
try await validators.syncMiners(miners)
print("seeded \(count) miners in \(directory)")
