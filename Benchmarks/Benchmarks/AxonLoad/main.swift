import BittensorCrypto
import BittensorNetwork
import ComputeProtocol
import Foundation

// Drives signed `Specs` requests at an axon from N workers (each its own dendrite, so its own
// uuid and strictly increasing nonces) for a number of seconds; prints one JSON line.
// Usage: AxonLoad <port> <axon hotkey> <workers> <seconds>
let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count == 4, let port = Int(arguments[0]), let workers = Int(arguments[2]), let seconds = Double(arguments[3]) else {
    print("usage: AxonLoad <port> <axon hotkey> <workers> <seconds>")
    exit(2)
}
let target = AxonTarget(ip: "127.0.0.1", port: port, hotkey: arguments[1])
let alice = try Keypair(uri: "//Alice")
let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))

let results = await withTaskGroup(of: (latencies: [Double], errors: Int).self) { group in
    for _ in 0..<workers {
        group.addTask {
            let dendrite = Dendrite(keypair: alice)
            var latencies = [Double]()
            var errors = 0
            while ContinuousClock.now < deadline {
                let start = ContinuousClock.now
                let answer = await dendrite.call(Specs(), to: target, timeout: 30)
                let elapsed = ContinuousClock.now - start
                if answer.isSuccess {
                    latencies.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
                } else {
                    errors += 1
                }
            }
            return (latencies, errors)
        }
    }
    var all = [Double]()
    var errors = 0
    for await result in group {
        all += result.latencies
        errors += result.errors
    }
    return (all.sorted(), errors)
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
}
let report: [String: Any] = [
    "workers": workers, "requests": results.0.count, "errors": results.1,
    "rps": Double(results.0.count) / seconds,
    "p50_ms": percentile(results.0, 0.50) * 1000, "p99_ms": percentile(results.0, 0.99) * 1000,
]
print(String(decoding: try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys]), as: UTF8.self))
