"""Labels of the special-groups page (特殊人群). ``nav.special_groups`` is in common.py."""

TEXT: dict[str, tuple[str, str]] = {
    "special_groups.left_out": (
        "另有 {count} 条成员记录未计入：所属类别不在类别表中，或类别的适用对象无效"
        "（见数据质量 DQ12、DQ28）。",
        "{count} memberships are left out: their group is not in the lookup, or its level is "
        "not valid (see data quality DQ12, DQ28).",
    ),
    "special_groups.title": ("特殊人群", "Special groups"),
    "special_groups.section.groups": (
        "各类人群（截至所选日期）",
        "Every group (on the chosen day)",
    ),
    "special_groups.level.resident": ("以人计", "Counted in residents"),
    "special_groups.level.household": ("以户计", "Counted in households"),
    "special_groups.unit.resident": ("人数", "Residents"),
    "special_groups.unit.household": ("户数", "Households"),
    "special_groups.no_groups": (
        "登记库的特殊人群表中没有任何人群。",
        "The registry's special-group table holds no group.",
    ),
    "special_groups.sensitive": (
        "※ 敏感人群（只显示人数，不列名单；无个人信息权限的角色看到“<5”和取整到 5 的人数）",
        "※ Sensitive groups (counts only, never listed; roles without personal-data access see "
        "“<5” and counts rounded to 5)",
    ),
    "special_groups.section.heatmap": ("各网格人群分布", "Groups by grid"),
    "special_groups.heatmap_hint": (
        "颜色深浅按该人群人数最多的网格比较；※ 敏感人群 1–4 显示为“<5”，不着色；"
        "未显示没有任何人群成员的网格（{hidden} 个）。",
        "Shade relative to the group's largest grid; ※ sensitive counts of 1–4 show as “<5”, "
        "unshaded; grids with no member of any group are left out ({hidden}).",
    ),
    "special_groups.no_members": (
        "所选范围内截至该日没有任何特殊人群成员。",
        "No special-group members in the selection on this day.",
    ),
    "special_groups.section.trend": ("近 26 周变化", "Last 26 weeks"),
    "special_groups.trend_group": ("选择人群", "Group"),
    "special_groups.trend_title": (
        "{group}：每周末人数",
        "{group}: members at the end of each week",
    ),
    "special_groups.week_end": ("周末（本周为所选日期）", "Week end (this week: the chosen day)"),
    "special_groups.trend_hint": (
        "自 {first} 起每周日（本周为所选日期）当天在册且身份有效的成员数。",
        "Members on each Sunday since {first} (the chosen day for the current week), counting "
        "memberships valid that day.",
    ),
    "special_groups.trend_sensitive": (
        "敏感人群：1–4 不绘出，悬停显示“<5”。",
        "Sensitive group: counts of 1–4 are not plotted.",
    ),
    "special_groups.trend_empty": (
        "所选范围内近 26 周没有该人群成员。",
        "The group had no member in the selection over the last 26 weeks.",
    ),
    "special_groups.trend_suppressed": (
        "该敏感人群近 26 周人数均在 5 以下（显示为“<5”），不绘制趋势。",
        "This sensitive group stayed below 5 (shown as “<5”) over the last 26 weeks: no trend "
        "is drawn.",
    ),
    "special_groups.section.care": (
        "关爱缺口：近 {care_days} 天未走访",
        "Care gap: no visit in {care_days} days",
    ),
    "special_groups.care_hint": (
        "{groups}中，截至所选日期在册、"
        "且所在住户在 {first} 至 {last}（近 {care_days} 天）没有任何走访记录的人员。",
        "Members of {groups} active on the chosen day whose household had no visit from "
        "{first} to {last} ({care_days} days).",
    ),
    "special_groups.care_withheld": (
        "{groups}在登记库中标为敏感人群，不列入名单。",
        "{groups} are marked sensitive in the registry and are not listed.",
    ),
    "special_groups.care_no_groups": (
        "登记库中没有可列名单的关爱人群（空巢、独居、孤寡老人或残疾人）。",
        "The registry holds no listable care group (empty-nest, solitary or widowed elderly, "
        "disabled).",
    ),
    "special_groups.care_no_members": (
        "所选范围内截至该日没有关爱人群成员。",
        "No care-group members in the selection on this day.",
    ),
    "special_groups.care_none": (
        "所有关爱人群成员的住户近 {care_days} 天内都已走访。",
        "Every care-group member's household was visited in the last {care_days} days.",
    ),
    "special_groups.care_members": ("关爱人群人数", "Care-group members"),
    "special_groups.care_gap": ("近 {care_days} 天未走访", "Not visited in {care_days} days"),
    "special_groups.care_visited": ("近 {care_days} 天已走访", "Visited in {care_days} days"),
    "special_groups.care_share": ("未走访占比", "Share not visited"),
    "special_groups.care_by_grid": ("各网格关爱缺口", "Care gap by grid"),
    "special_groups.care_list": (
        "未走访人员名单（共 {total} 人）",
        "Members not visited ({total} in all)",
    ),
    "special_groups.care_list_sheet": ("近{care_days}天未走访关爱人员", "Care gap"),
    "special_groups.export_name": ("关爱缺口名单", "care-gap"),
    "special_groups.care_grids_file": ("各网格关爱缺口", "care-gap-by-grid"),
    "special_groups.export_capped": (
        "导出最多包含 {limit} 条。",
        "A download holds at most {limit} rows.",
    ),
    "special_groups.col.members": ("关爱人数", "Members"),
    "special_groups.col.gap": ("未走访", "Not visited"),
    "special_groups.col.share": ("占比", "Share"),
    "special_groups.col.name": ("姓名", "Name"),
    "special_groups.col.age": ("年龄", "Age"),
    "special_groups.col.address": ("住址", "Address"),
    "special_groups.col.days": ("距上次走访（天）", "Days since last visit"),
    "special_groups.col.last_visit": ("上次走访", "Last visit"),
    "special_groups.col.groups": ("人群", "Groups"),
    "special_groups.never": ("从未走访", "never"),
    "special_groups.never_hint": (
        "“距上次走访”为“—”表示该户截至所选日期从未走访；名单按未走访时间从长到短排列。",
        "“—” in “days since last visit”: the household was never visited up to the chosen day; "
        "longest unvisited first.",
    ),
}
