#if canImport(Glibc)
    import Glibc
#endif

/// The machine's memory, to refuse an n that cannot fit before allocating anything.
enum SystemMemory {
    static var physicalBytes: UInt64 {
        UInt64(max(0, sysconf(Int32(_SC_PHYS_PAGES)))) * UInt64(max(0, sysconf(Int32(_SC_PAGESIZE))))
    }

    static var availableBytes: UInt64 {
        UInt64(max(0, sysconf(Int32(_SC_AVPHYS_PAGES)))) * UInt64(max(0, sysconf(Int32(_SC_PAGESIZE))))
    }
}
