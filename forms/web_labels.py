"""Labels for the codes the forms and pages show, from the catalogue (translations/)."""
from flask_babel import lazy_gettext as _l, lazy_pgettext

# "Cụm công nghiệp" alone is the menu's "Industrial clusters"; here it is one kind.
CLUSTER_KINDS = {"regular": lazy_pgettext("loại cụm", "Cụm công nghiệp"), "craft_village": _l("Cụm làng nghề")}
INSPECTION_KINDS = {"periodic": _l("Định kỳ"), "surprise": _l("Đột xuất"),
                    "follow_up": _l("Kiểm tra lại")}
CATEGORIES = {"wastewater": _l("Nước thải"), "air": _l("Khí thải"),
              "solid_waste": _l("Chất thải rắn"), "hazardous_waste": _l("Chất thải nguy hại"),
              "permit": _l("Giấy phép môi trường"), "fire_safety": _l("Phòng cháy chữa cháy"),
              "land_use": _l("Sử dụng đất"), "other": _l("Khác")}
OBSTACLE_KINDS = {"land_clearance": _l("Giải phóng mặt bằng"), "capital": _l("Vốn đầu tư"),
                  "planning": _l("Quy hoạch"), "procedures": _l("Thủ tục hành chính"),
                  "infrastructure": _l("Hạ tầng kỹ thuật"), "environment": _l("Môi trường"),
                  "other": _l("Khác")}
SEVERITIES = {"low": _l("Thấp"), "medium": _l("Trung bình"), "high": _l("Cao"),
              "critical": _l("Nghiêm trọng")}
# The organization kinds the rules know (models.organizations.KNOWN_KINDS); a kind an
# administrator adds is data, shown as written.
ORGANIZATION_KINDS = {"industry_department": _l("Sở Công Thương"),
                      "environment_department": _l("Sở quản lý môi trường"),
                      "city_committee": _l("UBND Thành phố"),
                      "commune_committee": _l("UBND xã/phường"), "investor": _l("Chủ đầu tư")}
# The papers drawn up from a case, by kind: the papers themselves are Vietnamese, a page
# names them in its reader's language.
PAPER_KINDS = {"check_record": _l("Biên bản kiểm tra"),
               "violation_record": _l("Biên bản vi phạm hành chính"),
               "working_record": _l("Biên bản làm việc"),
               "penalty_decision_draft": _l("Quyết định xử phạt vi phạm hành chính"),
               "remedial_decision": _l("Quyết định buộc thực hiện biện pháp khắc phục hậu quả")}
# What a deadline is about (its entity type), as the board and the export name it; an
# organization's own deadlines are its recurring reports.
DEADLINE_SUBJECTS = {"cluster": _l("Cụm công nghiệp"), "inspection": _l("Kiểm tra"),
                     "violation": _l("Vi phạm"), "obstacle": _l("Khó khăn"),
                     "organization": _l("Báo cáo định kỳ")}
DEADLINE_OUTCOMES = {"met": _l("Đã thực hiện"), "cancelled": _l("Đã hủy"),
                     "superseded": _l("Không còn áp dụng")}
# The Circular 14/2024 report forms by number, with who makes each (its Article 3).
TT14_FORMS = {
    "01": _l("Biểu số 01 — Tình hình hoạt động của dự án đầu tư trong CCN "
             "(doanh nghiệp trong cụm lập)"),
    "02": _l("Biểu số 02 — Tình hình hoạt động của dự án hạ tầng kỹ thuật CCN "
             "(chủ đầu tư hạ tầng lập)"),
    "03": _l("Biểu số 03 — Tổng hợp tình hình CCN trên địa bàn cấp xã (UBND xã lập)"),
    "04": _l("Biểu số 04 — Tổng hợp tình hình CCN trên địa bàn cấp tỉnh "
             "(Sở Công Thương lập)"),
}
# A cluster's and a plant's own fields (an edit on the timeline, a refusal beside a field's
# name), as their forms name them; a transition's fields are workflows.engine.fields'.
RECORD_FIELDS = {
    "code": _l("Mã cụm"), "name": _l("Tên"), "district": _l("Quận/huyện cũ (trước 1/7/2025)"),
    "commune": _l("Xã/phường"), "kind": _l("Loại"), "area_ha": _l("Diện tích (ha)"),
    "industrial_land_ha": _l("Đất công nghiệp (ha)"),
    "leased_land_ha": _l("Đất đã cho thuê (ha)"), "investor_id": _l("Chủ đầu tư"),
    "mountainous": _l("Thuộc khu vực miền núi"), "plant_id": _l("Trạm XLNT"),
    "capacity_m3_day": _l("Công suất (m³/ngày đêm)"), "standard_code": _l("Quy chuẩn áp dụng"),
    "standard_column": _l("Cột"), "receiving_body": _l("Nguồn tiếp nhận"),
    "receiving_name": _l("Tên nguồn tiếp nhận"),
    "receiving_flow_m3s": _l("Lưu lượng sông (m³/s)"),
    "receiving_volume_m3": _l("Dung tích hồ (m³)"), "sea_kind": _l("Vùng biển"),
    "discharge_flow_m3_day": _l("Lưu lượng xả (m³/ngày đêm)"),
    "existing_facility": _l("Cơ sở hiện hữu"),
    "existing_basis": _l("Căn cứ là cơ sở hiện hữu (sự kiện)"),
    "existing_basis_date": _l("Ngày của căn cứ"),
    "successor_column": _l("Cột theo QCVN 40:2025"),
}
