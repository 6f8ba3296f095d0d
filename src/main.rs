//! The `iso20k` command: parse arguments, run, and map the outcome to an exit code.

use clap::Parser;

fn main() {
    large_allocations_from_mmap();
    let cli = iso20k::cli::Cli::parse();
    std::process::exit(iso20k::cli::run(cli));
}

/// Serves every allocation of 1 MiB or more from its own mapping. Record columns grow by
/// doubling; glibc's default would move a column of up to 32 MiB by copying, holding old
/// and new at once, while a mapping grows in place (mremap). On a million-row export that
/// copy was the difference between the memory the records need and a tenth more.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn large_allocations_from_mmap() {
    const M_MMAP_THRESHOLD: std::ffi::c_int = -3;
    unsafe extern "C" {
        fn mallopt(param: std::ffi::c_int, value: std::ffi::c_int) -> std::ffi::c_int;
    }
    // SAFETY: mallopt only tunes the allocator; it is called before any thread exists.
    unsafe {
        mallopt(M_MMAP_THRESHOLD, 1 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn large_allocations_from_mmap() {}
