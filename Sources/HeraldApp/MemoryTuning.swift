#if canImport(Glibc)
import Glibc
#endif

/// Process-wide allocator settings for a long-running server.
public enum MemoryTuning {
    /// Keeps glibc from handing freed heap back to the kernel after every burst and mapping it in again (page
    /// faults showed up as a sixth of the CPU per delivery in profiles); memory still returns to the system
    /// beyond 16 MiB of free heap per arena. `mallopt` is looked up at run time (malloc.h is not in Swift's Glibc module).
    public static func apply() {
        #if canImport(Glibc)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3  // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD
        _ = mallopt(trimThreshold, 16 << 20)
        _ = mallopt(mmapThreshold, 4 << 20)
        #endif
    }
}
