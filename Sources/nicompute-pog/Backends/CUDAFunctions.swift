#if canImport(Glibc)
    import Glibc
#endif

/// The CUDA runtime and cuBLAS entry points the worker uses, resolved with `dlopen`/`dlsym`.
struct CUDAFunctions {
    typealias GetDeviceCount = @convention(c) (UnsafeMutablePointer<Int32>) -> Int32
    typealias SetDevice = @convention(c) (Int32) -> Int32
    typealias Malloc = @convention(c) (UnsafeMutablePointer<UnsafeMutableRawPointer?>, Int) -> Int32
    typealias Free = @convention(c) (UnsafeMutableRawPointer?) -> Int32
    typealias Memcpy = @convention(c) (UnsafeMutableRawPointer?, UnsafeRawPointer?, Int, Int32) -> Int32
    typealias Synchronize = @convention(c) () -> Int32
    typealias MemGetInfo = @convention(c) (UnsafeMutablePointer<Int>, UnsafeMutablePointer<Int>) -> Int32
    typealias GetDeviceProperties = @convention(c) (UnsafeMutableRawPointer, Int32) -> Int32
    typealias CublasCreate = @convention(c) (UnsafeMutablePointer<OpaquePointer?>) -> Int32
    typealias CublasDestroy = @convention(c) (OpaquePointer?) -> Int32
    typealias Sgemm =
        @convention(c) (
            OpaquePointer?, Int32, Int32, Int32, Int32, Int32, UnsafePointer<Float>, UnsafeRawPointer?, Int32,
            UnsafeRawPointer?, Int32, UnsafePointer<Float>, UnsafeMutableRawPointer?, Int32
        ) -> Int32
    typealias GemmEx =
        @convention(c) (
            OpaquePointer?, Int32, Int32, Int32, Int32, Int32, UnsafeRawPointer, UnsafeRawPointer?, Int32, Int32,
            UnsafeRawPointer?, Int32, Int32, UnsafeRawPointer, UnsafeMutableRawPointer?, Int32, Int32, Int32, Int32
        ) -> Int32

    let getDeviceCount: GetDeviceCount
    let setDevice: SetDevice
    let malloc: Malloc
    let free: Free
    let memcpy: Memcpy
    let deviceSynchronize: Synchronize
    let memGetInfo: MemGetInfo
    let getDeviceProperties: GetDeviceProperties
    let cublasCreate: CublasCreate
    let cublasDestroy: CublasDestroy
    let sgemm: Sgemm
    let gemmEx: GemmEx

    static func load() -> CUDAFunctions? {
        guard let runtime = open(["libcudart.so", "libcudart.so.12", "libcudart.so.11.0"]),
            let blas = open(["libcublas.so", "libcublas.so.12", "libcublas.so.11"])
        else { return nil }
        func symbol<T>(_ library: UnsafeMutableRawPointer, _ names: [String], as type: T.Type) -> T? {
            for name in names {
                if let pointer = dlsym(library, name) { return unsafeBitCast(pointer, to: type) }
            }
            return nil
        }
        guard let getDeviceCount = symbol(runtime, ["cudaGetDeviceCount"], as: GetDeviceCount.self),
            let setDevice = symbol(runtime, ["cudaSetDevice"], as: SetDevice.self),
            let malloc = symbol(runtime, ["cudaMalloc"], as: Malloc.self),
            let free = symbol(runtime, ["cudaFree"], as: Free.self),
            let memcpy = symbol(runtime, ["cudaMemcpy"], as: Memcpy.self),
            let deviceSynchronize = symbol(runtime, ["cudaDeviceSynchronize"], as: Synchronize.self),
            let memGetInfo = symbol(runtime, ["cudaMemGetInfo"], as: MemGetInfo.self),
            // CUDA 12 renamed the symbol behind the macro; try the new name first.
            let getDeviceProperties = symbol(
                runtime, ["cudaGetDeviceProperties_v2", "cudaGetDeviceProperties"], as: GetDeviceProperties.self),
            let cublasCreate = symbol(blas, ["cublasCreate_v2"], as: CublasCreate.self),
            let cublasDestroy = symbol(blas, ["cublasDestroy_v2"], as: CublasDestroy.self),
            let sgemm = symbol(blas, ["cublasSgemm_v2"], as: Sgemm.self),
            let gemmEx = symbol(blas, ["cublasGemmEx"], as: GemmEx.self)
        else { return nil }
        return CUDAFunctions(
            getDeviceCount: getDeviceCount, setDevice: setDevice, malloc: malloc, free: free, memcpy: memcpy,
            deviceSynchronize: deviceSynchronize, memGetInfo: memGetInfo, getDeviceProperties: getDeviceProperties,
            cublasCreate: cublasCreate, cublasDestroy: cublasDestroy, sgemm: sgemm, gemmEx: gemmEx
        )
    }

    /// The device's marketing name: `cudaDeviceProp` starts with `char name[256]` in every
    /// CUDA version, so only that prefix of the (version-dependent) struct is read.
    func deviceName(_ device: Int32) -> String {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 16_384, alignment: 16)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 0, count: 16_384)
        guard getDeviceProperties(buffer, device) == 0 else { return "NVIDIA GPU \(device)" }
        let bytes = UnsafeRawBufferPointer(start: buffer, count: 256)
        let name = bytes.prefix { $0 != 0 }
        return String(decoding: name, as: UTF8.self)
    }

    private static func open(_ names: [String]) -> UnsafeMutableRawPointer? {
        for name in names {
            if let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) { return handle }
        }
        return nil
    }
}
