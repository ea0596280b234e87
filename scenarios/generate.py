"""Generate the bundled scenarios: realistic in shape, SYNTHETIC in content.

Every firm, buyer, interpreter, venue and site here is fictional, invented from word lists by a
seeded random generator; any likeness to a real company is a coincidence. Run from the repository
root to rewrite the folders beside this file:

    python scenarios/generate.py            # all scenarios
    python scenarios/generate.py --out DIR  # somewhere else (the tests do this)

The tables deliberately use the file shapes officers send: Korean headers saved by Korean Excel
as CP949, UTF-8 with BOM, English headers, XLSX with a title row above the header.
"""

from __future__ import annotations

import argparse
import csv
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

SEED = 20240624
HERE = Path(__file__).resolve().parent
SYNTHETIC = "synthetic profile"

# ---------------------------------------------------------------- vocabularies


@dataclass(frozen=True)
class Sector:
    """An industry with its HS codes, product words in Korean and English, and usual certificates."""

    key: str
    hs: tuple[str, ...]
    ko: tuple[str, ...]
    en: tuple[str, ...]
    certs: tuple[str, ...]
    word_ko: str
    word_en: str


SECTORS = {s.key: s for s in (
    Sector("machine_tools", ("8457", "845710", "8458", "845811", "8459", "8460", "8466", "846693"),
           ("CNC 선반", "머시닝센터", "연삭기", "공작기계 부품", "치공구"),
           ("CNC lathes", "vertical machining centers", "grinding machines", "machine-tool parts", "jigs and fixtures"),
           ("CE", "ISO 9001"), "정밀", "Precision"),
    Sector("hydraulics", ("8412", "841221", "8413", "848120", "8481"),
           ("유압 실린더", "유압 펌프", "유압 밸브", "유압 유닛"),
           ("hydraulic cylinders", "hydraulic pumps", "hydraulic valves", "hydraulic power units"),
           ("CE", "ISO 9001"), "유압", "Hydraulics"),
    Sector("heavy_equipment", ("8429", "842952", "8431", "843149"),
           ("굴삭기 버킷", "굴삭기 부품", "건설기계 어태치먼트", "트랙 부품"),
           ("excavator buckets", "excavator parts", "construction equipment attachments", "undercarriage track parts"),
           ("CE", "ISO 9001"), "중공업", "Heavy Industries"),
    Sector("auto_brakes", ("870830", "8708"),
           ("브레이크 패드", "브레이크 디스크", "브레이크 캘리퍼"),
           ("brake pads", "brake discs", "brake calipers"),
           ("IATF 16949", "ISO 9001"), "오토텍", "Autotech"),
    Sector("auto_drivetrain", ("870840", "870850", "8483", "848340"),
           ("변속기 부품", "기어", "구동축", "감속기"),
           ("transmission parts", "gears", "drive shafts", "gear reducers"),
           ("IATF 16949", "ISO 9001"), "모빌리티", "Mobility"),
    Sector("auto_body", ("870829", "870899", "401693"),
           ("차체 프레스 부품", "고무 가스켓", "방진 고무"),
           ("stamped body parts", "rubber gaskets", "anti-vibration rubber"),
           ("IATF 16949", "ISO 14001"), "오토파츠", "Auto Parts"),
    Sector("auto_electrical", ("8511", "851140", "8512", "851220"),
           ("시동 모터", "자동차 램프", "와이어링 하네스"),
           ("starter motors", "automotive lamps", "wiring harnesses"),
           ("IATF 16949", "UL"), "일렉트릭", "Electric"),
    Sector("bearings", ("8482", "848210"), ("볼 베어링", "산업용 베어링"), ("ball bearings", "industrial bearings"),
           ("ISO 9001",), "베어링", "Bearing"),
    Sector("it_software", ("8471", "847150", "8523", "852349"),
           ("스마트팩토리 솔루션", "MES 소프트웨어", "산업용 컴퓨터"),
           ("smart factory software", "MES software", "industrial PCs"),
           ("ISO 27001", "ISO 9001"), "소프트", "Soft"),
    Sector("it_sensors", ("9031", "903180", "9026", "8537", "853710"),
           ("산업용 센서", "측정 장비", "제어반"),
           ("industrial sensors", "measuring instruments", "control panels"),
           ("CE", "UL"), "센서텍", "Sensortech"),
    Sector("semiconductor", ("8486", "848620", "8542", "854231"),
           ("반도체 장비 부품", "웨이퍼 이송 장치", "전력 반도체"),
           ("semiconductor equipment parts", "wafer handling systems", "power semiconductors"),
           ("ISO 9001", "RoHS"), "세미콘", "Semicon"),
    Sector("packaging", ("3923", "392321", "4819", "481910"),
           ("포장 용기", "골판지 상자", "친환경 포장재"),
           ("plastic containers", "corrugated boxes", "eco-friendly packaging"),
           ("ISO 9001", "FSSC 22000"), "패키징", "Packaging"),
    Sector("cosmetics", ("3304", "330499", "3305", "330510"),
           ("기초 화장품", "마스크팩", "샴푸", "선크림"),
           ("skincare", "sheet masks", "shampoo", "sunscreen"),
           ("CPNP", "Vegan", "Halal"), "코스메틱", "Cosmetics"),
    Sector("food", ("1902", "190230", "2103", "210390", "2106", "210690"),
           ("라면", "소스", "간편식", "김스낵"),
           ("instant noodles", "sauces", "ready meals", "seaweed snacks"),
           ("HACCP", "Halal", "FDA"), "푸드", "Foods"),
    Sector("ginseng", ("1211", "121120", "2106", "2202", "220299"),
           ("홍삼 제품", "인삼 음료", "건강기능식품"),
           ("red ginseng products", "ginseng drinks", "health supplements"),
           ("HACCP", "GMP", "Halal"), "인삼", "Ginseng"),
    Sector("bio_health", ("3004", "300490", "9018", "901890"),
           ("의료기기", "진단 키트", "의약품"),
           ("medical devices", "diagnostic kits", "pharmaceuticals"),
           ("ISO 13485", "CE", "FDA"), "바이오", "Bio"),
    Sector("batteries", ("8507", "850760", "8504", "850440"),
           ("이차전지 부품", "배터리 팩", "전력 변환 장치"),
           ("battery components", "battery packs", "power converters"),
           ("UL", "CE", "ISO 9001"), "에너지", "Energy"),
)}

