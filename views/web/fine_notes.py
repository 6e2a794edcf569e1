"""The notes a fine suggestion carries (workflows/wastewater/fines.py writes them in English,
stored with each violation and sent as they are by the API), in the page's language. The
law library stays free of Flask; each known note is matched here and said again through
the catalogue, its figures in the page's format. A note not known here is shown as stored."""
import re

from flask_babel import gettext as _, lazy_gettext as _l

from forms.evaluations import RECEIVING

from .filters import money, number

FIXED = {
    "Art. 7(2): each parameter counted once, at its worst measurement":
        _l("Điều 7 khoản 2: mỗi thông số chỉ tính một lần, theo kết quả vượt cao nhất"),
    "surcharges use each parameter's own article's bands (Art. 18(7) or 19(11)); the text does "
    "not say which applies across articles":
        _l("Phạt tăng thêm theo các khung của chính điều áp dụng cho từng thông số (khoản 7 "
           "Điều 18 hoặc khoản 11 Điều 19); văn bản không nói rõ khi các thông số thuộc hai "
           "điều khác nhau"),
    "surcharge base: fine_of_violation_chosen (the percentage of the chosen violation's range, "
    "min and max)":
        _l("Cơ sở tính phạt tăng thêm: tỷ lệ phần trăm trên khung phạt của hành vi được chọn "
           "(cả mức thấp nhất và cao nhất)"),
    "surcharge base: top_of_range (the percentage of the top of the chosen violation's range)":
        _l("Cơ sở tính phạt tăng thêm: tỷ lệ phần trăm trên mức cao nhất của khung phạt của "
           "hành vi được chọn"),
    "repeat: exceedances in the warning band are fined under the band that starts where the "
    "warning ends (clause 2) and add no surcharge (none is listed there)":
        _l("Tái phạm: kết quả vượt trong khung cảnh cáo bị phạt theo khung liền trên khung cảnh "
           "cáo (khoản 2) và không bị phạt tăng thêm (văn bản không quy định khung tăng thêm "
           "cho trường hợp này)"),
    "pH is fined under Art. 19 by pH band, though it is not a hazardous parameter":
        _l("pH bị phạt theo Điều 19 theo khoảng giá trị pH, dù pH không phải thông số nguy hại"),
}
WHY = {
    "it is hazardous": _l("đó là thông số nguy hại"),
    "of the larger exceedance factor, then input order (the text says only: hazardous first)":
        _l("hệ số vượt lớn hơn, rồi theo thứ tự nhập (văn bản chỉ quy định: ưu tiên thông số "
           "nguy hại)"),
}
_FIG = r"[\d.]+"
_VND = r"[\d,]+"
PATTERNS = [
    (re.compile(rf"^(?P<p>[\w()]+): over the limit but under (?P<x>{_FIG})x, a warning only "
                r"\(no surcharge\)$"),
     lambda m: _("%(p)s: vượt quy chuẩn nhưng dưới %(x)s lần, chỉ cảnh cáo (không phạt tăng "
                 "thêm)", p=m["p"], x=number(m["x"]))),
    (re.compile(rf"^(?P<cited>.+) applies except where the act is an environmental crime"
                rf"(?:: its flow tiers end at (?P<last>{_FIG}) m3/day and over, .*)?$"),
     lambda m: _("%(cited)s áp dụng trừ trường hợp hành vi cấu thành tội phạm về môi trường",
                 cited=m["cited"]) + (_("; các bậc lưu lượng của điểm này dừng ở mức từ "
                                        "%(last)s m³/ngày đêm trở lên, nên với lưu lượng lớn "
                                        "hơn, mức phạt hành chính có thể thấp hơn khung dưới vì "
                                        "trường hợp đó có thể bị truy cứu trách nhiệm hình sự: "
                                        "hãy xem xét việc chuyển hồ sơ",
                                        last=number(m["last"])) if m["last"] else "")),
    (re.compile(rf"^(?P<cited>.+) \((?P<lo>{_FIG})-(?P<hi>{_FIG})x\) carries (?P<a>{_VND})-"
                rf"(?P<b>{_VND}) VND at this flow, not less than this point's (?P<c>{_VND})-"
                rf"(?P<d>{_VND}) VND$"),
     lambda m: _("%(cited)s (vượt %(lo)s–%(hi)s lần) ở lưu lượng này có mức phạt %(a)s–%(b)s "
                 "đồng, không thấp hơn mức %(c)s–%(d)s đồng của điểm được chọn",
                 cited=m["cited"], lo=number(m["lo"]), hi=number(m["hi"]),
                 **{k: money(int(m[k].replace(",", ""))) for k in "abcd"})),
    (re.compile(rf"^receiving water unknown: took the strictest 'no data' rule, (?P<name>\w+) "
                rf"\((?P<body>\w+): .*\) = (?P<v>{_FIG})$"),
     lambda m: _("Chưa rõ nguồn tiếp nhận: áp dụng hệ số chặt nhất khi không có số liệu "
                 "(%(body)s), %(name)s = %(v)s", name=m["name"].capitalize(), v=number(m["v"]),
                 body=RECEIVING.get(m["body"], m["body"]))),
    (re.compile(r"^Art\. 7\(3\): (?P<p>[\w()]+) ties on the fine with (?P<others>.+); chosen "
                r"because (?P<why>.+)$"),
     lambda m: _("Điều 7 khoản 3: %(p)s có cùng mức phạt với %(others)s; được chọn vì %(why)s",
                 p=m["p"], others=m["others"], why=WHY.get(m["why"], m["why"]))),
]


def fine_note(text) -> str:
    """One stored note in the page's language (as stored when it is not one of ours)."""
    if not isinstance(text, str):
        return text
    found = FIXED.get(text)
    if found is not None:
        return str(found)
    for pattern, say in PATTERNS:
        match = pattern.match(text)
        if match:
            return say(match)
    return text
