import BittensorNetwork
import ComputeProtocol
import Logging

/// Answers `Allocate` in all its variants (reference-inventory §1.3), dispatching as the
/// reference does on `checking`, `timeline` and `docker_change`:
///
/// | checking | docker_change | timeline | meaning |
/// |---|---|---|---|
/// | true | – | > 0 | is this miner free (and able to meet `device_requirement`)? |
/// | true | – | ≤ 0 | is the allocation of `public_key` alive? |
/// | false | true | – | `docker_action` on the caller's allocation |
/// | false | false | > 0 | allocate for `timeline` days |
/// | false | false | ≤ 0 | deallocate |
///
/// Every answer is `output = {"status": bool, …, "port": --ssh.port}`; a refusal adds
/// `"reason"`, which reference clients ignore. As v2.2's miner, the answer's
/// `docker_requirement` carries this miner's ports whatever the caller sent: `ssh_port`,
/// `external_ports` (`{"ssh": port}`) and `external_user_ports` (internal → external).
public struct AllocateHandler: Sendable {
    public let manager: AllocationManager
    private let logger: Logger

    public init(manager: AllocationManager, logger: Logger = Logger(label: "miner.allocate")) {
        self.manager = manager
        self.logger = logger
    }

    public func handle(_ request: Allocate) async -> Allocate {
        var response = request
        let port = manager.configuration.sshPort
        // As the reference: the miner's own ports replace whatever the caller sent.
        response.dockerRequirement = request.dockerRequirement
            .setting("ssh_port", to: .int(port))
            .setting("external_ports", to: .object([("ssh", .int(port))]))
            .setting("external_user_ports", to: UserPort.jsonObject(manager.configuration.userPorts))
        let caller = request.common.dendrite?.hotkey ?? ""
        var output: AllocateOutput
        do {
            output = try await dispatch(request, caller: caller)
        } catch let refusal as AllocationRefusal {
            logger.info("allocate from \(caller): refused: \(refusal)")
            output = AllocateOutput(status: false, reason: refusal.description)
        } catch {
            logger.warning("allocate from \(caller): failed: \(error)")
            output = AllocateOutput(status: false, reason: "\(error)")
        }
        output.port = port
        response.answer = output
        return response
    }

    private func dispatch(_ request: Allocate, caller: String) async throws -> AllocateOutput {
        switch request.kind {
        case .availability:
            if case let .object(pairs) = request.deviceRequirement, !pairs.isEmpty {
                try await manager.checkFits(try ResourceRequest.parse(request.deviceRequirement))
            }
            return AllocateOutput(status: try await manager.isAvailable())
        case .liveness:
            return AllocateOutput(status: try await manager.isAllocated(publicKey: request.publicKey))
        case .containerAction:
            let action = try ContainerAction.parse(request.dockerAction)
            try await manager.perform(action, publicKey: request.publicKey, caller: caller)
            return AllocateOutput(status: true)
        case .allocation:
            let resources = try ResourceRequest.parse(request.deviceRequirement)
            let container = try ContainerRequest.parse(request.dockerRequirement)
            let created = try await manager.allocate(
                owner: caller, publicKey: request.publicKey, timelineDays: request.timeline,
                resources: resources, container: container)
            return AllocateOutput(status: true, info: created.sealedCredentials)
        case .release:
            try await manager.deallocate(publicKey: request.publicKey, caller: caller)
            return AllocateOutput(status: true)
        }
    }
}