NAME_WORDS = (
    ("한빛누리", "Hanbitnuri"), ("새봄다온", "Saebomdaon"), ("가온세움", "Gaonseum"), ("라온미르", "Raonmir"),
    ("이음누리", "Ieumnuri"), ("온새하람", "Onsaeharam"), ("별하솔", "Byeolhasol"), ("해솔가람", "Haesolgaram"),
    ("다솜누리", "Dasomnuri"), ("푸름채", "Pureumchae"), ("아람드리", "Aramdeuri"), ("윤슬빛", "Yunseulbit"),
    ("마루한", "Maruhan"), ("들꽃샘", "Deulkkotsaem"), ("늘해랑", "Neulhaerang"), ("소담빛", "Sodambit"),
    ("하늬솔", "Hanuisol"), ("나래온", "Naraeon"), ("미리내", "Mirinae"), ("찬솔빛", "Chansolbit"),
    ("여울목", "Yeoulmok"), ("희나래", "Huinarae"), ("가람솔", "Garamsol"), ("새온빛", "Saeonbit"),
    ("시나브", "Sinabeu"), ("꽃가람", "Kkotgaram"), ("도담솔", "Dodamsol"), ("바림결", "Barimgyeol"),
)

BUYER_FIRST = ("Prairiegate", "Lakeport", "Northvale", "Redwing", "Ironmere", "Bluecrest", "Silverfen", "Oakhaven",
               "Stonebrook", "Harborline", "Kestrelby", "Mapleridge", "Grand Arbor", "Copperfell", "Westvale",
               "Pinecrest", "Riverbend", "Foxhollow", "Elmstead", "Brightwater", "Tallgrass", "Ashford Vale",
               "Greywater", "Larkspur", "Quarryhill", "Sablecreek", "Windmere", "Cedarfall", "Dunmore Field",
               "Falconridge", "Glenharbor", "Hollowmere", "Juniper Bay", "Kingsfold", "Loamhurst", "Marsh End")
BUYER_NOUN = {
    "oem": ("Equipment Works", "Machinery Manufacturing", "Vehicle Assembly", "Motor Works"),
    "tier1": ("Drivetrain Systems", "Chassis Components", "Brake Systems", "Mobility Modules"),
    "tier2": ("Precision Components", "Stamping & Machining", "Rubber Products", "Gear Works"),
    "distributor": ("Industrial Supply", "Fluid Power Supply", "Parts Distribution", "Tooling Supply"),
    "importer": ("Trading", "Import & Export", "Global Sourcing", "International Trading"),
    "retailer": ("Beauty Stores", "Home & Living Retail", "Pharmacy Retail", "Grocers"),
    "ecommerce": ("Online Market", "Direct Commerce", "Marketplace", "e-Shop"),
}
SUFFIX = {"US": "LLC", "CA": "Inc.", "MX": "S.A. de C.V.", "BR": "Ltda.", "DE": "GmbH", "FR": "SAS", "PL": "Sp. z o.o.",
          "NL": "B.V.", "GB": "Ltd", "AE": "FZE", "SA": "Co.", "TR": "A.S.", "VN": "JSC", "TH": "Co., Ltd.",
          "ID": "PT", "MY": "Sdn. Bhd.", "SG": "Pte. Ltd.", "PH": "Inc.", "IN": "Pvt. Ltd.", "UZ": "LLC",
          "JP": "K.K.", "CN": "Co., Ltd.", "TW": "Co., Ltd.", "AU": "Pty Ltd", "KZ": "LLP", "IT": "S.r.l.",
          "ES": "S.L.", "CL": "SpA", "EG": "S.A.E."}
LANG = {"US": "en", "CA": "en", "GB": "en", "AU": "en", "SG": "en", "PH": "en", "IN": "en", "MX": "es", "CL": "es",
        "ES": "es", "BR": "pt", "DE": "de", "FR": "fr", "PL": "pl", "NL": "nl", "IT": "it", "AE": "ar", "SA": "ar",
        "EG": "ar", "TR": "tr", "VN": "vi", "TH": "th", "ID": "id", "MY": "ms", "UZ": "uz", "KZ": "ru",
        "JP": "ja", "CN": "zh", "TW": "zh"}


