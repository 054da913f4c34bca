"""One way to write the numbers people compare, on every page and in every sentence.

- A calibrated score and its interval: ``+0.6 (+0.5 to +0.8)``, an 80% interval, with a
  real minus sign. A page names the interval once ("80% interval"), never per figure.
- A probability: ``71%`` (``<1%`` and ``>99%`` at the ends, never a false 0% or 100%).

The web pages use them through the ``figures`` template library (web/templatetags), the
comparison's and the decision's sentences call them directly: the same functions either way.
"""

Z80 = 1.2816  # half-width of an 80% interval, in standard deviations
INTERVAL_NAME = "80% interval"


def signed(value: float) -> str:
    """+0.3 / −0.3 with a real minus sign; 0.0 without one."""
    text = f"{value:+.1f}"
    if text in ("+0.0", "-0.0"):
        return "0.0"
    return text.replace("-", "\u2212")


def interval(score: float, sd: float) -> tuple[float, float]:
    """The ends of the 80% interval of a score with this standard deviation."""
    return score - Z80 * sd, score + Z80 * sd


def interval_text(score: float, sd: float) -> str:
    """Only the interval: '+0.5 to +0.8'."""
    low, high = interval(score, sd)
    return f"{signed(low)} to {signed(high)}"


def score_text(score: float, sd: float | None) -> str:
    """A score and its 80% interval: '+0.6 (+0.5 to +0.8)'; the score alone without an sd."""
    if sd is None:
        return signed(score)
    return f"{signed(score)} ({interval_text(score, sd)})"


def scale_text(scale_use: float, sd: float) -> str:
    """A scale use and its 80% interval: '×1.2 (×0.9 to ×1.5)'."""
    low, high = interval(scale_use, sd)
    return f"×{scale_use:.1f} (×{low:.1f} to ×{high:.1f})"


def two_places(value: float | None) -> str:
    """'0.87' (a reliability or an agreement); '' for none."""
    if value is None:
        return ""
    text = f"{value:.2f}"
    return "0.00" if text == "-0.00" else text


def percent(p: float | None) -> str:
    if p is None:
        return "not yet calibrated"
    if p < 0.005:
        return "<1%"
    if p > 0.995:
        return ">99%"
    return f"{p * 100:.0f}%"
