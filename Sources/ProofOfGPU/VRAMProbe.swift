/// The memory figure the reference's worker reports, computed from a device's free memory.
///
/// `config.yaml`'s VRAM column (8.59, 17.18, 34.36, 68.72 GB) is what the reference's
/// `estimate_vram_size` measures, not the card's size: it doubles an fp16 allocation from
/// 1 Mi elements (2 MiB) until one fails, and reports the last that succeeded. Each new tensor
/// is made before the previous one is released (`arr = torch.empty(…)`), so growing from S to
/// 2S needs 3S free. An 80 GB H100 therefore reports 34.36 GB, not the 68.72 GB that the largest
/// power of two below its free memory would give, and an H200 68.72 GB. A worker that reported
/// the latter would have an honest H100 identified as an H200, which scores higher.
///
/// Computed rather than allocated, so the probe costs nothing and leaves no memory cached.
public enum VRAMProbe {
    /// The first allocation: 1 Mi fp16 elements.
    public static let firstAllocationBytes = 1 << 21

    /// The bytes the reference's probe settles on with `freeBytes` free on the device.
    public static func reportedBytes(freeBytes: Int) -> Int {
        // The reference steps back one size even when its first allocation fails.
        guard freeBytes >= firstAllocationBytes else { return firstAllocationBytes / 2 }
        var size = firstAllocationBytes
        while size <= freeBytes / 3 { size *= 2 }
        return size
    }

    /// ``reportedBytes(freeBytes:)`` in the reference's unit, decimal gigabytes.
    public static func reportedGB(freeBytes: Int) -> Double {
        Double(reportedBytes(freeBytes: freeBytes)) / 1e9
    }
}
