"""One module per programme. `EVALUATORS` maps a programme id to `evaluate(ctx) -> dict`; the
referrals (`referrals.WHY`) are evaluated together by `referrals.evaluate_all`, after them.
`ORDER` is the order they run in (later ones read earlier statuses: 两项补贴 reads 低保,
referrals read 低保/特困/低保边缘). Results are listed in the jurisdiction's own order."""

from screener.programs import canji, dibao, dibian, linshi, referrals, tekun

EVALUATORS = {
    "dibao": dibao.evaluate,
    "tekun": tekun.evaluate,
    "dibian": dibian.evaluate,
    "linshi": linshi.evaluate,
    "canji": canji.evaluate,
}
ORDER = (*EVALUATORS, *referrals.WHY)
MODULES = (dibao, tekun, dibian, linshi, canji, referrals)
