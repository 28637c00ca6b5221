"""The three answers the engine gives for a programme, and the one set of words every reader sees for them:
the phone's result, `python -m screener evaluate --text`, the engine's own reasons and the golden-case reports.
"likely" is worded 可能符合 because the office, not the screener, decides."""

LIKELY, POSSIBLE, UNLIKELY = "likely", "possible", "unlikely"
STATUS_WORDS = {LIKELY: "可能符合", POSSIBLE: "需要进一步核实", UNLIKELY: "暂不符合"}
