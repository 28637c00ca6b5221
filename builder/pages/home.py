"""The home page: docs/index.md keeps the words; the build puts the place picker (remembered
on the device by docs/assets/mingbai.js) and the four big buttons at its marker.
A single-jurisdiction build has no picker: the buttons go straight to that place's pages.

The screener and downloads pages belong to other steps; a button links to them only when
the build has them (this step runs after theirs), so a strict build never has a dead link."""

from __future__ import annotations

from builder.errors import UserFacingError

MARKER = "<!-- mingbai:home-actions"

ACTIONS = [  # id, label, hint, url for one jurisdiction ({j}), url without one
    ("act-screener", "自测能领什么", "回答几个问题，看看家里可能领到哪些救助", "screener/?j={j}", "screener/"),
    ("act-guides", "看政策", "低保、特困、临时救助……用大白话讲清楚", "guides/{j}/", "guides/"),
    ("act-offices", "找办事地点", "乡镇（街道）的地址、电话和热线", "offices/{j}/", "offices/"),
    ("act-downloads", "下载口袋书", "打印出来，带在身上，送给家人", "downloads/", "downloads/"),
]


def write_home(site) -> None:
    page = "index.md"
    path = site.docs_dir / page
    text = path.read_text(encoding="utf-8")
    at = text.find(MARKER)
    if at < 0:
        raise UserFacingError(f"docs/index.md has lost its marker line {MARKER} … -->; put it back where the "
                              "place picker and buttons belong")
    end = text.find("-->", at) + 3
    js = list(site.jurisdictions.values())
    actions = []
    for aid, label, hint, with_j, without_j in ACTIONS:
        default = with_j.format(j=js[0].id) if site.single else without_j
        if not site.registry.exists(default):
            continue   # e.g. the downloads page is not part of this build
        urls = {}
        if not site.single:
            for j in js:
                url = with_j.format(j=j.id)
                if site.registry.exists(url):
                    urls[j.id] = url
        actions.append({"id": aid, "label": label, "hint": hint, "href": site.link(page, default), "urls": urls})
    places = [{"id": j.id, "name": j.name, "href": site.link(page, f"guides/{j.id}/")} for j in js]
    block = site.env.get_template("pages/home-actions.md.j2").render(
        site=site, page=page, jurisdictions=places, single=site.single, actions=actions)
    site.write_text(page, text[:at] + block + text[end:])
