//! Writing output files safely: never half-written, never silently replacing a report, and
//! one run at a time per output folder.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, DiagnosticKind, Severity};

/// Why a file was not written (nothing was: the temporary file is removed).
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// No temporary file can be made beside the target (the folder is missing or read-only).
    #[error("cannot create a temporary file in `{}`: {source}", dir.display())]
    Temporary {
        /// The target's folder.
        dir: PathBuf,
        /// Why the file cannot be made.
        source: std::io::Error,
    },
    /// The bytes cannot be written or the file cannot be put in place.
    #[error("cannot write `{}`: {source}", path.display())]
    Write {
        /// The target.
        path: PathBuf,
        /// What failed.
        source: std::io::Error,
    },
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so a
/// reader never sees a partial file and a crash never leaves one behind.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|source| WriteError::Temporary {
        dir: dir.to_path_buf(),
        source,
    })?;
    let failed = |source| WriteError::Write {
        path: path.to_path_buf(),
        source,
    };
    tmp.write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(failed)?;
    // Temporary files are created private; a report is an ordinary, shareable file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644));
    }
    tmp.persist(path).map_err(|e| failed(e.error))?;
    Ok(())
}

/// `OUT001`: `--out` names something that is not a folder, or a folder that cannot be made.
pub static OUT_NOT_A_FOLDER: DiagnosticKind = DiagnosticKind {
    code: "OUT001",
    title: ("the output folder cannot be used", "输出文件夹无法使用"),
    explanation: (
        "`--out` must name a folder (created if missing). It names an existing file, or a folder that cannot be created or written; this is checked before any evidence is read, so nothing was read or written.",
        "`--out`必须是一个文件夹（不存在时会创建）。它指向一个已有的文件，或一个无法创建或写入的文件夹；这在读取任何证据之前检查，因此没有读取或写入任何内容。",
    ),
    hint: (
        "give --out a folder path (a new or an existing folder you can write to)",
        "为--out指定一个文件夹路径（新的或可写入的已有文件夹）",
    ),
};

/// `OUT002`: another run is writing into the same output folder.
pub static OUT_LOCKED: DiagnosticKind = DiagnosticKind {
    code: "OUT002",
    title: ("another run is writing into the output folder", "另一次运行正在写入输出文件夹"),
    explanation: (
        "Each run holds a lock file (`.iso20k.lock`, with its process id) in its output folder until it ends, so two runs cannot overwrite each other's reports. A lock whose process no longer exists is stale and is removed by the next run.",
        "每次运行在结束前都在其输出文件夹中持有一个锁文件（`.iso20k.lock`，含进程号），以免两次运行互相覆盖报告。进程已不存在的锁为过期锁，下一次运行会将其删除。",
    ),
    hint: (
        "wait for the other run to finish, or give this run another --out folder",
        "等待另一次运行结束，或为本次运行指定另一个--out文件夹",
    ),
};

/// `OUT003`: one report format could not be written; the others were.
pub static OUT_FORMAT_FAILED: DiagnosticKind = DiagnosticKind {
    code: "OUT003",
    title: ("a report format could not be written", "某一报告格式无法写出"),
    explanation: (
        "assessment.json is written first, then each requested format on its own: one renderer that fails costs that format only. The message names the format and why it failed; the exit status is 2.",
        "先写出assessment.json，再分别写出每种所请求的格式：一个渲染器失败只影响该格式。消息会指明格式及失败原因；退出码为2。",
    ),
    hint: (
        "fix what the message names, then render the missing format again from assessment.json with `iso20k report`",
        "修正消息所指的问题，然后用`iso20k report`从assessment.json重新生成缺少的格式",
    ),
};

/// Every output diagnostic, for `iso20k explain`.
pub static DIAGNOSTICS: [&DiagnosticKind; 3] = [&OUT_NOT_A_FOLDER, &OUT_LOCKED, &OUT_FORMAT_FAILED];

/// The lock file a run keeps in its output folder.
pub const LOCK_FILE: &str = ".iso20k.lock";

/// A diagnostic about the output folder `dir`.
fn out_diagnostic(kind: &DiagnosticKind, dir: &Path, message: String) -> Diagnostic {
    Diagnostic {
        code: kind.code,
        severity: Severity::Error,
        file: dir.display().to_string(),
        position: None,
        message,
        hint: kind.hint.0.into(),
    }
}

/// A run's hold on its output folder: the lock file, removed when this is dropped.
#[derive(Debug)]
pub struct OutputLock {
    path: PathBuf,
}

