import BittensorNetwork
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
@testable import RegisterAPI
import Testing

/// The Register API's bodies and query strings, mutated from real requests, through the code
/// its routes run: every input is either accepted within the documented bounds or refused
/// with a 422 that names its field. A trap here would be the API's death by one request.
@Suite("property: Register API bodies and query strings")
struct APIInputProperties {
    static let bodies: [String] = [
        #"{"requirements": {"cpu_count": 4, "gpu_type": "NVIDIA H100 80GB HBM3", "gpu_size": 80, "ram": 64, "hard_disk": 500, "timeline": 30}}"#,
        #"{"requirements": {"gpu_type": "", "gpu_size": 0, "ram": 1}}"#,
        #"{"gpu_name": "h100", "cpu_count_min": 2, "cpu_count_max": 64, "gpu_capacity_min": 24.5, "gpu_capacity_max": 80, "#
            + #""hard_disk_total_min": 100, "hard_disk_total_max": 1e4, "ram_total_min": 16, "ram_total_max": 2048}"#,
        "{}",
    ]
    static let queries = [
        "page_number=2&page_size=50", "page_number=1", "page_number=9223372036854775807&page_size=1000",
        "hotkey=5F3sa2TJAWMqDhXG6jhV4N8ko9SxwGy8TpaNS1repo5EYjQX&uuid_key=abc&skip_reserved=true",
    ]
    static let requirementFields: Set = ["requirements", "cpu_count", "gpu_size", "ram", "hard_disk", "timeline", "gpu_type"]
    static let queryFields: Set = [
        "body", "gpu_name", "cpu_count_min", "cpu_count_max", "gpu_capacity_min", "gpu_capacity_max",
        "hard_disk_total_min", "hard_disk_total_max", "ram_total_min", "ram_total_max",
    ]

    @Test("request bodies: parsed in bounds or refused with the field named")
    func bodies() {
        var mutator = SeededMutator()
        var accepted = 0
        for run in 0..<SeededMutator.runs {
            let input = mutator.mutate(Array(Self.bodies[run % Self.bodies.count].utf8))
            guard let body = try? OrderedJSON.parse(input) else { continue }  // answered 422 "body: is not valid JSON"
            do {
                let requirement = try SpecRequirement.parse(body["requirements"])
                #expect(
                    (1...65_536).contains(requirement.cpuCount) && (1...(1 << 24)).contains(requirement.ramGB)
                        && (0...(1 << 24)).contains(requirement.hardDiskGB) && (1...3_650).contains(requirement.timelineDays)
                        && (0...1_000_000).contains(requirement.gpuSize), "seed \(mutator.seed): \(String(decoding: input, as: UTF8.self))")
                _ = requirement.deviceRequirement  // the byte sizes sent to the miner: shifts that must not wrap
                accepted += 1
            } catch {
                #expect(error.status == 422 && Self.requirementFields.contains(error.field ?? ""), "seed \(mutator.seed): \(error)")
            }
            do {
                _ = try ResourceQuery.parse(body)
            } catch {
                #expect(error.status == 422 && Self.queryFields.contains(error.field ?? ""), "seed \(mutator.seed): \(error)")
            }
        }
        #expect(accepted > 0, "the mutations never produced a valid requirement: the harness would prove nothing")
    }

    @Test("query strings: pages answered within their size or refused with the parameter named")
    func queryStrings() {
        var mutator = SeededMutator()
        let items = Array(0..<137)
        var answered = 0
        for run in 0..<SeededMutator.runs {
            let query = String(decoding: mutator.mutate(Array(Self.queries[run % Self.queries.count].utf8)), as: UTF8.self)
            let head = HTTPRequest(method: .post, scheme: "http", authority: "127.0.0.1", path: "/list/all_runs?" + query)
            let api = APIRequest(request: Request(head: head, body: .init(buffer: ByteBuffer())), body: nil)
            do {
                let page = try ListRoutes.page(items, api) { .int($0) }
                guard case let .array(shown)? = page["page_items"], case let .int(size)? = page["page_size"] else {
                    Issue.record("seed \(mutator.seed): no page in \(page)"); continue
                }
                #expect(shown.count <= size && (api.optionalQuery("page_number") == nil || size <= 1_000), "seed \(mutator.seed): \(query)")
                answered += 1
            } catch {
                #expect(error.status == 422 && ["page_number", "page_size"].contains(error.field ?? ""), "seed \(mutator.seed): \(error)")
            }
            do { _ = try api.flag("skip_reserved") } catch {
                #expect(error.field == "skip_reserved", "seed \(mutator.seed): \(error)")
            }
        }
        #expect(answered > 0)
    }
}
