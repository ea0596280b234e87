"""Spellings officers use for the engine's categories, English and Korean, folded.

Keys are folded (no spaces, hyphens, underscores or dots; lower case); values are the enum values
of :mod:`matching.domain`.
"""

from __future__ import annotations

EXPORT_STAGES = {
    "beginner": "beginner", "new": "beginner", "초보": "beginner", "수출초보": "beginner", "내수": "beginner",
    "내수기업": "beginner", "수출초보기업": "beginner", "초기": "beginner",
    "growing": "growing", "growth": "growing", "유망": "growing", "수출유망": "growing", "성장": "growing",
    "수출유망기업": "growing", "중간": "growing",
    "established": "established", "mature": "established", "강소": "established", "수출강소": "established",
    "수출강소기업": "established", "성숙": "established",
}

BUYER_TYPES = {
    "oem": "oem", "완성차": "oem", "완성품제조사": "oem",
    "tier1": "tier1", "t1": "tier1", "1차벤더": "tier1", "1차협력사": "tier1",
    "tier2": "tier2", "t2": "tier2", "2차벤더": "tier2", "2차협력사": "tier2",
    "distributor": "distributor", "유통": "distributor", "유통사": "distributor", "디스트리뷰터": "distributor",
    "총판": "distributor",
    "importer": "importer", "수입상": "importer", "수입사": "importer", "수입업체": "importer",
    "retailer": "retailer", "소매": "retailer", "소매업체": "retailer", "리테일러": "retailer",
    "ecommerce": "ecommerce", "online": "ecommerce", "이커머스": "ecommerce", "온라인몰": "ecommerce",
    "온라인유통": "ecommerce",
}

MEETING_PLACES = {
    "venue": "venue", "hotel": "venue", "행사장": "venue", "호텔": "venue", "상담회장": "venue",
    "site": "site", "onsite": "site", "visit": "site", "방문": "site", "현장": "site", "현장방문": "site",
    "바이어사": "site",
    "online": "online", "video": "online", "온라인": "online", "화상": "online", "화상상담": "online",
}

INTERPRETER_SIDES = {
    "firm": "firm", "seller": "firm", "기업": "firm", "참가기업": "firm",
    "buyer": "buyer", "바이어": "buyer",
    "any": "any", "both": "any", "공통": "any", "전체": "any",
}

OUTCOME_STATUSES = {
    "held": "held", "done": "held", "met": "held", "상담완료": "held", "완료": "held", "참석": "held",
    "진행": "held", "상담": "held",
    "noshow": "no_show", "absent": "no_show", "불참": "no_show", "노쇼": "no_show", "미참석": "no_show",
    "cancelled": "cancelled", "canceled": "cancelled", "취소": "cancelled", "상담취소": "cancelled",
}
