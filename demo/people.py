"""Demo organizations and one user per role."""
from models import Organization, User

DEMO_PASSWORD = "Demo@2026"

ORGANIZATIONS = [
    # code, kind, name_vi, name_en, parent code
    ("UBND-HN", "city_committee", "UBND Thành phố Hà Nội", "Hanoi People's Committee", None),
    ("SCT", "industry_department", "Sở Công Thương Hà Nội",
     "Hanoi Department of Industry and Trade", "UBND-HN"),
    ("SNNMT", "environment_department", "Sở Nông nghiệp và Môi trường Hà Nội",
     "Hanoi Department of Agriculture and Environment", "UBND-HN"),
    ("UBND-PHUNGXA", "commune_committee", "UBND xã Phùng Xá", "Phung Xa Commune Committee", "SCT"),
    ("UBND-BATTRANG", "commune_committee", "UBND xã Bát Tràng", "Bat Trang Commune Committee",
     "SCT"),
]

INVESTORS = [
    "Công ty CP Đầu tư Hạ tầng Phùng Xá", "Công ty TNHH Phát triển CCN Ngọc Liệp",
    "Công ty CP Xây dựng Đắc Sở", "Công ty CP Đầu tư Đông Anh", "Công ty CP Hạ tầng Chương Mỹ",
    "Công ty TNHH Ba Vì Xanh", "Công ty CP Phát triển Công nghiệp Thường Tín",
    "Công ty CP Đầu tư Gia Lâm", "Công ty CP Hạ tầng Sóc Sơn", "Công ty TNHH Thanh Oai Phát",
    "Công ty CP Đầu tư Mê Linh", "Công ty CP Phát triển Phú Xuyên",
]

USERS = [
    # username, role, organization code, full name, locale
    ("admin", "admin", "SCT", "Quản trị hệ thống", "vi"),
    ("quanly", "manager", "SCT", "Nguyễn Thị Lan", "vi"),
    ("thanhtra", "inspector", "SNNMT", "Trần Văn Minh", "vi"),
    ("chudautu", "investor", "INV01", "Lê Văn Hùng", "vi"),
]


def create_people(session) -> dict[str, Organization]:
    orgs = {}
    for code, kind, name_vi, name_en, parent in ORGANIZATIONS:
        orgs[code] = Organization(code=code, kind=kind, name_vi=name_vi, name_en=name_en,
                                  parent=orgs.get(parent), email=f"{code.lower()}@demo.local")
    for i, name in enumerate(INVESTORS, start=1):
        code = f"INV{i:02d}"
        orgs[code] = Organization(code=code, kind="investor", name_vi=name, name_en=name,
                                  parent=orgs["SCT"], email=f"{code.lower()}@demo.local")
    session.add_all(orgs.values())
    session.flush()
    for username, role, org_code, full_name, locale in USERS:
        user = User(username=username, role=role, organization_id=orgs[org_code].id,
                    full_name=full_name, locale=locale, email=f"{username}@demo.local")
        user.set_password(DEMO_PASSWORD)
        session.add(user)
    # Every other investor company has its own account, to answer its own violations.
    for i in range(2, len(INVESTORS) + 1):
        user = User(username=f"cdt{i:02d}", role="investor", organization_id=orgs[f"INV{i:02d}"].id,
                    full_name=f"Đại diện {INVESTORS[i - 1]}", email=f"cdt{i:02d}@demo.local")
        user.set_password(DEMO_PASSWORD)
        session.add(user)
    session.flush()
    return orgs