class Maker:
    """Seeded source of fictional names, numbers and choices, shared by all scenarios."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.firm_names = list(NAME_WORDS)
        self.rng.shuffle(self.firm_names)
        self.buyer_first = list(BUYER_FIRST)
        self.rng.shuffle(self.buyer_first)
        self._buyer_i = 0
        self._firm_i = 0

    def firm_name(self, sector: Sector) -> tuple[str, str]:
        ko, en = self.firm_names[self._firm_i % len(self.firm_names)]
        self._firm_i += 1
        return f"(주){ko}{sector.word_ko}", f"{en} {sector.word_en} Co., Ltd."

    def buyer_name(self, kind: str, country: str) -> str:
        first = self.buyer_first[self._buyer_i % len(self.buyer_first)]
        if self._buyer_i >= len(self.buyer_first):
            first = f"{first} {['East', 'West', 'North', 'South', 'Central'][self._buyer_i // len(self.buyer_first) % 5]}"
        self._buyer_i += 1
        noun = self.rng.choice(BUYER_NOUN[kind])
        suffix = SUFFIX.get(country, "Ltd.")
        return f"{suffix} {first} {noun}" if suffix == "PT" else f"{first} {noun} {suffix}"

    def firm(self, fid: str, sector_key: str, city: str, markets: list[str], english: bool = False,
             booth: str = "") -> dict[str, Any]:
        sector = SECTORS[sector_key]
        rng = self.rng
        name_ko, name_en = self.firm_name(sector)
        stage = rng.choices(["beginner", "growing", "established"], weights=[3, 4, 3])[0]
        employees = {"beginner": rng.randint(8, 40), "growing": rng.randint(30, 120), "established": rng.randint(90, 400)}[stage]
        exports = {"beginner": rng.choice([0, 50_000, 120_000]), "growing": rng.randint(3, 30) * 100_000,
                   "established": rng.randint(4, 40) * 1_000_000}[stage]
        n = rng.randint(2, min(3, len(sector.ko)))
        picks = sorted(rng.sample(range(len(sector.ko)), n))
        hs = sorted(rng.sample(sector.hs, min(len(sector.hs), rng.randint(1, 3))))
        certs = [c for c in sector.certs if stage != "beginner" and rng.random() < 0.7]
        if stage == "established" and "ISO 9001" not in certs:
            certs.append("ISO 9001")
        return {
            "id": fid, "name_ko": name_ko, "name_en": name_en, "city": city, "hs_codes": hs,
            "products_ko": ", ".join(sector.ko[i] for i in picks),
            "products_en": ", ".join(sector.en[i] for i in picks),
            "target_markets": markets, "export_stage": stage, "annual_exports_usd": exports,
            "employees": employees, "certifications": certs,
            "languages": ["ko", "en"] if english or rng.random() < 0.25 else ["ko"],
            "representatives": 2 if stage == "established" and rng.random() < 0.4 else 1,
            "booth": booth, "sector": sector_key,
        }

    def buyer(self, bid: str, kind: str, country: str, city: str, sectors: list[str], **extra: Any) -> dict[str, Any]:
        rng = self.rng
        codes: set[str] = set()
        products: list[str] = []
        certs: set[str] = set()
        for key in sectors:
            sector = SECTORS[key]
            codes.update(rng.sample(sector.hs, min(len(sector.hs), rng.randint(1, 2))))
            products += rng.sample(sector.en, min(len(sector.en), rng.randint(1, 2)))
            if kind in ("oem", "tier1") or rng.random() < 0.3:
                certs.add(sector.certs[0])
        row = {
            "id": bid, "company": self.buyer_name(kind, country), "country": country, "city": city,
            "buyer_type": kind, "hs_codes": sorted(codes), "products": ", ".join(products),
            "sourcing_regions": rng.choice([["KR"], ["KR", "ASIA"], ["ASIA"], ["KR", "JP", "CN"]]),
            "certifications_required": sorted(certs), "languages": sorted({"en", LANG.get(country, "en")}),
            "max_meetings": rng.choice([4, 5, 6, 6, 8]), "sectors": sectors,
        }
        row.update(extra)
        return row


# ---------------------------------------------------------------- writing tables


def _cell(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return "" if value is None else value


def write_csv(path: Path, columns: list[tuple[str, str]], rows: list[dict[str, Any]], encoding: str) -> None:
    """A CSV with the given (header, field) columns, in the given encoding, CRLF like Excel."""
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow([header for header, _ in columns])
        for row in rows:
            writer.writerow([_cell(row.get(field)) for _, field in columns])


def write_xlsx(path: Path, columns: list[tuple[str, str]], rows: list[dict[str, Any]], title: str) -> None:
    """An XLSX with a title row, a blank row, then the header: the shape officers' sheets have."""
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = path.stem
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append([header for header, _ in columns])
    for row in rows:
        sheet.append([_cell(row.get(field)) for _, field in columns])
    sheet.freeze_panes = "A4"
    workbook.properties.creator = "matching scenarios/generate.py (synthetic data)"
    workbook.properties.created = workbook.properties.modified = datetime(2024, 6, 1)
    workbook.save(path)


def write_yaml(path: Path, text: str) -> None:
    path.write_text(text.lstrip(), encoding="utf-8")


FIRM_COLUMNS_KO = [("기업코드", "id"), ("기업명", "name_ko"), ("영문기업명", "name_en"), ("소재지", "city"),
                   ("HS코드", "hs_codes"), ("품목", "products_ko"), ("영문품목", "products_en"),
                   ("수출희망국", "target_markets"), ("수출단계", "export_stage_ko"), ("연간수출액", "annual_exports_usd"),
                   ("종업원수", "employees"), ("인증", "certifications"), ("사용언어", "languages"),
                   ("통역필요", "needs_interpreter_ko"), ("참가인원", "representatives"), ("비고", "notes")]
FIRM_COLUMNS_EN = [("firm id", "id"), ("name (Korean)", "name_ko"), ("name (English)", "name_en"), ("city", "city"),
                   ("HS codes", "hs_codes"), ("products (Korean)", "products_ko"), ("products (English)", "products_en"),
                   ("target markets", "target_markets"), ("export stage", "export_stage"),
                   ("annual exports (USD)", "annual_exports_usd"), ("employees", "employees"),
                   ("certifications", "certifications"), ("languages", "languages"),
                   ("representatives", "representatives"), ("notes", "notes")]
BUYER_COLUMNS_EN = [("buyer id", "id"), ("company", "company"), ("country", "country"), ("city", "city"),
                    ("time zone", "timezone"), ("leg", "leg"), ("buyer type", "buyer_type"), ("HS codes", "hs_codes"),
                    ("products sought", "products"), ("sourcing regions", "sourcing_regions"),
                    ("certifications required", "certifications_required"), ("languages", "languages"),
                    ("meets at", "meets_at"), ("site id", "site_id"), ("availability", "availability"),
                    ("max meetings", "max_meetings"), ("notes", "notes")]
BUYER_COLUMNS_KO = [("바이어코드", "id"), ("바이어명", "company"), ("국가", "country"), ("도시", "city"), ("일정", "leg"),
                    ("바이어유형", "buyer_type"), ("HS코드", "hs_codes"), ("관심품목", "products"),
                    ("요구인증", "certifications_required"), ("사용언어", "languages"), ("상담가능시간", "availability"),
                    ("최대상담수", "max_meetings"), ("비고", "notes")]
INTERPRETER_COLUMNS_KO = [("통역사코드", "id"), ("이름", "name"), ("통역언어", "language_pairs"), ("담당", "side"),
                          ("담당일정", "legs"), ("가능시간", "availability")]
INTERPRETER_COLUMNS_EN = [("interpreter id", "id"), ("name", "name"), ("language pairs", "language_pairs"),
                          ("side", "side"), ("legs", "legs"), ("availability", "availability")]

