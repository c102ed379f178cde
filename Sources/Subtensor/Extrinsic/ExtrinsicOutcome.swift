/// Whether an extrinsic included in a block succeeded, read from the block's `System.Events`
/// (`ExtrinsicSuccess` / `ExtrinsicFailed` in the phase `ApplyExtrinsic(index)`), with a failed
/// dispatch named as `Pallet.Error` through the metadata (e.g. `SubtensorModule.SettingWeightsTooFast`).
public enum ExtrinsicOutcome: Sendable, Equatable {
    case success
    case failed(String)

    /// The outcome of the extrinsic at `index` in the decoded `System.Events` value; nil when
    /// the events say neither (they are not this block's, or the runtime names things differently).
    public static func find(in events: DynamicValue, extrinsicIndex index: Int, metadata: RuntimeMetadata) -> ExtrinsicOutcome? {
        for record in events.elements ?? [] {
            guard case let .variant("ApplyExtrinsic", _, phaseFields)? = record["phase"],
                phaseFields.first?.value.unsigned == UInt128(index),
                case let .variant("System", _, palletFields)? = record["event"],
                case let .variant(name, _, fields)? = palletFields.first?.value
            else { continue }
            if name == "ExtrinsicSuccess" { return .success }
            if name == "ExtrinsicFailed" {
                return .failed(
                    fields.first { $0.name == "dispatch_error" }.map { describe($0.value, metadata: metadata) } ?? "unknown error")
            }
        }
        return nil
    }

    /// `DispatchError` as text: `Pallet.Error` for a module error, else the variant's name
    /// (with its inner variant, e.g. `Token.FundsUnavailable`).
    static func describe(_ error: DynamicValue, metadata: RuntimeMetadata) -> String {
        guard case let .variant(name, _, fields) = error else { return "\(error)" }
        if name == "Module", let module = fields.first?.value, let palletIndex = module["index"]?.unsigned,
            let errorBytes = module["error"]?.bytes, let first = errorBytes.first
        {
            guard let pallet = metadata.pallets.first(where: { UInt128($0.index) == palletIndex }) else {
                return "Module(pallet \(palletIndex), error \(first))"
            }
            if let errorType = pallet.errorType, case let .variant(variants)? = metadata.types[errorType]?.definition,
                let variant = variants.first(where: { $0.index == first })
            {
                return "\(pallet.name).\(variant.name)"
            }
            return "\(pallet.name).error\(first)"
        }
        if case let .variant(inner, _, _)? = fields.first?.value { return "\(name).\(inner)" }
        return name
    }
}
