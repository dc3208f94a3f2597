"""Labels of the rentals page (出租房屋)."""

TEXT: dict[str, tuple[str, str]] = {
    "nav.rentals": ("出租房屋", "Rentals"),
    "rentals.title": ("出租房屋", "Rented housing"),
    "rentals.caption": (
        "检查窗口 {first} 至 {day}（90 天）",
        "Inspection window {first} to {day} (90 days)",
    ),
    "rentals.tile.rentals": ("出租房屋（条）", "Rentals"),
    "rentals.tile.pledge": ("已签治安责任书", "Pledge signed"),
    "rentals.tile.pledge_share": ("责任书签订率", "Pledge share"),
    "rentals.tile.inspected": ("90 天内已检查", "Inspected in 90 days"),
    "rentals.tile.inspected_share": ("90 天检查率", "Inspected share"),
    "rentals.tile.households": ("租住户", "Rented households"),
    "rentals.tile.floating": ("租住流入人口", "Floating residents in rentals"),
    "rentals.tile.floating_share": ("占流入人口", "Share of floating residents"),
    "rentals.help": (
        "出租房屋按登记条数计（租住户在截至日在册）；责任书：签订日期不晚于截至日；"
        "检查：最近检查日期在近 90 天内。租住流入人口 = 截至日在册、人口类别为流入、"
        "所在住户在册且有出租登记的居民（不论责任书、检查情况）。",
        "Rentals are rental rows whose tenant household is active on the day; pledge: signed on "
        "or before the day; inspected: last inspection in the last 90 days. Floating residents "
        "in rentals = residents active on the day, residency floating, whose household is active "
        "and has at least one rental row (whatever its pledge or inspection).",
    ),
    "rentals.none": ("所选范围内没有出租房屋登记。", "There are no rentals in the selection."),
    "rentals.by_grid": ("各网格出租房屋", "Rentals by grid"),
    "rentals.chart.shares": ("责任书签订率与 90 天检查率", "Pledge and 90-day inspection shares"),
    "rentals.chart.axis": ("占出租房屋", "Share of rentals"),
    "rentals.col.rentals": ("出租房屋", "Rentals"),
    "rentals.col.pledge": ("已签责任书", "Pledge signed"),
    "rentals.col.pledge_share": ("签订率", "Pledge share"),
    "rentals.col.inspected": ("90 天已检查", "Inspected (90 d)"),
    "rentals.col.inspected_share": ("检查率", "Inspected share"),
    "rentals.col.households": ("租住户", "Rented households"),
    "rentals.col.floating": ("流入人口", "Floating residents"),
    "rentals.col.floating_in_rented": ("租住流入人口", "Floating in rentals"),
    "rentals.col.floating_share": ("租住占比", "Share in rentals"),
    "rentals.col.rental": ("出租编号", "Rental"),
    "rentals.col.address": ("租住地址", "Address"),
    "rentals.col.landlord": ("房东", "Landlord"),
    "rentals.col.pledge_signed_on": ("责任书签订日期", "Pledge signed on"),
    "rentals.col.last_inspected_on": ("最近检查日期", "Last inspected on"),
    "rentals.col.problem": ("待办事项", "To do"),
    "rentals.problem": ("列出", "List"),
    "rentals.problem.any": ("未签责任书或 90 天未检查", "No pledge or not inspected in 90 days"),
    "rentals.problem.no_pledge": ("未签治安责任书", "No pledge signed"),
    "rentals.problem.not_inspected": ("90 天内未检查", "Not inspected in 90 days"),
    "rentals.list": ("待跟进的出租房屋：共 {count} 条", "Rentals to follow up: {count} in all"),
    "rentals.list.none": ("没有需要跟进的出租房屋。", "No rental needs following up."),
    "rentals.never": ("从未", "never"),
    "rentals.export_name": ("待跟进出租房屋", "rentals_to_follow_up"),
    "rentals.export_capped": ("导出最多 {limit} 条。", "Downloads hold at most {limit} rows."),
}
