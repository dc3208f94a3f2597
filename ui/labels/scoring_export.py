"""Labels of the signed scoring sheet's files (``scoring.export``): the registry's workbook and
the committee's PDF record."""

TEXT: dict[str, tuple[str, str]] = {
    "scoring_export.title": ("网格员月度考核评分表", "Grid workers' monthly assessment"),
    "scoring_export.sheet.about": ("签核信息", "Sign-off"),
    "scoring_export.col.what": ("项目", "Item"),
    "scoring_export.col.value": ("内容", "Value"),
    "scoring_export.community": ("社区", "Community"),
    "scoring_export.period": ("考核月份", "Month"),
    "scoring_export.version": ("版本", "Version"),
    "scoring_export.rubric_version": ("考核细则版本", "Rubric version"),
    "scoring_export.status": ("状态", "Status"),
    "scoring_export.evidence_as_of": ("依据数据截至", "Evidence as of"),
    "scoring_export.signed_by": ("签署人", "Signed by"),
    "scoring_export.signed_at": ("签署时间", "Signed at"),
    "scoring_export.confirmed_by": ("复核人", "Confirmed by"),
    "scoring_export.confirmed_at": ("复核时间", "Confirmed at"),
    "scoring_export.reopen_reason": ("重新打开原因", "Reason for reopening"),
    "scoring_export.none": ("无", "None"),
    "scoring_export.status.draft": ("草稿", "Draft"),
    "scoring_export.status.awaiting_confirmation": ("待复核", "Awaiting confirmation"),
    "scoring_export.status.signed": ("已签核", "Signed"),
    "scoring_export.status.superseded": ("已被新版本取代", "Superseded"),
    "scoring_export.cover.month": (
        "{community} 社区 · {period} · 第 {version} 版（考核细则第 {rubric} 版）",
        "Community {community} · {period} · version {version} (rubric version {rubric})",
    ),
    "scoring_export.cover.evidence": ("依据数据截至 {as_of}", "Evidence as of {as_of}"),
    "scoring_export.cover.signed": ("签署：{name}，{at}", "Signed by {name}, {at}"),
    "scoring_export.cover.confirmed": ("复核：{name}，{at}", "Confirmed by {name}, {at}"),
    "scoring_export.s.notes": ("说明", "Notes"),
    "scoring_export.notes.total": (
        "合计 = 100 × 各项得分之和 ÷ 各项满分之和（只计已评分的项目）。",
        "Total = 100 × the sum of the scores ÷ the sum of their maxima (scored criteria only).",
    ),
    "scoring_export.notes.reopened": (
        "本版本由上一签核版本重新打开，原因：{reason}",
        "This version reopens the signed one before it; reason: {reason}",
    ),
    "scoring_export.notes.differences": (
        "与建议分差距超过允许范围的评分均写明了理由；{count} 项评分与建议分不同。",
        "Every score further from the proposal than the margin gives a reason; "
        "{count} score(s) differ from the proposal.",
    ),
    "scoring_export.s.scores": ("一、评分", "1. Scores"),
    "scoring_export.s.differences": (
        "二、与建议分不同的评分",
        "2. Scores that differ from the proposal",
    ),
    "scoring_export.no_differences": (
        "所有评分与建议分一致。",
        "Every score is the proposal.",
    ),
    "scoring_export.col.worker_id": ("编号", "ID"),
    "scoring_export.col.worker": ("网格员", "Worker"),
    "scoring_export.col.criterion_max": ("{name}（{max}）", "{name} ({max})"),
    "scoring_export.col.total": ("合计", "Total"),
    "scoring_export.col.criterion": ("考核项目", "Criterion"),
    "scoring_export.col.proposed": ("建议分", "Proposal"),
    "scoring_export.col.score": ("评分", "Score"),
    "scoring_export.col.difference": ("差额", "Difference"),
    "scoring_export.col.reason": ("理由", "Reason"),
}
