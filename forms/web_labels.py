"""Bilingual labels for the codes the forms offer ('Tiếng Việt / English'; the page shows
the half for its language)."""
CLUSTER_KINDS = {"regular": "Cụm công nghiệp / Industrial cluster",
                 "craft_village": "Cụm làng nghề / Craft-village cluster"}
INSPECTION_KINDS = {"periodic": "Định kỳ / Periodic", "surprise": "Đột xuất / Surprise",
                    "follow_up": "Kiểm tra lại / Follow-up"}
CATEGORIES = {"wastewater": "Nước thải / Wastewater", "air": "Khí thải / Air emissions",
              "solid_waste": "Chất thải rắn / Solid waste",
              "hazardous_waste": "Chất thải nguy hại / Hazardous waste",
              "permit": "Giấy phép môi trường / Environmental permit",
              "fire_safety": "Phòng cháy chữa cháy / Fire safety",
              "land_use": "Sử dụng đất / Land use", "other": "Khác / Other"}
SEVERITIES = {"low": "Thấp / Low", "medium": "Trung bình / Medium", "high": "Cao / High",
              "critical": "Nghiêm trọng / Critical"}
