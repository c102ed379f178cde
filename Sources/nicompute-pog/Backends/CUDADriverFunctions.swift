#if canImport(Glibc)
    import Glibc
#endif

/// The few CUDA driver API entry points that load and launch ``PhiloxPTX`` (from
/// `libcuda.so.1`, which every NVIDIA driver installs; the runtime library does not export them).
///
/// The runtime API (``CUDAFunctions``) makes the device's primary context current on its first
/// call after `cudaSetDevice`; the module is loaded into that context, so device pointers from
/// `cudaMalloc` are valid kernel arguments.
struct CUDADriverFunctions {
    typealias Initialize = @convention(c) (UInt32) -> Int32
    typealias ContextGetCurrent = @convention(c) (UnsafeMutablePointer<OpaquePointer?>) -> Int32
    typealias ModuleLoadData = @convention(c) (UnsafeMutablePointer<OpaquePointer?>, UnsafeRawPointer) -> Int32
    typealias ModuleUnload = @convention(c) (OpaquePointer?) -> Int32
    typealias ModuleGetFunction = @convention(c) (UnsafeMutablePointer<OpaquePointer?>, OpaquePointer?, UnsafePointer<CChar>) -> Int32
    typealias LaunchKernel =
        @convention(c) (
            OpaquePointer?, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, OpaquePointer?,
            UnsafeMutablePointer<UnsafeMutableRawPointer?>?, UnsafeMutablePointer<UnsafeMutableRawPointer?>?
        ) -> Int32

    let initialize: Initialize
    let contextGetCurrent: ContextGetCurrent
    let moduleLoadData: ModuleLoadData
    let moduleUnload: ModuleUnload
    let moduleGetFunction: ModuleGetFunction
    let launchKernel: LaunchKernel

    /// nil when the driver library or one of its symbols is missing (the backend then
    /// generates on the host and copies).
    static func load() -> CUDADriverFunctions? {
        guard let library = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL) ?? dlopen("libcuda.so", RTLD_NOW | RTLD_LOCAL) else { return nil }
        func symbol<T>(_ name: String, as type: T.Type) -> T? {
            dlsym(library, name).map { unsafeBitCast($0, to: type) }
        }
        guard let initialize = symbol("cuInit", as: Initialize.self),
            let contextGetCurrent = symbol("cuCtxGetCurrent", as: ContextGetCurrent.self),
            let moduleLoadData = symbol("cuModuleLoadData", as: ModuleLoadData.self),
            let moduleUnload = symbol("cuModuleUnload", as: ModuleUnload.self),
            let moduleGetFunction = symbol("cuModuleGetFunction", as: ModuleGetFunction.self),
            let launchKernel = symbol("cuLaunchKernel", as: LaunchKernel.self)
        else { return nil }
        guard initialize(0) == 0 else { return nil }
        return CUDADriverFunctions(
            initialize: initialize, contextGetCurrent: contextGetCurrent, moduleLoadData: moduleLoadData,
            moduleUnload: moduleUnload, moduleGetFunction: moduleGetFunction, launchKernel: launchKernel)
    }
}
