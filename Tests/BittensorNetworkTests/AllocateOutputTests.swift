import ComputeProtocol
import Foundation
import Testing
@testable import BittensorNetwork

/// `Allocate`'s typed parts (``AllocateOutput``, ``DockerAction``, ``DeviceRequirement``): the
/// wire they write, read back by the reference's pydantic model under bittensor 9.0.0, and what
/// they make of the reference miner's answers and of hostile ones.
@Suite("Allocate's answer, action and requirement on the wire")
struct AllocateOutputTests {
    @Test("what we write, the reference's model reads in our key order; what the reference's miner writes, we read")
    func againstTheReferenceModel() throws {
        var allocation = Allocate.allocation(
            publicKey: "PEM", timeline: 1, deviceRequirement: DeviceRequirement.minimal(testing: true).json)
        allocation.answer = AllocateOutput(status: true, info: "c2VhbGVk", port: 4444)
        var refused = Allocate.containerAction(.exchangeKey, publicKey: "PEM", sshKey: "ssh-ed25519 AAAA", keyType: "user")
        refused.answer = AllocateOutput(status: false, reason: "no allocation is live", port: 4444)
        let bodies = try [allocation, refused].map { String(decoding: try SynapseCoder.encode($0), as: UTF8.self) }
        let outputs: [[String: Any]] = [["status": true, "info": "c2VhbGVk"], ["status": false], [:]]
        let answer = try PythonPeer.call("allocate-wire", ["bodies": bodies, "outputs": outputs])
        let read = try #require(answer["read"] as? [[String: Any]])
        #expect(read[0]["output_keys"] as? [String] == ["status", "info", "port"])
        #expect((read[0]["output"] as? [String: Any])?["info"] as? String == "c2VhbGVk")
        #expect(read[1]["output_keys"] as? [String] == ["status", "reason", "port"])
        #expect((read[0]["device_requirement"] as? [String: Any])?["testing"] as? Bool == true)
        #expect(((read[0]["device_requirement"] as? [String: Any])?["gpu"] as? [String: Any])?["type"] as? String == "")
        #expect((read[1]["docker_action"] as? [String: Any])?["action"] as? String == "exchange_key")

        let written = try #require(answer["written"] as? [String])
        let answers = try written.map { try SynapseCoder.decode(Allocate.self, from: Array($0.utf8)).answer }
        #expect(answers[0] == AllocateOutput(status: true, info: "c2VhbGVk"))
        #expect(answers[1] == AllocateOutput(status: false) && answers[1].answered && answers[1].refusal == "status false")
        #expect(!answers[2].status && !answers[2].answered && answers[2].refusal == "status missing")
    }

    @Test("a hostile answer reads as no: only a boolean true is yes, and mistyped fields are absent")
    func hostileAnswers() {
        let cases: [(JSONValue, AllocateOutput)] = [
            (.object([("status", .string("true")), ("info", .int(7)), ("port", .int(70_000))]), AllocateOutput(status: false)),
            (.object([("status", .int(1)), ("reason", .object([]))]), AllocateOutput(status: false)),
            (.array([.bool(true)]), AllocateOutput(status: false)),
            (.object([("status", .bool(true)), ("port", .int(0))]), AllocateOutput(status: true)),
            (.object([("status", .bool(true)), ("port", .int(22))]), AllocateOutput(status: true, port: 22)),
        ]
        for (json, expected) in cases {
            #expect(AllocateOutput(json) == expected, "\(json)")
        }
        #expect(!AllocateOutput(.object([("status", .string("true"))])).answered)
    }

    @Test("a failed call says why: the miner's reason at HTTP 200, else the transport's status")
    func failureReasons() {
        var answered = Allocate()
        answered.common.dendrite = TerminalInfo(statusCode: 200)
        answered.answer = AllocateOutput(status: false, reason: "miner is busy")
        #expect(answered.failureReason == "miner is busy")
        var timedOut = Allocate()
        timedOut.common.dendrite = TerminalInfo(statusCode: 408, statusMessage: "Timeout")
        #expect(timedOut.failureReason == "HTTP 408: Timeout")
        #expect(Allocate().failureReason == "HTTP 0: no answer")
    }

    @Test("every action has one wire name; resume is unpause")
    func actions() {
        #expect(DockerAction.allCases.map(\.rawValue) == ["restart", "pause", "unpause", "exchange_key"])
        #expect(DockerAction(wire: "resume") == .unpause)
        #expect(DockerAction(wire: "exchange_key") == .exchangeKey)
        #expect(DockerAction(wire: "rm -rf") == nil)
    }
}
