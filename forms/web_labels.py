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
