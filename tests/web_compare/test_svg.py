import xml.etree.ElementTree as ET

from secondround.calibration.svg import Group, Mark, interval_chart, nice_ticks

NS = {"s": "http://www.w3.org/2000/svg"}


def chart():
    return interval_chart(
        [
            Group(
                "Problem <solving>",
                [Mark("Dana", 0.9, 0.7, 1.1, 0), Mark("Luis", 0.1, -0.1, 0.3, 1)],
            ),
            Group(
                "Collaboration", [Mark("Dana", 0.3, 0.0, 0.6, 0), Mark("Luis", 0.5, 0.2, 0.8, 1)]
            ),
        ],
        chart_id="t",
        title="Scores & intervals",
        desc="Dana leads",
        axis_label="Calibrated score",
        lo=-0.2,
        hi=1.2,
        reference=0.0,
    )


def test_svg_is_valid_accessible_and_escaped():
    root = ET.fromstring(chart())
    assert root.get("role") == "img"
    assert root.get("viewBox").startswith("0 0 720 ")
    assert root.find("s:title", NS).text == "Scores & intervals"
    assert root.find("s:desc", NS).text == "Dana leads"
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "Problem <solving>" in texts and "Calibrated score" in texts
    assert texts.count("Dana") == 2 and texts.count("Luis") == 2


def test_marks_sit_left_to_right_in_value_order_with_different_shapes():
    root = ET.fromstring(chart())
    rows = root.findall(".//s:g[@class='row']", NS)
    xs = {}
    tags = {}
    for i, row in enumerate(rows):
        mark = next(e for e in row if e.get("class") == "mark")
        xs[(i, row.get("data-label"))] = float(mark.get("data-x"))
        tags[row.get("data-label")] = mark.tag
    # Problem solving: Dana (0.9) right of Luis (0.1); Collaboration: Luis (0.5) right of Dana.
    assert xs[(0, "Dana")] > xs[(1, "Luis")]
    assert xs[(3, "Luis")] > xs[(2, "Dana")]
    assert tags["Dana"] != tags["Luis"]
    interval = rows[0].find("s:line[@class='interval']", NS)
    assert float(interval.get("x1")) < xs[(0, "Dana")] < float(interval.get("x2"))
    assert root.find(".//s:line[@class='reference']", NS) is not None


def test_ticks_cover_the_range_with_round_steps():
    for lo, hi in ((-0.2, 1.2), (1, 4), (-0.7, 0.6)):
        ticks = nice_ticks(lo, hi)
        steps = {round(b - a, 9) for a, b in zip(ticks, ticks[1:])}
        assert ticks[0] <= lo and ticks[-1] >= hi and len(steps) == 1
