"""Labels of the glossary page (术语与口径); the terms themselves are in metrics.catalogue."""

TEXT: dict[str, tuple[str, str]] = {
    "nav.glossary": ("术语与口径", "Glossary"),
    "glossary.title": ("术语与口径", "Glossary"),
    "glossary.caption": (
        "看板中每个术语和每项数字的统计口径；各页的帮助图标（?）链接到这里。",
        "Every term of the dashboard and how each figure is counted; the help icons (?) of "
        "every page link here.",
    ),
    "glossary.contents": ("目录：", "Contents:"),
    "glossary.link": ("术语与口径：{term}", "Glossary: {term}"),
}
