import BittensorNetwork
import Foundation
import NIOCore
@testable import RegisterAPI
import Testing

@Suite("Register API pieces")
struct RegisterAPIUnitTests {
    @Test("ResourceQuery: the reference's filters on listed values; every broken field named")
    func resourceQuery() throws {
        let row = ResourceRow(
            hotkey: "h", cpuCount: 8, gpuName: "nvidia h100 80gb hbm3", gpuCapacity: 79.65, gpuCount: 1, ram: 120, hardDisk: nil,
            reserved: false)
        #expect(try ResourceQuery.parse(nil).admits(row))
        #expect(
            try ResourceQuery.parse(
                .object([("gpu_name", .string("H100")), ("cpu_count_min", .int(8)), ("gpu_capacity_max", .double(80))])
            ).admits(row))
        #expect(try !ResourceQuery.parse(.object([("gpu_name", .string("a100"))])).admits(row))
        #expect(try !ResourceQuery.parse(.object([("ram_total_min", .int(121))])).admits(row))
        #expect(try !ResourceQuery.parse(.object([("hard_disk_total_min", .int(1))])).admits(row), "unknown disk counts as 0")
        for (json, field) in [
            (JSONValue.object([("cpu_count_min", .string("x"))]), "cpu_count_min"), (.object([("gpu_name", .int(1))]), "gpu_name"),
            (.object([("ram_total_min", .int(5)), ("ram_total_max", .int(4))]), "ram_total_max"), (.array([]), "body"),
        ] {
            do { _ = try ResourceQuery.parse(json); Issue.record("\(json) was accepted") } catch {
                #expect(error.field == field && error.status == 422)
            }
        }
        #expect(row.json["gpu_capacity"] == .double(79.65) && row.json["hard_disk"] == .string("0"))
    }

    @Test("requirements: the reference's defaults and units; every broken rule names its field")
    func requirements() throws {
        let defaults = try SpecRequirement.parse(nil)
        #expect(defaults.timelineDays == 90 && defaults.gpuType == "gpu" && defaults.gpuSize == 3)
        let none = try SpecRequirement.parse(.object([("gpu_type", .string("")), ("gpu_size", .int(0)), ("ram", .int(2))]))
        #expect(none.deviceRequirement["gpu"] == .object([]))
        #expect(none.deviceRequirement["ram"]?["capacity"] == .int(2 << 30))
        let gpu = try SpecRequirement.parse(.object([("gpu_type", .string("h100")), ("gpu_size", .int(80))]))
        #expect(gpu.deviceRequirement["gpu"]?["capacity"] == .int(80_000))
        for (json, field) in [
            (JSONValue.object([("cpu_count", .string("2"))]), "cpu_count"), (.object([("timeline", .int(0))]), "timeline"),
            (.object([("gpu_type", .int(1))]), "gpu_type"), (.array([]), "requirements"),
        ] {
            #expect(throws: APIFailure.self) { try SpecRequirement.parse(json) }
            do { _ = try SpecRequirement.parse(json) } catch { #expect(error.field == field && error.status == 422) }
        }
    }

    @Test("webhook bodies: the reference's compact JSON, keys in order, Python's timestamp format")
    func webhookBody() {
        let event = WebhookEvent(kind: .offline, hotkey: "5H", uuid: "u", at: 1_764_115_200.25)
        let body = String(decoding: event.body(now: 1_764_115_201.5), as: UTF8.self)
        #expect(
            body
                == #"{"time":"2025-11-26T00:00:01.500000Z","status_change_at":"2025-11-26T00:00:00.250000Z","hotkey":"5H","status":"OFFLINE","uuid":"u"}"#
        )
        let deallocation = String(decoding: WebhookEvent(kind: .deallocation, hotkey: "5H", uuid: "u", at: 0).body(now: 0), as: UTF8.self)
        #expect(deallocation.contains(#""deallocated_at":"1970-01-01T00:00:00.000000Z""#))
    }

    @Test("the IP allow-list: exact addresses and IPv4 blocks; empty allows all; malformed entries named")
    func allowList() throws {
        let list = try IPAllowList(["10.0.0.0/8", "192.168.1.7", "::1"])
        #expect(list.allows(try SocketAddress(ipAddress: "10.20.30.40", port: 1)))
        #expect(list.allows(try SocketAddress(ipAddress: "192.168.1.7", port: 1)))
        #expect(list.allows(try SocketAddress(ipAddress: "::1", port: 1)))
        #expect(!list.allows(try SocketAddress(ipAddress: "192.168.1.8", port: 1)))
        #expect(!list.allows(try SocketAddress(ipAddress: "11.0.0.1", port: 1)))
        #expect(!list.allows(nil))
        #expect(IPAllowList().allows(nil))
        for bad in ["10.0.0.0/33", "host.example", "300.1.1.1", "10.0.0/8"] {
            #expect(throws: APIFailure.self, "\(bad)") { try IPAllowList([bad]) }
        }
    }
}
