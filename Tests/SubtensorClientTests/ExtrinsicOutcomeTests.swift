import BittensorCrypto
import SCALE
import Subtensor
import SubtensorTestSupport
import Testing

@Suite struct ExtrinsicOutcomeTests {
    let metadata: RuntimeMetadata
    init() throws { metadata = try GoldenFixture.metadata.get() }

    private func recordedEvents() throws -> (raw: [UInt8], value: DynamicValue) {
        let events = try #require(try GoldenFixture.json()["events"] as? [String: Any])
        let raw = try GoldenFixture.bytes(try #require(events["raw_hex"] as? String))
        let type = try metadata.storage(pallet: "System", item: "Events").entry.valueType
        return (raw, try metadata.decode(raw, as: type, context: "System.Events"))
    }

    @Test func recordedEventsDecodeAsTheSDKDecodedThem() throws {
        let events = try #require(try GoldenFixture.json()["events"] as? [String: Any])
        let expected = try #require(events["decoded"] as? [[String: Any]])
        let records = try #require(try recordedEvents().value.elements)
        try #require(records.count == expected.count)
        for (record, sdk) in zip(records, expected) {
            guard case let .variant(pallet, _, fields)? = record["event"], case let .variant(event, _, _)? = fields.first?.value else {
                Issue.record("event not a pallet variant: \(record)")
                continue
            }
            #expect(pallet == sdk["module_id"] as? String)
            #expect(event == sdk["event_id"] as? String)
        }
        let value = try recordedEvents().value
        #expect(ExtrinsicOutcome.find(in: value, extrinsicIndex: 6, metadata: metadata) == .success)
        #expect(ExtrinsicOutcome.find(in: value, extrinsicIndex: 42, metadata: metadata) == nil)
    }

    /// `System.Events` holding one `ExtrinsicFailed` for extrinsic 6 with the module error
    /// `SubtensorModule.<errorName>`, built from the recorded success record's dispatch info.
    static func failedEvents(metadata: RuntimeMetadata, errorName: String) throws -> [UInt8] {
        let events = try #require(try GoldenFixture.json()["events"] as? [String: Any])
        let raw = try GoldenFixture.bytes(try #require(events["raw_hex"] as? String))
        let vectorType = try metadata.storage(pallet: "System", item: "Events").entry.valueType
        guard case let .sequence(recordType) = try metadata.type(vectorType, context: "Events").definition else {
            throw GoldenFixture.Missing(description: "System.Events is not a Vec")
        }
        var decoder = SCALEDecoder(raw)
        let count = try decoder.decodeLength(field: "events")
        var lastStart = 0
        for _ in 0..<count {
            lastStart = decoder.offset
            _ = try metadata.decode(&decoder, as: recordType)
        }
        // The last record: ApplyExtrinsic(6) (5 bytes), System.ExtrinsicSuccess (2 bytes), dispatch_info, no topics (1 byte).
        let last = Array(raw[lastStart...])
        let dispatchInfo = Array(last[7..<(last.count - 1)])
        let subtensor = try metadata.pallet("SubtensorModule")
        guard let errorType = subtensor.errorType, case let .variant(errors) = try metadata.type(errorType, context: "errors").definition,
            let error = errors.first(where: { $0.name == errorName })
        else { throw GoldenFixture.Missing(description: "no error \(errorName)") }
        // DispatchError::Module is variant 3 in sp_runtime; a wrong guess would decode as another variant and fail the tests.
        var out: [UInt8] = [
            1 << 2, 0, 6, 0, 0, 0, 0 /* System */, 1 /* ExtrinsicFailed */, 3 /* DispatchError::Module */, subtensor.index, error.index, 0,
            0, 0,
        ]
        out += dispatchInfo
        out.append(0)
        return out
    }

    @Test func aFailedDispatchIsNamedThroughTheMetadata() throws {
        let raw = try Self.failedEvents(metadata: metadata, errorName: "SettingWeightsTooFast")
        let type = try metadata.storage(pallet: "System", item: "Events").entry.valueType
        let value = try metadata.decode(raw, as: type, context: "System.Events")
        #expect(ExtrinsicOutcome.find(in: value, extrinsicIndex: 6, metadata: metadata) == .failed("SubtensorModule.SettingWeightsTooFast"))
    }
}
