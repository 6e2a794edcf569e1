"""The readings and warnings a fine suggestion carries (workflows/wastewater/fines.py), as
Messages with Vietnamese msgids (workflows/engine/messages.py): a violation keeps them in
Vietnamese, and a suggestion served on request says them in the reader's language. Numbers
are passed as numbers, so each language writes them its own way (1.234.567 / 1,234,567)."""
from workflows.engine.messages import Message, msg

COUNTED_ONCE = msg("Điều 7 khoản 2: mỗi thông số chỉ tính một lần, theo kết quả vượt cao nhất")
OWN_BANDS = msg("Phạt tăng thêm theo các khung của chính điều áp dụng cho từng thông số (khoản 7 "
                "Điều 18 hoặc khoản 11 Điều 19); văn bản không nói rõ khi các thông số thuộc hai "
                "điều khác nhau")
BASE_READINGS = {
    "fine_of_violation_chosen": msg("Cơ sở tính phạt tăng thêm: tỷ lệ phần trăm trên khung phạt "
                                    "của hành vi được chọn (cả mức thấp nhất và cao nhất)"),
    "top_of_range": msg("Cơ sở tính phạt tăng thêm: tỷ lệ phần trăm trên mức cao nhất của khung "
                        "phạt của hành vi được chọn"),
}
REPEAT_BAND = msg("Tái phạm: kết quả vượt trong khung cảnh cáo bị phạt theo khung liền trên khung "
                  "cảnh cáo (khoản 2) và không bị phạt tăng thêm (văn bản không quy định khung "
                  "tăng thêm cho trường hợp này)")
PH_BY_BAND = msg("pH bị phạt theo Điều 19 theo khoảng giá trị pH, dù pH không phải thông số nguy hại")
WHY_HAZARDOUS = msg("đó là thông số nguy hại")
WHY_LARGER = msg("hệ số vượt lớn hơn, rồi theo thứ tự nhập (văn bản chỉ quy định: ưu tiên thông số "
                 "nguy hại)")


def warned_note(parameter: str, factor) -> Message:
    return msg("%(parameter)s: vượt quy chuẩn nhưng dưới %(factor)s lần, chỉ cảnh cáo (không phạt "
               "tăng thêm)", parameter=parameter, factor=factor)


def crime_note(cited: str, flow=None) -> Message:
    """The point applies unless the act is a crime; with ``flow``, its flow tiers stop there
    (Art. 19(6): "300 m3/day and over") and larger flows may be crimes."""
    if flow is None:
        return msg("%(citation)s áp dụng trừ trường hợp hành vi cấu thành tội phạm về môi trường",
                   citation=cited)
    return msg("%(citation)s áp dụng trừ trường hợp hành vi cấu thành tội phạm về môi trường; "
               "các bậc lưu lượng của điểm này dừng ở mức từ %(flow)s m³/ngày đêm trở lên, nên "
               "với lưu lượng lớn hơn, mức phạt hành chính có thể thấp hơn khung dưới vì trường "
               "hợp đó có thể bị truy cứu trách nhiệm hình sự: hãy xem xét việc chuyển hồ sơ",
               citation=cited, flow=flow)


def lower_band_note(cited: str, low, high, fines: tuple[int, int], chosen: tuple[int, int]) -> Message:
    return msg("%(citation)s (vượt %(low)s–%(high)s lần) ở lưu lượng này có mức phạt "
               "%(fine_min)s–%(fine_max)s đồng, không thấp hơn mức %(chosen_min)s–%(chosen_max)s "
               "đồng của điểm được chọn", citation=cited, low=low, high=high, fine_min=fines[0],
               fine_max=fines[1], chosen_min=chosen[0], chosen_max=chosen[1])


def tie_note(parameter: str, others: str, why: Message | str) -> Message:
    return msg("Điều 7 khoản 3: %(parameter)s có cùng mức phạt với %(others)s; được chọn vì "
               "%(why)s", parameter=parameter, others=others, why=why)


def radioactive_surcharge_note(parameter: str, article: int, clause: int) -> Message:
    return msg("%(parameter)s: phạt tăng thêm theo hệ số vượt, dùng các khung của khoản %(clause)s "
               "Điều %(article)s (văn bản không quy định khung cho thông số phóng xạ)",
               parameter=parameter, article=article, clause=clause)
