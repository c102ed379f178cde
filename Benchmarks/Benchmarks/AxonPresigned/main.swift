import BittensorCrypto
import BittensorNetwork
import Foundation
import Synchronization

// AxonPresigned <port> <axon hotkey> <workers> <seconds> [<requests per second at most>]: the
// lighter load generator. Every request is signed before the clock starts (enough for the
// ceiling given, default 12 000/s over the run), then each worker thread sends its own over one
// keep-alive connection with blocking sockets and no JSON work. Prints one JSON line, as
// AxonLoad does; a worker that runs out of requests stops early and the rate counts the time
// actually run.
let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count >= 4, let port = Int(arguments[0]), let workers = Int(arguments[2]), (1...256).contains(workers),
    let seconds = Double(arguments[3]), seconds > 0, seconds <= 30
else {
    print("usage: AxonPresigned <port> <axon hotkey> <workers 1…256> <seconds ≤ 30> [<requests per second at most>]")
    exit(2)
}
let ceiling = arguments.count > 4 ? Int(arguments[4]) ?? 12_000 : 12_000
let target = AxonTarget(ip: "127.0.0.1", port: port, hotkey: arguments[1])
// The caller: //Alice, or the secret URI in NICOMPUTE_BENCH_SIGNER (a miner admits only
// hotkeys registered on its chain, so `axon.sh` with SERVER=miner registers one and passes it).
let alice = try Keypair(uri: ProcessInfo.processInfo.environment["NICOMPUTE_BENCH_SIGNER"] ?? "//Alice")
let perWorker = max(1, Int(Double(ceiling) * seconds) / workers)

let prepared = Mutex([[[UInt8]]](repeating: [], count: workers))
DispatchQueue.concurrentPerform(iterations: workers) { index in
    let requests = (try? PresignedRequests.make(count: perWorker, target: target, keypair: alice)) ?? []
    prepared.withLock { $0[index] = requests }
}

struct WorkerResult: Sendable {
    var latencies: [Double] = []
    var errors = 0
    var elapsed = 0.0
}

let results = Mutex([WorkerResult](repeating: WorkerResult(), count: workers))
let done = DispatchGroup()
let start = ContinuousClock.now
let deadline = start + .milliseconds(Int(seconds * 1000))
for index in 0..<workers {
    let requests = prepared.withLock { $0[index] }
    done.enter()
    Thread.detachNewThread {
        var result = WorkerResult()
        defer {
            results.withLock { $0[index] = result }
            done.leave()
        }
        guard let connection = try? BlockingHTTPConnection(port: port) else {
            result.errors += 1
            return
        }
        for request in requests {
            let sent = ContinuousClock.now
            guard sent < deadline else { break }
            do {
                let status = try connection.exchange(request)
                let elapsed = ContinuousClock.now - sent
                if status == 200 {
                    result.latencies.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
                } else {
                    result.errors += 1
                }
            } catch {
                result.errors += 1
                break
            }
        }
        let ran = ContinuousClock.now - start
        result.elapsed = Double(ran.components.seconds) + Double(ran.components.attoseconds) / 1e18
    }
}
done.wait()

let all = results.withLock { $0 }
let latencies = all.flatMap(\.latencies).sorted()
let errors = all.map(\.errors).reduce(0, +)
let ran = all.map(\.elapsed).max() ?? seconds
func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
}
let report: [String: Any] = [
    "workers": workers, "requests": latencies.count, "errors": errors, "seconds": ran,
    "rps": Double(latencies.count) / max(ran, 1e-9),
    "p50_ms": percentile(latencies, 0.50) * 1000, "p99_ms": percentile(latencies, 0.99) * 1000,
    "presigned_per_worker": perWorker,
]
print(String(decoding: try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys]), as: UTF8.self))
