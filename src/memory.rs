//! Allocator tuning for million-row exports (glibc on Linux; elsewhere these do nothing).

/// Serves every allocation of 1 MiB or more from its own mapping. Record columns grow by
/// doubling; glibc's default would move a column of up to 32 MiB by copying, holding old
/// and new at once, while a mapping grows in place (mremap). On a million-row export that
/// copy was the difference between the memory the records need and a tenth more.
///
/// Call it first thing in `main`, before any thread exists.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn tune_allocator() {
    const M_MMAP_THRESHOLD: std::ffi::c_int = -3;
    unsafe extern "C" {
        fn mallopt(param: std::ffi::c_int, value: std::ffi::c_int) -> std::ffi::c_int;
    }
    // SAFETY: mallopt only tunes the allocator; the caller runs it before any thread exists.
    unsafe {
        mallopt(M_MMAP_THRESHOLD, 1 << 20);
    }
}

/// Hands memory freed while reading (parser buffers, the reading threads' heaps) back to the
/// system before the checks allocate theirs, so the peak is the records plus the checks, not
/// the records plus the checks plus what reading left behind.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn release_free_memory() {
    unsafe extern "C" {
        fn malloc_trim(pad: usize) -> std::ffi::c_int;
    }
    // SAFETY: malloc_trim only returns free pages to the system; it is thread-safe.
    unsafe {
        malloc_trim(0);
    }
}

/// Does nothing on this platform.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn tune_allocator() {}

/// Does nothing on this platform.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn release_free_memory() {}
