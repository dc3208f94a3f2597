"""Labels of the data-quality page (数据质量): one title and one description per check."""

TEXT: dict[str, tuple[str, str]] = {
    "nav.data_quality": ("数据质量", "Data quality"),
    "quality.title": ("数据质量", "Data quality"),
    "quality.job.rerun": ("重新检查", "Check again"),
    "quality.job.at": ("检查结果生成于 {time}", "Checked at {time}"),
    "quality.job.rerunning": (
        "正在重新检查，完成后自动更新",
        "checking again: the page updates when done",
    ),
    "quality.job.running": (
        "正在后台检查（{done}/{total} 步）：完成后本页自动显示结果",
        "Checking in the background ({done}/{total} steps): the page shows the result when done",
    ),
    "quality.caption": (
        "登记库逐条核查，共 {checks} 项规则；日期晚于 {day} 的记录见 DQ20",
        "Record-level checks of the registry, {checks} rules; records dated after {day}: DQ20",
    ),
    "quality.tile.checks_failing": ("发现问题的规则", "Checks with findings"),
    "quality.tile.rows": ("问题记录（条）", "Rows reported"),
    "quality.tile.clean": ("通过的规则", "Checks passed"),
    "quality.summary": ("核查规则", "Checks"),
    "quality.col.code": ("编号", "Code"),
    "quality.col.check": ("规则", "Check"),
    "quality.col.description": ("说明", "Description"),
    "quality.col.count": ("问题记录", "Rows"),
    "quality.col.held_back": (
        "其中敏感人群类别记录（不列出）",
        "Of which about a sensitive group (not listed)",
    ),
    "quality.col.held_back_apart": (
        "另有敏感人群类别记录（不列出）",
        "More rows about a sensitive group (not listed)",
    ),
    "quality.per_grid.held_back": (
        "各网格数字不含属于敏感人群类别的记录（共 {count} 条，只计数、不列出）。",
        "The grids' figures leave out the rows about a sensitive group's membership ({count} in "
        "all, counted but not listed).",
    ),
    "quality.per_grid": ("各网格问题记录数", "Rows reported per grid"),
    "quality.per_grid.help": (
        "只列出发现问题的规则；“全库”行为不属于任何网格的记录（如特殊人群类别表）。",
        "Only checks with findings are shown; the “registry-wide” row holds records of no grid "
        "(such as the special-group lookup).",
    ),
    "quality.registry_wide": ("全库", "Registry-wide"),
    "quality.all_clean": (
        "所选范围内各项规则均未发现问题。",
        "No check found anything in the selection.",
    ),
    "quality.drill": ("问题明细", "Drill-down"),
    "quality.pick": ("规则", "Check"),
    "quality.list": ("{code} 问题记录：共 {count} 条", "{code}: {count} rows"),
    "quality.list.none": ("该规则未发现问题记录。", "This check reported nothing."),
    "quality.hidden": (
        "另有 {count} 条属于敏感人群类别的记录只计数、不列出。",
        "{count} more rows about a sensitive group's membership are counted but not listed.",
    ),
    "quality.col.table": ("表", "Table"),
    "quality.col.record": ("记录编号", "Record"),
    "quality.col.key": ("记录键", "Key"),
    "quality.col.name": ("姓名", "Name"),
    "quality.col.address": ("地址", "Address"),
    "quality.col.id_number": ("身份证号", "ID number"),
    "quality.col.field": ("字段", "Field"),
    "quality.col.value": ("值", "Value"),
    "quality.export_name": ("数据质量{code}", "data-quality-{code}"),
    "quality.export_capped": ("导出最多 {limit} 条。", "Downloads hold at most {limit} rows."),
    # the registry's tables and columns, as the drill-down and its download name them
    "quality.table.assessment_criterion": ("考核项目", "Assessment criterion"),
    "quality.table.community": ("社区", "Community"),
    "quality.table.incident_category": ("事件类别", "Incident category"),
    "quality.table.special_group": ("特殊人群类别", "Special group"),
    "quality.table.area": ("责任片", "Area"),
    "quality.table.worker": ("网格人员", "Worker"),
    "quality.table.assessment": ("考核评分", "Assessment score"),
    "quality.table.grid": ("网格", "Grid"),
    "quality.table.work_log": ("工作日志", "Work log"),
    "quality.table.grid_assignment": ("网格分配", "Grid assignment"),
    "quality.table.household": ("住户", "Household"),
    "quality.table.incident": ("事件", "Incident"),
    "quality.table.patrol": ("巡查", "Patrol"),
    "quality.table.household_group": ("住户人群身份", "Household group membership"),
    "quality.table.rental": ("出租房屋", "Rental"),
    "quality.table.resident": ("人口", "Resident"),
    "quality.table.visit": ("入户走访", "Visit"),
    "quality.table.resident_group": ("人员人群身份", "Resident group membership"),
    "quality.field.code": ("代码", "Code"),
    "quality.field.name_zh": ("中文名称", "Chinese name"),
    "quality.field.name_en": ("英文名称", "English name"),
    "quality.field.max_score": ("满分", "Maximum score"),
    "quality.field.id": ("编号", "ID"),
    "quality.field.name": ("名称/姓名", "Name"),
    "quality.field.township": ("所属镇", "Township"),
    "quality.field.area_km2": ("面积（平方公里）", "Area (km²)"),
    "quality.field.applies_to": ("适用对象", "Applies to"),
    "quality.field.sensitive": ("是否敏感", "Sensitive"),
    "quality.field.community_id": ("所属社区", "Community"),
    "quality.field.lead_name": ("负责人", "Lead"),
    "quality.field.role": ("角色", "Role"),
    "quality.field.phone": ("电话", "Phone"),
    "quality.field.started_on": ("到岗日期", "Started on"),
    "quality.field.ended_on": ("离岗日期", "Ended on"),
    "quality.field.worker_id": ("网格人员", "Worker"),
    "quality.field.period": ("考核月份", "Period"),
    "quality.field.criterion_code": ("考核项目", "Criterion"),
    "quality.field.score": ("得分", "Score"),
    "quality.field.assessed_by": ("评分人", "Assessed by"),
    "quality.field.assessed_on": ("评分录入日期", "Assessed on"),
    "quality.field.area_id": ("所属责任片", "Area"),
    "quality.field.kind": ("网格类型", "Kind"),
    "quality.field.inhabited": ("是否有人居住", "Inhabited"),
    "quality.field.boundary": ("网格边界", "Boundary"),
    "quality.field.log_date": ("日志日期", "Log date"),
    "quality.field.submitted_at": ("提交时间", "Submitted at"),
    "quality.field.grid_id": ("所属网格", "Grid"),
    "quality.field.since": ("起始日期", "Since"),
    "quality.field.until": ("截止日期", "Until"),
    "quality.field.address": ("地址", "Address"),
    "quality.field.registered_on": ("登记日期", "Registered on"),
    "quality.field.closed_on": ("注销日期", "Closed on"),
    "quality.field.reported_by": ("上报人", "Reported by"),
    "quality.field.category": ("事件类别", "Category"),
    "quality.field.reported_at": ("上报时间", "Reported at"),
    "quality.field.accepted_at": ("受理时间", "Accepted at"),
    "quality.field.resolved_at": ("处置完毕时间", "Resolved at"),
    "quality.field.escalated": ("是否上报镇级", "Escalated"),
    "quality.field.patrolled_on": ("巡查日期", "Patrolled on"),
    "quality.field.household_id": ("所属住户", "Household"),
    "quality.field.group_code": ("人群类别", "Group"),
    "quality.field.landlord_name": ("房东", "Landlord"),
    "quality.field.pledge_signed_on": ("责任书签订日期", "Pledge signed on"),
    "quality.field.last_inspected_on": ("最近检查日期", "Last inspected on"),
    "quality.field.gender": ("性别", "Gender"),
    "quality.field.birth_date": ("出生日期", "Birth date"),
    "quality.field.id_number": ("身份证号", "ID number"),
    "quality.field.residency": ("人口类别", "Residency"),
    "quality.field.floating_origin": ("流入来源", "Floating origin"),
    "quality.field.left_on": ("注销日期", "Left on"),
    "quality.field.visited_at": ("走访时间", "Visited at"),
    "quality.field.purpose": ("走访类型", "Purpose"),
    "quality.field.resident_id": ("所属人员", "Resident"),
    "quality.export.checks": ("数据质量核查规则", "data-quality-checks"),
    "quality.export.per_grid": ("各网格问题记录数", "data-quality-by-grid"),
    "quality.export.check": ("核查规则", "Check"),
    # a check's column header's help: its code, then its description
    "quality.check.hover": ("{code}：{check}", "{code}: {check}"),
    # the checks: title, then description
    "quality.check.dq01": ("身份证号校验位错误", "ID number fails the check digit"),
    "quality.check.dq01.help": (
        "在册人员的身份证号不是 17 位数字加 1 位数字或大写 X，"
        "或第 18 位不是按 GB 11643 计算的校验码（末位是小写字母的视为错误）。",
        "An active resident's identity number is not 17 digits and a digit or upper-case X, or "
        "its 18th character is not the GB 11643 check character (a lower-case x fails).",
    ),
    "quality.check.dq02": ("身份证号与出生日期不符", "ID number disagrees with the birth date"),
    "quality.check.dq02.help": (
        "身份证号第 7–14 位不是有效日期，或与登记的出生日期不同。",
        "Characters 7–14 of the identity number are not a valid date, or differ from the "
        "registered birth date.",
    ),
    "quality.check.dq03": ("身份证号与性别不符", "ID number disagrees with the gender"),
    "quality.check.dq03.help": (
        "身份证号第 17 位奇数为男、偶数为女，与登记的性别不一致。",
        "The 17th digit (odd: male, even: female) disagrees with the registered gender.",
    ),
    "quality.check.dq04": ("流入人口未填来源", "Floating resident without an origin"),
    "quality.check.dq04.help": (
        "在册流入人口的流入来源为空。",
        "An active floating resident's origin is empty.",
    ),
    "quality.check.dq05": ("人口类别代码无效", "Invalid residency code"),
    "quality.check.dq05.help": (
        "人口类别不是常住、流入、挂户之一。",
        "Residency is not one of resident, floating or nominal.",
    ),
    "quality.check.dq06": ("性别代码无效", "Invalid gender code"),
    "quality.check.dq06.help": ("性别不是 M 或 F。", "Gender is not M or F."),
    "quality.check.dq07": ("流入来源代码无效", "Invalid floating-origin code"),
    "quality.check.dq07.help": (
        "流入来源已填写，但不是外县流入、陪读、经商务工、其他之一（代码大小写不同的也计入）。",
        "The origin is filled in but is not one of out of county, study companion, business / "
        "work or other (codes spelt in other cases included).",
    ),
    "quality.check.dq08": ("非流入人口填了流入来源", "Origin given for a non-floating resident"),
    "quality.check.dq08.help": (
        "常住或挂户人口填写了流入来源（应为空）。",
        "A resident or nominal resident has a floating origin (it should be empty).",
    ),
    "quality.check.dq09": ("网格类型代码无效", "Invalid grid kind"),
    "quality.check.dq09.help": (
        "网格类型不是规定的五种之一。",
        "The grid kind is not one of the five codes.",
    ),
    "quality.check.dq10": ("网格员角色代码无效", "Invalid worker role"),
    "quality.check.dq10.help": (
        "角色既不是网格长也不是网格员（计入其所属的第一个网格）。",
        "The role is neither grid leader nor grid worker (counted under the worker's first grid).",
    ),
    "quality.check.dq11": ("走访目的代码无效", "Invalid visit purpose"),
    "quality.check.dq11.help": (
        "截至日及以前的走访，目的不是规定的四种之一。",
        "A visit dated on or before the day has a purpose that is not one of the four codes.",
    ),
    "quality.check.dq12": ("特殊人群适用对象无效", "Invalid special-group level"),
    "quality.check.dq12.help": (
        "特殊人群类别表中适用对象既不是人员也不是住户（全库，不属于网格）。",
        "A special group applies to neither residents nor households (registry-wide, no grid).",
    ),
    "quality.check.dq13": ("事件类别不在类别表中", "Incident category not in the lookup"),
    "quality.check.dq13.help": (
        "截至日及以前上报的事件，类别代码不在事件类别表中。",
        "An incident reported by the day has a category missing from the category table.",
    ),
    "quality.check.dq14": ("在册人员所在住户已注销", "Active resident in a closed household"),
    "quality.check.dq14.help": (
        "截至日在册的人员，其住户在当日不在册（已注销或尚未登记）。",
        "A resident active on the day belongs to a household that is not (closed, or not yet "
        "registered).",
    ),
    "quality.check.dq15": ("在册住户没有在册人员", "Household without an active resident"),
    "quality.check.dq15.help": (
        "截至日在册的住户，当日没有任何在册人员。",
        "A household active on the day has no resident active on the day.",
    ),
    "quality.check.dq16": ("走访了不在册的住户", "Visit to a household not active that day"),
    "quality.check.dq16.help": (
        "走访当日该住户不在册。",
        "The household was not active on the day of the visit.",
    ),
    "quality.check.dq17": ("走访人员当日不在岗", "Visit by a worker not in post"),
    "quality.check.dq17.help": (
        "走访当日该网格员不在岗（或查无此人）。",
        "The worker was not in post on the day of the visit (or is unknown).",
    ),
    "quality.check.dq18": ("走访了未分工的网格", "Visit outside the worker's grids"),
    "quality.check.dq18.help": (
        "走访当日该网格员没有被分工到该住户所在网格。",
        "On the day of the visit the worker had no assignment to the household's grid.",
    ),
    "quality.check.dq19": ("身份证号重复", "Duplicate ID number"),
    "quality.check.dq19.help": (
        "在册人员的身份证号与全库另一在册人员相同（列出所选范围内的人员）。",
        "An active resident shares the identity number of another active resident anywhere in "
        "the registry (residents in the selection are listed).",
    ),
    "quality.check.dq20": ("日期晚于截至日", "Date after the as-of day"),
    "quality.check.dq20.help": (
        "发生或登记类日期（出生、登记、注销、走访、巡查、日志、事件、检查、上岗、分工、类别起始、考核）晚于截至日；每条记录每个字段计一次。",
        "A date of something that happened or was recorded (birth, registration, leaving, visit, "
        "patrol, log, incident, inspection, start of post, assignment or membership, assessment) "
        "after the as-of day; one row per record and field.",
    ),
    "quality.check.dq21": ("结束早于开始", "Interval ends before it starts"),
    "quality.check.dq21.help": (
        "注销早于登记、离岗早于上岗、分工或类别的结束早于开始，或事件受理、处置早于上报（处置早于受理）。",
        "Closed, left, ended or until before the start, or an incident accepted or resolved "
        "before it was reported (resolved before accepted).",
    ),
    "quality.check.dq22": ("网格没有边界", "Grid without a boundary"),
    "quality.check.dq22.help": (
        "网格边界为空，无法在地图上显示。",
        "The grid's boundary is empty: it cannot be mapped.",
    ),
    "quality.check.dq23": ("走访日期晚于今天", "Visit dated after today"),
    "quality.check.dq23.help": (
        "走访时间晚于今天（北京时间），与截至日无关；默认截至日不受这类记录影响。",
        "A visit dated after today (Asia/Shanghai), whatever the as-of day; the default day "
        "ignores such visits.",
    ),
    "quality.check.dq24": ("特殊人群未标明是否敏感", "Special group without a sensitive flag"),
    "quality.check.dq24.help": (
        "特殊人群类别表中“是否敏感”为空，按敏感处理：1–4 人显示为“<5”，不列出成员（全库）。",
        "A special group's sensitive flag is empty: it is treated as sensitive — counts 1–4 "
        "show as “<5”, members are never listed (registry-wide).",
    ),
    "quality.check.dq25": ("考核得分超出范围", "Score out of range"),
    "quality.check.dq25.help": (
        "考核得分为空、为负数或高于该项满分；这类得分不计入总分。",
        "A score is empty, negative or above its criterion's maximum; it is left out of every "
        "total.",
    ),
    "quality.check.dq26": ("考核项目满分无效", "Invalid criterion maximum"),
    "quality.check.dq26.help": (
        "考核项目的满分为空、不大于 0 或超过 1000；该项目的得分不计入总分（全库）。",
        "A criterion's maximum is empty, 0 or less, or above 1000; its scores are left out of "
        "every total (registry-wide).",
    ),
    "quality.check.dq27": ("编码或主键重复", "Repeated key"),
    "quality.check.dq27.help": (
        "应当唯一的编码或编号（社区、网格、特殊人群、事件类别、考核项目的代码，记录编号，"
        "同一网格员同月同项目的得分）出现多次；重复的考核项目与得分不计入总分（全库）。",
        "A key that must be unique (the code of a community, grid, special group, incident "
        "category or criterion, a record id, a worker's score on one criterion in one month) "
        "appears more than once; repeated criteria and scores are left out of every total "
        "(registry-wide).",
    ),
    "quality.check.dq28": ("引用的记录不存在", "Reference to a missing record"),
    "quality.check.dq28.help": (
        "记录指向不存在的上级记录（如住户的网格、人员的住户、走访的住户或网格员、得分的考核项目、"
        "成员的特殊人群）；这类记录不计入需要上级记录的数字（全库）。",
        "A record points at a record that does not exist (a household's grid, a resident's "
        "household, a visit's household or worker, a score's criterion, a membership's group); "
        "it is left out of every figure that needs it (registry-wide).",
    ),
}
