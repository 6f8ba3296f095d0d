//! Working documents: knowledge articles, shift handovers and operations bulletins, the
//! everyday files a real evidence folder holds beside the controlled ones (medium and large
//! scale only).

use super::{files, Gen, Scale};
use crate::sample::SampleError;

impl Gen<'_> {
    /// Everyday documents that sit beside the controlled ones in a real evidence folder:
    /// knowledge articles, shift handovers, operations bulletins. They are not in the
    /// register and match no required document type, so they add reading work, not
    /// findings. None at small scale: the bundled samples stay as they are.
    pub(super) fn working_documents(&mut self) -> Result<(), SampleError> {
        let total: usize = match self.spec.scale {
            Scale::Small => return Ok(()),
            Scale::Medium => 200,
            Scale::Large => 2_000,
        };
        let already = self
            .written
            .iter()
            .filter(|f| {
                [".md", ".docx", ".pdf", ".txt"]
                    .iter()
                    .any(|e| f.ends_with(e))
            })
            .count();
        let topics_en = [
            "resetting a VPN token",
            "clearing a full print queue",
            "restarting the web tier after patching",
            "rotating the backup tapes",
            "unlocking a directory account",
            "replacing a failed disk in the storage array",
            "renewing a TLS certificate",
            "moving a mailbox between sites",
        ];
        let topics_zh = [
            "重置VPN令牌",
            "清理打印队列",
            "补丁后重启Web层",
            "轮换备份磁带",
            "解锁目录账号",
            "更换存储阵列故障磁盘",
            "续签TLS证书",
            "跨站点迁移邮箱",
        ];
        for n in 1..=total.saturating_sub(already) {
            let day = self.rng.below(self.days() as u64) as i64;
            let minutes = 8 * 60 + self.rng.below(600) as i64;
            let when = self.at(day, minutes);
            let author = self.person();
            let service = self.rng.pick(self.p.services).to_string();
            let topic = if self.zh() {
                self.rng.pick(&topics_zh)
            } else {
                self.rng.pick(&topics_en)
            };
            match n % 10 {
                // Knowledge articles in Markdown, most of the folder.
                0..=5 => {
                    let rel = format!("knowledge/kb{:07}.md", n);
                    let body = if self.zh() {
                        format!(
                            "# 知识库文章 KB{n:07}：{topic}\n\n适用服务：{service}\n作者：{author}\n\n1. 确认故障现象并记录工单号。\n2. 按步骤处理：{topic}。\n3. 验证服务已恢复，并在工单中记录结果。\n"
                        )
                    } else {
                        format!(
                            "# Knowledge article KB{n:07}: {topic}\n\nService: {service}\nAuthor: {author}\n\n1. Confirm the symptom and note the ticket number.\n2. Work through the steps for {topic}.\n3. Check the service is back and record the outcome on the ticket.\n"
                        )
                    };
                    let path = self.path(&rel);
                    files::text(&path, &body)?;
                }
                // Shift handovers as plain text.
                6..=8 => {
                    let rel = format!("handovers/handover-{:07}.txt", n);
                    let body = if self.zh() {
                        format!(
                            "值班交接 {}\n交班人：{author}\n服务：{service}\n未结事项：{topic}，已在工单中跟踪。\n",
                            self.dt(when)
                        )
                    } else {
                        format!(
                            "Shift handover {}\nHanded over by: {author}\nService: {service}\nOpen item: {topic}, tracked on its ticket.\n",
                            self.dt(when)
                        )
                    };
                    let path = self.path(&rel);
                    files::text(&path, &body)?;
                }
                // Operations bulletins as Word documents.
                _ => {
                    let rel = format!("bulletins/bulletin-{:07}.docx", n);
                    let title = if self.zh() {
                        format!("运维通报 {n:07}")
                    } else {
                        format!("Operations bulletin {n:07}")
                    };
                    let body = if self.zh() {
                        format!("{title}\n服务：{service}\n本周重点：{topic}。")
                    } else {
                        format!("{title}\nService: {service}\nThis week: {topic}.")
                    };
                    let path = self.path(&rel);
                    files::docx(&path, &title, &author, "1", &self.date(when), &body)?;
                }
            }
        }
        Ok(())
    }
}
