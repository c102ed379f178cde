import Foundation
import Testing

/// The dashboard and the JSON it reads, with real miners the validator scored, rendered by
/// headless Chromium (Debian's, installed by scripts/browser.sh under `make test`).
@Suite("Dashboard", .serialized)
struct DashboardTests {
    static var chromium: String { ProcessInfo.processInfo.environment["NICOMPUTE_CHROMIUM"] ?? "/usr/bin/chromium" }

    @Test(
        "POST /list/miners and /list/pog_history describe both scored miners; the page, rendered by Chromium, shows them with devices and scores"
    )
    func dashboard() async throws {
        let bed = try NetworkTestbed(miners: ["m0", "m1"])
        #expect(try await bed.startScoredMiners(["m0", "m1"]), "\(bed.log("validator"))")
        try await bed.startAPI()
        defer { for name in ["api", "validator", "m0", "m1"] { bed.stop(name) } }
        let key = try bed.apiKey("viewer")

        #expect(try bed.post("/list/miners", key: nil).status == 401)
        let answer = try bed.post("/list/miners", key: key)
        let miners = try #require(answer.json["data"] as? [[String: Any]])
        #expect((answer.json["block"] as? Int ?? 0) > 0 && answer.json["success"] as? Bool == true)
        #expect(
            Set(miners.compactMap { $0["hotkey"] as? String }) == Set([bed.hotkeys["m0"], bed.hotkeys["m1"]].compactMap { $0 }), "\(miners)"
        )
        for miner in miners {
            #expect(miner["device"] as? String == "CPU" && miner["count"] as? Int == 1 && (miner["score"] as? Double ?? 0) > 0, "\(miner)")
            #expect(miner["allocated"] as? Bool == false && miner["uid"] is Int && miner["incentive"] is Double)
            let last = try #require(miner["last_pog"] as? [String: Any])
            #expect(last["result"] as? String == "passed" && (last["at"] as? String ?? "").hasSuffix("Z") && last.keys.contains("reason"))
        }
        let history = try bed.post("/list/pog_history?hotkey=\(bed.hotkeys["m0"] ?? "")", key: key)
        let results = try #require(history.json["data"] as? [[String: Any]])
        #expect(!results.isEmpty && results.allSatisfy { $0["result"] as? String == "passed" }, "\(history.text)")
        #expect(try bed.post("/list/pog_history?hotkey=x&limit=0", key: key).status == 422)

        // The page itself, as a browser renders it: the key travels in the fragment, never to the server.
        let page = "http://127.0.0.1:\(bed.apiPort)/dashboard#key=\(key)"
        let profile = bed.root + "/chromium"
        let flags = [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--user-data-dir=\(profile)",
            "--window-size=1280,900", "--virtual-time-budget=10000",
        ]
        let dom = try MinerTestbed.run(Self.chromium, flags + ["--dump-dom", page])
        #expect(dom.status == 0, "\(dom.output.suffix(2_000))")
        for name in ["m0", "m1"] {
            #expect(dom.output.contains("title=\"\(bed.hotkeys[name] ?? "?")\""), "\(name) is listed: \(dom.output.suffix(4_000))")
        }
        #expect(dom.output.components(separatedBy: "<td>CPU</td>").count - 1 == 2, "both devices shown")
        #expect(dom.output.contains("class=\"passed\">passed"), "the last PoG result is shown")
        #expect(dom.output.contains("<circle"), "the history is charted")
        #expect(!bed.log("api").contains(key), "the key never reached the server in a URL")

        // A screenshot as a test artifact.
        let artifacts = MinerTestbed.repository.appendingPathComponent(".build/test-artifacts").path
        try FileManager.default.createDirectory(atPath: artifacts, withIntermediateDirectories: true)
        let screenshot = artifacts + "/dashboard.png"
        try? FileManager.default.removeItem(atPath: screenshot)
        let shot = try MinerTestbed.run(Self.chromium, flags + ["--screenshot=\(screenshot)", page])
        let size = (try? FileManager.default.attributesOfItem(atPath: screenshot)[.size] as? Int) ?? 0
        #expect(shot.status == 0 && size > 10_000, "screenshot \(screenshot): \(size) bytes \(shot.output.suffix(1_000))")
    }
}