STAGE_KO = {"beginner": "수출초보", "growing": "수출유망", "established": "수출강소"}
INTERPRETER_NAMES = ("김하린", "이서윤", "박지호", "최민서", "정예준", "강도윤", "조수아", "윤지안", "장하은", "임서진",
                     "한유나", "오시우", "서다인", "신채원", "권태오", "황보은")


def _firm_rows_ko(firms: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for f in firms:
        f["export_stage_ko"] = STAGE_KO[f["export_stage"]]
        f["needs_interpreter_ko"] = "X" if "en" in f["languages"] else "O"
        f.setdefault("notes", SYNTHETIC)
    return firms


def _interpreters(specs: list[tuple[str, str, list[str]]], prefix: str = "I") -> list[dict[str, Any]]:
    return [{"id": f"{prefix}{i + 1:02d}", "name": INTERPRETER_NAMES[i % len(INTERPRETER_NAMES)],
             "language_pairs": pairs, "side": side, "legs": legs}
            for i, (pairs, side, legs) in enumerate(specs)]


def _window(day: date, start: str, end: str) -> str:
    return f"{day.isoformat()} {start}-{end}"


def _days(first: date, n: int) -> list[date]:
    return [first + timedelta(days=i) for i in range(n)]


def _dates_yaml(days: list[date]) -> str:
    return "[" + ", ".join(d.isoformat() for d in days) + "]"


# ---------------------------------------------------------------- scenarios


JINJU_SECTORS = ["machine_tools", "machine_tools", "hydraulics", "heavy_equipment", "heavy_equipment",
                 "auto_brakes", "auto_drivetrain", "auto_body", "auto_electrical", "it_software", "it_sensors"]
CHICAGO_DAYS = _days(date(2024, 6, 24), 2)
DETROIT_DAYS = _days(date(2024, 6, 27), 2)


def jinju_participants(maker: Maker) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """The Jinju firms, the Chicago and Detroit buyers, and the buyer sites."""
    firms = [maker.firm(f"JJ{i + 1:02d}", key, "진주시", ["US", "CA", "MX"] if key.startswith("auto") else ["US", "CA"])
             for i, key in enumerate(JINJU_SECTORS)]
    chicago = [("oem", ["heavy_equipment", "hydraulics"]), ("oem", ["heavy_equipment"]), ("oem", ["machine_tools"]),
               ("distributor", ["machine_tools"]), ("distributor", ["machine_tools", "bearings"]),
               ("distributor", ["hydraulics"]), ("distributor", ["hydraulics", "heavy_equipment"]),
               ("distributor", ["heavy_equipment"]), ("importer", ["machine_tools", "hydraulics"]),
               ("tier1", ["auto_drivetrain", "bearings"]), ("tier1", ["hydraulics"]), ("tier2", ["machine_tools"]),
               ("distributor", ["it_sensors"]), ("distributor", ["it_software", "it_sensors"]),
               ("importer", ["auto_brakes", "auto_body"]), ("distributor", ["auto_brakes", "auto_electrical"]),
               ("retailer", ["auto_electrical"]), ("ecommerce", ["auto_brakes"]), ("oem", ["it_sensors", "machine_tools"]),
               ("tier2", ["hydraulics", "machine_tools"]), ("importer", ["heavy_equipment"]),
               ("distributor", ["machine_tools", "it_software"])]
    detroit = [("oem", ["auto_body", "auto_electrical"]), ("oem", ["auto_drivetrain"]), ("oem", ["auto_brakes"]),
               ("tier1", ["auto_brakes"]), ("tier1", ["auto_brakes", "auto_drivetrain"]), ("tier1", ["auto_body"]),
               ("tier1", ["auto_electrical"]), ("tier1", ["auto_drivetrain", "bearings"]), ("tier2", ["auto_body"]),
               ("tier2", ["auto_drivetrain"]), ("tier2", ["auto_electrical", "auto_body"]),
               ("tier2", ["machine_tools", "auto_drivetrain"]), ("distributor", ["auto_brakes", "auto_body"]),
               ("distributor", ["auto_electrical"]), ("importer", ["auto_brakes"]), ("distributor", ["machine_tools"]),
               ("tier1", ["it_software", "it_sensors"]), ("oem", ["it_software"]), ("distributor", ["it_sensors"]),
               ("tier2", ["hydraulics", "auto_drivetrain"]), ("importer", ["auto_body", "auto_drivetrain"]),
               ("distributor", ["heavy_equipment", "hydraulics"])]
    suburbs_chi = ["Chicago", "Chicago", "Elk Grove Village", "Schaumburg", "Naperville", "Chicago"]
    suburbs_det = ["Detroit", "Detroit", "Troy", "Auburn Hills", "Livonia", "Detroit", "Dearborn"]
    buyers, sites = [], []
    for leg, plan, suburbs, state, zone in (("chicago", chicago, suburbs_chi, "IL", "America/Chicago"),
                                            ("detroit", detroit, suburbs_det, "MI", "America/Detroit")):
        for i, (kind, sectors) in enumerate(plan):
            bid = f"{'CH' if leg == 'chicago' else 'DT'}{i + 1:02d}"
            city = maker.rng.choice(suburbs)
            row = maker.buyer(bid, kind, "US", city, sectors, leg=leg if city.lower() != leg else "", notes=SYNTHETIC)
            if kind in ("oem", "tier1") and i % 3 == 0:
                site = f"S-{bid}"
                row.update(meets_at="site", site_id=site)
                sites.append({"id": site, "buyer_id": bid, "name": "plant", "city": city,
                              "address": f"{maker.rng.randint(100, 9800)} {maker.rng.choice(['Commerce', 'Enterprise', 'Industrial', 'Technology', 'Innovation'])} "
                                         f"{maker.rng.choice(['Drive', 'Parkway', 'Boulevard', 'Court'])}, {city}, {state}"})
            else:
                row["meets_at"] = "venue"
            days = CHICAGO_DAYS if leg == "chicago" else DETROIT_DAYS
            if i % 4 == 1:
                row["availability"] = [_window(days[0], "13:00", "17:30"), _window(days[1], "09:00", "17:30")]
            elif i % 4 == 2:
                row["availability"] = [_window(days[1], "09:00", "12:00")] if i % 8 == 2 else [_window(days[0], "09:00", "17:30")]
            row["timezone"] = "" if city in ("Chicago", "Detroit") else zone
            buyers.append(row)
    return firms, buyers, sites


def jinju(maker: Maker, out: Path) -> dict[str, Any]:
    firms, buyers, sites = jinju_participants(maker)
    firms[5]["never_meet"] = ["DT15"]
    folder = out / "jinju-us-midwest-2024"
    folder.mkdir(parents=True, exist_ok=True)
    columns = [*FIRM_COLUMNS_KO, ("필수상담바이어", "must_meet"), ("상담제외바이어", "never_meet")]
    firms[0]["must_meet"] = ["CH03"]
    write_csv(folder / "firms.csv", columns, _firm_rows_ko(firms), "cp949")
    write_csv(folder / "buyers.csv", BUYER_COLUMNS_EN, buyers, "utf-8")
    write_csv(folder / "sites.csv", [("site id", "id"), ("buyer id", "buyer_id"), ("name", "name"),
                                     ("address", "address"), ("city", "city")], sites, "utf-8")
    travel = []
    for site in sites:
        venue = "chi-hotel" if site["buyer_id"].startswith("CH") else "dtw-hotel"
        minutes = 20 if site["city"] in ("Chicago", "Detroit") else maker.rng.choice([30, 35, 40, 45])
        travel.append({"origin": venue, "destination": site["id"], "minutes": minutes})
    write_csv(folder / "travel_times.csv", [("출발지", "origin"), ("도착지", "destination"), ("이동시간", "minutes")],
              travel, "utf-8-sig")
    interpreters = _interpreters([(["ko-en"], "firm", []), (["ko-en"], "firm", []), (["ko-en"], "firm", ["chicago"])])
    interpreters[2]["availability"] = [_window(CHICAGO_DAYS[0], "09:00", "17:30")]
    write_csv(folder / "interpreters.csv", INTERPRETER_COLUMNS_KO, interpreters, "utf-8-sig")
    write_yaml(folder / "scenario.yaml", f"""
# SYNTHETIC DATA: every firm, buyer, interpreter, venue and site is fictional (scenarios/generate.py).
synthetic: true
description: >
  Jinju machinery, heavy-equipment, auto-parts and IT exporters on a trade mission to Chicago
  (Central time) and Detroit (Eastern time). 26 June is the travel day; hotel meetings plus
  visits to buyer plants. Firms table: Korean headers, CP949 (as Korean Excel saves CSV).
mission:
  id: jinju-us-midwest-2024
  name: Jinju Trade Mission to the US Midwest 2024
  name_ko: 2024 진주시 미국 중서부 무역사절단
  organiser: Jinju City / KOTRA Chicago (synthetic)
  format: trade_mission
  home_timezone: Asia/Seoul
  slot_minutes: 40
  buffer_minutes: 10
  legs:
    - id: chicago
      city: Chicago
      country: US
      timezone: America/Chicago
      dates: {_dates_yaml(CHICAGO_DAYS)}
      sessions:
        - {{start: "09:00", end: "12:00", label: morning}}
        - {{start: "13:30", end: "17:30", label: afternoon}}
      venues:
        - id: chi-hotel
          name: Lakefront Conference Hotel, Ballroom B
          address: 500 W Example Ave, Chicago, IL
          resource: table
          capacity: 6
    - id: detroit
      city: Detroit
      country: US
      timezone: America/Detroit
      dates: {_dates_yaml(DETROIT_DAYS)}
      sessions:
        - {{start: "09:00", end: "12:00", label: morning}}
        - {{start: "13:30", end: "17:30", label: afternoon}}
      venues:
        - id: dtw-hotel
          name: Riverside Business Hotel, Salon 2
          address: 200 E Sample St, Detroit, MI
          resource: table
          capacity: 6
rules:
  min_meetings_per_firm: 4
  target_meetings_per_firm: 6
  max_meetings_per_firm: 8
  max_meetings_per_buyer: 4
  candidates_per_firm: 10
  min_score: 20
  must_meet:
    - {{firm: JJ06, buyer: DT04}}
  met_before_policy: allow
weights: {{industry: 0.35, market: 0.15, products: 0.25, requirements: 0.15, fit: 0.10}}
tables:
  firms: firms.csv
  buyers: buyers.csv
  interpreters: interpreters.csv
  sites: sites.csv
  travel_times: travel_times.csv
""")
    return {"firms": firms, "buyers": buyers}


def jinju_follow_up(maker: Maker, out: Path, jinju_data: dict[str, Any]) -> None:
    folder = out / "jinju-follow-up"
    folder.mkdir(parents=True, exist_ok=True)
    firms = [dict(f) for f in jinju_data["firms"][:8]]
    buyers_by_id = {b["id"]: b for b in jinju_data["buyers"]}
    chosen: dict[str, dict[str, Any]] = {}
    for firm in firms:
        matches = [b for b in jinju_data["buyers"] if set(b["sectors"]) & {firm["sector"]}]
        met = maker.rng.sample(matches, min(2, len(matches)))
        firm["met_before"] = [b["id"] for b in met]
        firm.pop("must_meet", None)
        firm.pop("never_meet", None)
        for b in met:
            chosen[b["id"]] = buyers_by_id[b["id"]]
    buyers = []
    for bid in sorted(chosen):
        b = dict(chosen[bid], meets_at="online", site_id="", leg="", availability="", max_meetings=3)
        b["timezone"] = "America/Chicago" if bid.startswith("CH") else "America/Detroit"
        buyers.append(b)
    columns = [*FIRM_COLUMNS_KO, ("기상담바이어", "met_before")]
    write_csv(folder / "firms.csv", columns, _firm_rows_ko(firms), "utf-8-sig")
    write_csv(folder / "buyers.csv", BUYER_COLUMNS_EN, buyers, "utf-8")
    write_csv(folder / "interpreters.csv", INTERPRETER_COLUMNS_EN,
              _interpreters([(["ko-en"], "firm", []), (["ko-en"], "firm", [])]), "utf-8")
    days = _days(date(2024, 9, 23), 4)
    write_yaml(folder / "scenario.yaml", f"""
# SYNTHETIC DATA: every firm and buyer is fictional (scenarios/generate.py).
synthetic: true
description: >
  Online follow-up of the Jinju US mission: only pairs that met in June and want to talk again
  (met-before policy 'only'). Sessions in Seoul early morning and late evening fall inside US
  Central and Eastern business hours.
mission:
  id: jinju-follow-up-2024
  name: Jinju US Mission Follow-up Consultations
  name_ko: 진주시 미국 무역사절단 후속 화상상담
  organiser: Jinju City (synthetic)
  format: follow_up
  slot_minutes: 30
  buffer_minutes: 10
  legs:
    - id: online
      city: Jinju
      country: KR
      timezone: Asia/Seoul
      dates: {_dates_yaml(days)}
      sessions:
        - {{start: "06:00", end: "08:00", label: early}}
        - {{start: "21:00", end: "23:30", label: late}}
      venues:
        - {{id: jinju-video, name: Jinju Export Support Center video rooms, resource: video_room, capacity: 2}}
rules:
  min_meetings_per_firm: 1
  max_meetings_per_firm: 3
  met_before_policy: only
""")


def incheon_fair(maker: Maker, out: Path) -> None:
    folder = out / "incheon-buyer-fair"
    folder.mkdir(parents=True, exist_ok=True)
    mix = ["semiconductor"] * 22 + ["packaging"] * 20 + ["cosmetics"] * 24 + ["machine_tools"] * 12 + \
          ["hydraulics"] * 6 + ["food"] * 20 + ["bio_health"] * 6
    firms = [maker.firm(f"IC{i + 1:03d}", key, "인천광역시", maker.rng.sample(["US", "VN", "JP", "CN", "DE", "ID", "TH", "AE", "MX"], 3))
             for i, key in enumerate(mix)]
    countries = [("US", "Los Angeles"), ("US", "Dallas"), ("VN", "Hanoi"), ("VN", "Ho Chi Minh City"), ("JP", "Osaka"),
                 ("CN", "Shanghai"), ("TW", "Taipei"), ("DE", "Frankfurt"), ("FR", "Lyon"), ("ID", "Jakarta"),
                 ("TH", "Bangkok"), ("MY", "Kuala Lumpur"), ("AE", "Dubai"), ("SA", "Riyadh"), ("MX", "Monterrey"),
                 ("IN", "Chennai"), ("UZ", "Tashkent"), ("KZ", "Almaty"), ("AU", "Sydney"), ("PH", "Manila")]
    kinds = ["importer", "distributor", "distributor", "retailer", "ecommerce", "oem", "tier1"]
    buyers = []
    for i in range(86):
        country, city = countries[i % len(countries)]
        sectors = maker.rng.sample(sorted(set(mix)), maker.rng.choice([1, 1, 2]))
        kind = maker.rng.choice(kinds)
        row = maker.buyer(f"B{i + 1:03d}", kind, country, city, sectors, leg="incheon", meets_at="venue", notes=SYNTHETIC)
        if i % 9 == 4:
            row["availability"] = ["2024-05-21 10:00-12:30"] if i % 2 else ["2024-05-22"]
        buyers.append(row)
    write_xlsx(folder / "firms.xlsx", FIRM_COLUMNS_KO, _firm_rows_ko(firms),
               "2024 인천 수출상담회 참가기업 명단 (SYNTHETIC DATA: 가상 기업)")
    write_csv(folder / "buyers.csv", BUYER_COLUMNS_EN, buyers, "utf-8-sig")
    specs = [(["en-ko"], "buyer", [])] * 3 + [(["zh-ko"], "buyer", [])] * 2 + [(["ja-ko"], "buyer", [])] * 2 + \
            [(["vi-ko"], "buyer", []), (["es-ko"], "buyer", []), (["ar-ko"], "buyer", []), (["ru-ko", "uz-ko"], "buyer", []),
             (["id-ko", "ms-ko"], "buyer", []), (["th-ko"], "buyer", []), (["fr-ko", "de-ko"], "buyer", [])]
    write_csv(folder / "interpreters.csv", INTERPRETER_COLUMNS_EN, _interpreters(specs), "utf-8")
    write_yaml(folder / "scenario.yaml", """
# SYNTHETIC DATA: every firm and buyer is fictional (scenarios/generate.py).
synthetic: true
description: >
  Buyer-invitation export fair in Incheon: 110 local firms and 86 invited buyers from 20 countries
  over two days, 30-minute meetings at 40 tables, buyer-side interpreters by language.
  Firms table: XLSX with a title row above Korean headers.
mission:
  id: incheon-buyer-fair-2024
  name: Incheon Global Buyer Invitation Export Fair 2024
  name_ko: 2024 인천 해외바이어 초청 수출상담회
  organiser: Incheon Metropolitan City / Incheon Business Agency (synthetic)
  format: buyer_fair
  slot_minutes: 30
  buffer_minutes: 0
  legs:
    - id: incheon
      city: Incheon
      country: KR
      timezone: Asia/Seoul
      dates: [2024-05-21, 2024-05-22]
      sessions:
        - {start: "10:00", end: "12:30", label: 오전}
        - {start: "13:30", end: "17:00", label: 오후}
      venues:
        - {id: fair-hall, name: Songdo Harbour Convention Hall A (synthetic), address: "Songdo, Incheon", resource: table, capacity: 40}
rules:
  min_meetings_per_firm: 2
  target_meetings_per_firm: 5
  max_meetings_per_firm: 8
  max_meetings_per_buyer: 12
  candidates_per_firm: 12
tables:
  firms: firms.xlsx
""")


def yongin_online(maker: Maker, out: Path) -> None:
    folder = out / "yongin-online-rooms"
    folder.mkdir(parents=True, exist_ok=True)
    keys = ["semiconductor", "semiconductor", "cosmetics", "cosmetics", "food", "bio_health", "it_software",
            "machine_tools", "packaging", "batteries"]
    firms = [maker.firm(f"YI{i + 1:02d}", key, "용인시", maker.rng.sample(["US", "DE", "AE", "VN", "MX", "BR", "TH"], 3))
             for i, key in enumerate(keys)]
    places = [("US", "New York", "America/New_York"), ("US", "Chicago", "America/Chicago"),
              ("US", "Los Angeles", "America/Los_Angeles"), ("US", "Houston", "America/Chicago"),
              ("CA", "Toronto", "America/Toronto"), ("MX", "Mexico City", ""), ("BR", "Sao Paulo", ""),
              ("CL", "Santiago", ""), ("DE", "Frankfurt", ""), ("FR", "Lyon", ""), ("PL", "Warsaw", ""),
              ("NL", "Rotterdam", ""), ("GB", "Manchester", ""), ("IT", "Milan", ""), ("ES", "Barcelona", "Europe/Madrid"),
              ("AE", "Dubai", ""), ("SA", "Riyadh", ""), ("TR", "Istanbul", ""), ("EG", "Cairo", ""),
              ("VN", "Ho Chi Minh City", ""), ("TH", "Bangkok", ""), ("ID", "Jakarta", ""), ("MY", "Kuala Lumpur", ""),
              ("SG", "Singapore", ""), ("PH", "Manila", ""), ("IN", "Pune", ""), ("AU", "Melbourne", "")]
    buyers = []
    for i in range(33):
        country, city, zone = places[i % len(places)]
        sector = keys[i % len(keys)]
        kind = maker.rng.choice(["importer", "distributor", "retailer", "ecommerce", "oem"])
        row = maker.buyer(f"YB{i + 1:02d}", kind, country, city, [sector], timezone=zone, meets_at="online",
                          notes=SYNTHETIC)
        if i % 5 == 0:
            row["availability"] = ["2024-09-10 08:00-12:00", "2024-09-12 08:00-12:00"]
        buyers.append(row)
    write_csv(folder / "firms.csv", FIRM_COLUMNS_KO, _firm_rows_ko(firms), "cp949")
    write_xlsx(folder / "buyers.xlsx", BUYER_COLUMNS_EN, buyers, "Yongin online export consultations - buyers (SYNTHETIC)")
    specs = [(["ko-en"], "any", []), (["ko-en"], "any", []), (["ko-es", "ko-pt"], "any", []), (["ko-vi"], "any", []),
             (["ko-ar"], "any", [])]
    write_csv(folder / "interpreters.csv", INTERPRETER_COLUMNS_KO, _interpreters(specs), "cp949")
    write_yaml(folder / "scenario.yaml", """
# SYNTHETIC DATA: every firm and buyer is fictional (scenarios/generate.py).
synthetic: true
description: >
  Monthly online export consultation rooms in Yongin: 10 firms, buyers across the Americas,
  Europe, the Middle East and South-East Asia, 3 video rooms. Rooms open early (Americas'
  afternoon), by day (Asia, Middle East, Europe's morning) and late (Americas' morning).
  A buyer's availability is written in its own time zone.
mission:
  id: yongin-online-2024-09
  name: Yongin Online Export Consultation Rooms, September 2024
  name_ko: 2024년 9월 용인시 온라인 수출상담실
  organiser: Yongin City (synthetic)
  format: online_rooms
  slot_minutes: 30
  buffer_minutes: 10
  legs:
    - id: online
      city: Yongin
      country: KR
      timezone: Asia/Seoul
      dates: [2024-09-09, 2024-09-10, 2024-09-11, 2024-09-12, 2024-09-13]
      sessions:
        - {start: "07:00", end: "09:00", label: early}
        - {start: "10:00", end: "12:00", label: morning}
        - {start: "13:00", end: "18:00", label: afternoon}
        - {start: "21:00", end: "23:30", label: late}
      venues:
        - {id: yongin-rooms, name: Yongin Export Support Center video booths, resource: video_room, capacity: 3}
rules:
  min_meetings_per_firm: 3
  target_meetings_per_firm: 5
  max_meetings_per_firm: 6
  max_meetings_per_buyer: 3
""")


def cheongju_delegation(maker: Maker, out: Path) -> None:
    folder = out / "cheongju-delegation"
    folder.mkdir(parents=True, exist_ok=True)
    keys = ["cosmetics", "cosmetics", "cosmetics", "ginseng", "ginseng", "food", "bio_health", "bio_health",
            "batteries", "semiconductor", "packaging", "machine_tools"]
    firms = [maker.firm(f"CJ{i + 1:02d}", key, "청주시", ["VN", "UZ"], english=i % 4 == 0) for i, key in enumerate(keys)]
    legs = [("hanoi", "VN", "Hanoi"), ("hcmc", "VN", "Ho Chi Minh City"), ("tashkent", "UZ", "Tashkent")]
    buyers = []
    for i in range(36):
        leg, country, city = legs[i // 12]
        kind = maker.rng.choice(["importer", "distributor", "distributor", "retailer", "ecommerce"])
        sectors = [keys[(i * 5) % len(keys)]] + ([keys[(i * 7 + 3) % len(keys)]] if i % 3 == 0 else [])
        row = maker.buyer(f"{leg[:2].upper()}{i % 12 + 1:02d}", kind, country, city, sectors, notes=SYNTHETIC)
        row["languages"] = {"VN": ["vi"] if i % 3 else ["vi", "en"], "UZ": ["uz", "ru"] if i % 2 else ["ru"]}[country]
        buyers.append(row)
    columns = [c for c in FIRM_COLUMNS_EN]
    write_csv(folder / "firms.csv", columns, [dict(f, notes=SYNTHETIC) for f in firms], "utf-8")
    write_csv(folder / "buyers.csv", [c for c in BUYER_COLUMNS_KO if c[1] != "leg"], buyers, "cp949")
    specs = [(["ko-vi"], "firm", ["hanoi", "hcmc"]), (["ko-vi", "ko-en"], "firm", ["hanoi", "hcmc"]),
             (["ko-ru"], "firm", ["tashkent"]), (["ko-uz", "ko-ru"], "firm", ["tashkent"])]
    write_xlsx(folder / "interpreters.xlsx", INTERPRETER_COLUMNS_KO, _interpreters(specs),
               "청주시 시장개척단 통역 배정표 (SYNTHETIC)")
    write_yaml(folder / "scenario.yaml", """
# SYNTHETIC DATA: every firm and buyer is fictional (scenarios/generate.py).
synthetic: true
description: >
  Cheongju market-pioneering delegation to Vietnam (Hanoi, Ho Chi Minh City) and Uzbekistan
  (Tashkent), with Vietnamese and Russian/Uzbek interpreters travelling by leg.
  Buyers table: Korean headers, CP949.
mission:
  id: cheongju-delegation-2024
  name: Cheongju Market-Pioneering Delegation to Vietnam and Uzbekistan 2024
  name_ko: 2024 청주시 베트남·우즈베키스탄 시장개척단
  organiser: Cheongju City (synthetic)
  format: delegation
  slot_minutes: 45
  buffer_minutes: 15
  legs:
    - id: hanoi
      city: Hanoi
      country: VN
      timezone: Asia/Ho_Chi_Minh
      dates: [2024-10-14, 2024-10-15]
      sessions: [{start: "09:00", end: "12:00"}, {start: "13:30", end: "17:30"}]
      venues: [{id: han-hotel, name: West Lake Business Hotel meeting hall, resource: table, capacity: 6}]
    - id: hcmc
      city: Ho Chi Minh City
      country: VN
      timezone: Asia/Ho_Chi_Minh
      dates: [2024-10-17, 2024-10-18]
      sessions: [{start: "09:00", end: "12:00"}, {start: "13:30", end: "17:30"}]
      venues: [{id: sgn-hotel, name: Saigon Riverside Hotel conference room, resource: table, capacity: 6}]
    - id: tashkent
      city: Tashkent
      country: UZ
      timezone: Asia/Tashkent
      dates: [2024-10-21, 2024-10-22]
      sessions: [{start: "09:30", end: "12:30"}, {start: "14:00", end: "18:00"}]
      venues: [{id: tas-hotel, name: Silk Road Business Centre hall, resource: table, capacity: 6}]
rules:
  min_meetings_per_firm: 4
  target_meetings_per_firm: 6
  max_meetings_per_firm: 9
  max_meetings_per_buyer: 4
""")


def cheongju_pavilion(maker: Maker, out: Path) -> None:
    folder = out / "cheongju-exhibition-pavilion"
    folder.mkdir(parents=True, exist_ok=True)
    keys = ["cosmetics"] * 6 + ["bio_health"] * 3 + ["ginseng"] * 3 + ["food", "packaging"]
    firms = [maker.firm(f"CP{i + 1:02d}", key, "청주시", ["ID", "MY", "SG", "TH"], booth=f"K-{i + 1:02d}")
             for i, key in enumerate(keys)]
    places = [("ID", "Jakarta"), ("ID", "Surabaya"), ("ID", "Bandung"), ("MY", "Kuala Lumpur"), ("SG", "Singapore"),
              ("TH", "Bangkok"), ("VN", "Ho Chi Minh City"), ("PH", "Manila"), ("AE", "Dubai")]
    buyers = []
    for i in range(48):
        country, city = places[i % len(places)]
        kind = maker.rng.choice(["importer", "distributor", "retailer", "ecommerce"])
        row = maker.buyer(f"EX{i + 1:02d}", kind, country, city, [maker.rng.choice(sorted(set(keys)))],
                          leg="jakarta", meets_at="venue", notes=SYNTHETIC)
        if i % 6 == 0:
            row["availability"] = ["2024-11-07"]
        buyers.append(row)
    write_csv(folder / "firms.csv", [*FIRM_COLUMNS_KO, ("부스번호", "booth")], _firm_rows_ko(firms), "utf-8-sig")
    write_csv(folder / "buyers.csv", BUYER_COLUMNS_EN, buyers, "utf-8")
    specs = [(["ko-id"], "firm", []), (["ko-id"], "firm", []), (["ko-en"], "firm", []), (["ko-en", "ko-ms"], "firm", [])]
    write_csv(folder / "interpreters.csv", INTERPRETER_COLUMNS_EN, _interpreters(specs), "utf-8")
    write_yaml(folder / "scenario.yaml", """
# SYNTHETIC DATA: every firm and buyer is fictional (scenarios/generate.py).
synthetic: true
description: >
  Cheongju joint pavilion of 14 booths at a (fictional) beauty and health exhibition in Jakarta
  over three days. Firms sit at their booths; buyers walk between booths; a booth holds one
  meeting at a time.
mission:
  id: cheongju-pavilion-2024
  name: Cheongju Joint Pavilion, Jakarta Beauty & Health Expo 2024
  name_ko: 2024 자카르타 뷰티·헬스 박람회 청주시 공동관
  organiser: Cheongju City / Chungbuk Technopark (synthetic)
  format: exhibition
  slot_minutes: 30
  buffer_minutes: 0
  legs:
    - id: jakarta
      city: Jakarta
      country: ID
      timezone: Asia/Jakarta
      dates: [2024-11-06, 2024-11-07, 2024-11-08]
      sessions: [{start: "10:00", end: "12:00"}, {start: "13:00", end: "17:00"}]
      venues:
        - {id: pavilion, name: "Korea Cheongju Pavilion, Hall B (synthetic fair)", resource: booth, capacity: 14}
rules:
  min_meetings_per_firm: 4
  target_meetings_per_firm: 8
  max_meetings_per_buyer: 4
""")


def generate(out: Path, seed: int = SEED) -> list[Path]:
    """Write every bundled scenario under ``out``; the same seed gives the same scenarios."""
    maker = Maker(seed)
    jinju_data = jinju(maker, out)
    jinju_follow_up(maker, out, jinju_data)
    incheon_fair(maker, out)
    yongin_online(maker, out)
    cheongju_delegation(maker, out)
    cheongju_pavilion(maker, out)
    return sorted(p.parent for p in out.glob("*/scenario.yaml"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write the scenario folders into")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    for folder in generate(args.out, args.seed):
        print(folder)


if __name__ == "__main__":
    main()