impl OutputLock {
    /// Checks that `dir` is (or can become) a folder, creates it, and takes its lock. Done
    /// before any evidence is read, so a bad `--out` or a busy folder costs nothing.
    pub fn acquire(dir: &Path) -> Result<OutputLock, Diagnostic> {
        if dir.exists() && !dir.is_dir() {
            return Err(out_diagnostic(
                &OUT_NOT_A_FOLDER,
                dir,
                "exists and is not a folder; nothing was read or written".into(),
            ));
        }
        std::fs::create_dir_all(dir).map_err(|e| {
            out_diagnostic(
                &OUT_NOT_A_FOLDER,
                dir,
                format!("cannot be created: {e}; nothing was read or written"),
            )
        })?;
        let path = dir.join(LOCK_FILE);
        let mine = LockHolder::current();
        // Written whole under a temporary name, then linked into place: linking fails if
        // the lock exists, so taking it is atomic and no run ever sees a half-written one.
        let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| {
            out_diagnostic(
                &OUT_NOT_A_FOLDER,
                dir,
                format!("cannot be written: {e}; nothing was read or written"),
            )
        })?;
        tmp.write_all(mine.to_text().as_bytes()).map_err(|e| {
            out_diagnostic(&OUT_NOT_A_FOLDER, dir, format!("cannot be written: {e}"))
        })?;
        for _ in 0..2 {
            match std::fs::hard_link(tmp.path(), &path) {
                Ok(()) => return Ok(OutputLock { path }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => {
                    return Err(out_diagnostic(
                        &OUT_NOT_A_FOLDER,
                        dir,
                        format!("cannot hold a lock file: {e}; nothing was read or written"),
                    ))
                }
            }
            let holder = std::fs::read_to_string(&path)
                .ok()
                .and_then(|t| LockHolder::parse(&t));
            match holder {
                Some(h) if h.is_running() => {
                    return Err(out_diagnostic(
                        &OUT_LOCKED,
                        dir,
                        format!(
                            "another iso20k run (process {}, {}) is writing into this folder; nothing was read or written",
                            h.pid,
                            h.started_description()
                        ),
                    ))
                }
                Some(h) => {
                    crate::console::note(&format!(
                        "removed a stale lock in `{}` left by process {}, which is no longer running",
                        dir.display(),
                        h.pid
                    ));
                }
                None => {
                    crate::console::note(&format!(
                        "removed an unreadable lock file `{}`",
                        path.display()
                    ));
                }
            }
            let _ = std::fs::remove_file(&path);
        }
        Err(out_diagnostic(
            &OUT_LOCKED,
            dir,
            "another run keeps taking this folder's lock; nothing was read or written".into(),
        ))
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Who holds a lock: a process id, and that process's start time so a recycled id is not
/// mistaken for the run that left the lock.
#[derive(Debug, PartialEq)]
struct LockHolder {
    pid: u32,
    /// The process's start time in clock ticks since boot (Linux), when known.
    start_ticks: Option<u64>,
    /// Seconds since the Unix epoch when the lock was taken.
    taken_at: u64,
}

impl LockHolder {
    fn current() -> LockHolder {
        let pid = std::process::id();
        LockHolder {
            pid,
            start_ticks: process_start_ticks(pid),
            taken_at: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
        }
    }

    fn to_text(&self) -> String {
        format!(
            "pid = {}\nstart_ticks = {}\ntaken_at = {}\n",
            self.pid,
            self.start_ticks.map_or(String::new(), |t| t.to_string()),
            self.taken_at
        )
    }

    fn parse(text: &str) -> Option<LockHolder> {
        let value = |key: &str| {
            text.lines()
                .filter_map(|l| l.split_once('='))
                .find(|(k, _)| k.trim() == key)
                .map(|(_, v)| v.trim().to_string())
        };
        Some(LockHolder {
            pid: value("pid")?.parse().ok()?,
            start_ticks: value("start_ticks").and_then(|v| v.parse().ok()),
            taken_at: value("taken_at").and_then(|v| v.parse().ok()).unwrap_or(0),
        })
    }

    /// Whether the process that took the lock still runs.
    fn is_running(&self) -> bool {
        if let (Some(then), Some(now)) = (self.start_ticks, process_start_ticks(self.pid)) {
            return then == now;
        }
        #[cfg(unix)]
        {
            // SAFETY: signal 0 only checks that the process exists; nothing is sent.
            let signalled = unsafe { libc::kill(self.pid as libc::pid_t, 0) };
            signalled == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
        }
        #[cfg(not(unix))]
        true
    }

    fn started_description(&self) -> String {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        format!("started {} s ago", now.saturating_sub(self.taken_at))
    }
}

/// A process's start time in clock ticks since boot, from `/proc/PID/stat` (Linux).
fn process_start_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) is in parentheses and may hold spaces; fields after
    // the last `)` are plain. The start time is field 22, the 20th after the name.
    let after = &stat[stat.rfind(')')? + 1..];
    after.split_whitespace().nth(19)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_names_its_process_and_is_released() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("reports");
        let lock = OutputLock::acquire(&out).unwrap();
        let second = OutputLock::acquire(&out).unwrap_err();
        assert_eq!(second.code, "OUT002");
        assert!(
            second
                .message
                .contains(&format!("process {}", std::process::id())),
            "{}",
            second.message
        );
        drop(lock);
        assert!(!out.join(LOCK_FILE).exists());
        OutputLock::acquire(&out).unwrap();
    }

    #[test]
    fn a_lock_of_a_process_that_is_gone_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let stale = LockHolder {
            pid: std::process::id(),
            start_ticks: Some(1),
            taken_at: 0,
        };
        std::fs::write(dir.path().join(LOCK_FILE), stale.to_text()).unwrap();
        let lock = OutputLock::acquire(dir.path());
        assert!(lock.is_ok(), "{lock:?}");
    }

    #[test]
    fn an_existing_file_is_not_an_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("report.txt");
        std::fs::write(&file, "x").unwrap();
        assert_eq!(OutputLock::acquire(&file).unwrap_err().code, "OUT001");
    }
}
