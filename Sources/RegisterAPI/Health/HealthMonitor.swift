import BittensorNetwork
import ComputeProtocol
import Foundation
import Logging

/// Checks every rental on its miner every `interval` ("is my allocation alive", with the
/// rental's key), concurrently; sends `ONLINE`/`OFFLINE` webhooks when a rental's state changes
/// (the reference sent `ONLINE` for every healthy rental every cycle); after `threshold`
/// consecutive failures it releases the rental on the miner and in the store and sends
/// `DEALLOCATION` (the reference only deleted its row).
public struct HealthMonitor: Sendable {
    public let rentals: RentalService
    public let outbox: WebhookOutbox
    public var interval: Duration
    public var threshold: Int
    private let logger: Logger

    public init(
        rentals: RentalService, outbox: WebhookOutbox, interval: Duration = .seconds(180), threshold: Int = 20,
        logger: Logger = Logger(label: "api.health")
    ) {
        self.rentals = rentals
        self.outbox = outbox
        self.interval = interval
        self.threshold = threshold
        self.logger = logger
    }

    public func run() async {
        while !Task.isCancelled {
            await checkAll()
            await outbox.deliverDue()
            try? await Task.sleep(for: interval)
        }
    }

    /// One cycle over every rental.
    public func checkAll() async {
        let all = (try? await rentals.store.allRentals()) ?? []
        await withTaskGroup(of: Void.self) { group in
            for rental in all { group.addTask { await check(rental) } }
        }
    }

    private func check(_ rental: RentalRecord) async {
        var healthy = false
        if let target = rentals.directory.target(hotkey: rental.hotkey) {
            let answer = await rentals.dendrite.call(Allocate.livenessCheck(publicKey: rental.regkey), to: target.axon, timeout: 10)
            healthy = answer.answer.status
        }
        guard let (wasOnline, failures) = (try? await rentals.store.recordHealth(uuid: rental.uuid, healthy: healthy)) ?? nil else {
            return
        }
        if healthy != wasOnline {
            logger.info("api: rental \(rental.uuid) on \(rental.hotkey) is \(healthy ? "online" : "offline")")
            try? await outbox.enqueue(WebhookEvent(kind: healthy ? .online : .offline, hotkey: rental.hotkey, uuid: rental.uuid))
            await rentals.events.publish(
                status: healthy ? "ONLINE" : "OFFLINE", hotkey: rental.hotkey, uuid: rental.uuid, ownerKeyID: rental.ownerKeyID)
        }
        guard failures >= threshold else { return }
        logger.info("api: rental \(rental.uuid) failed \(failures) checks in a row: deallocating")
        // Forgotten only once its miner confirms (or no longer serves): a rental deleted here
        // while its container lives on would be lost to its owner and run out its timeline.
        if let target = rentals.directory.target(hotkey: rental.hotkey), await !rentals.release(target, publicKey: rental.regkey) {
            logger.warning("api: rental \(rental.uuid): its miner did not confirm the release; kept, retried next check")
            return
        }
        try? await rentals.store.delete(uuid: rental.uuid)
        try? await outbox.enqueue(WebhookEvent(kind: .deallocation, hotkey: rental.hotkey, uuid: rental.uuid))
        await rentals.events.publish(status: "DEALLOCATION", hotkey: rental.hotkey, uuid: rental.uuid, ownerKeyID: rental.ownerKeyID)
    }
}
