"""Generated reference data: products, stock locations, addresses, denial reasons.

Everything is drawn from one `random.Random`, so a seed reproduces it exactly. Shapes
copy the seed payloads key for key (docs/oms-api.md §3; seeds 001/002).
"""

from __future__ import annotations

import random
from typing import Any

Json = dict[str, Any]

CITIES = (
    ("Istanbul", "41.00823800", "28.97835900", ("Kadıköy", "Beşiktaş", "Üsküdar", "Şişli")),
    ("Ankara", "39.93336300", "32.85974200", ("Çankaya", "Keçiören", "Yenimahalle")),
    ("Izmir", "38.42373300", "27.14282600", ("Konak", "Karşıyaka", "Bornova")),
    ("Bursa", "40.18853000", "29.06096300", ("Osmangazi", "Nilüfer")),
    ("Antalya", "36.89689100", "30.71323300", ("Muratpaşa", "Konyaaltı")),
    ("Eskişehir", "39.77667200", "30.52056300", ("Odunpazarı", "Tepebaşı")),
)
FIRST_NAMES = ("Ayşe", "Mehmet", "Zeynep", "Ali", "Elif", "Mustafa", "Fatma", "Emre",
               "Deniz", "Can", "Selin", "Burak", "Ece", "Kerem", "Merve", "John", "Maria")
LAST_NAMES = ("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Aydın", "Öztürk",
              "Arslan", "Doğan", "Koç", "Kurt", "Doe", "Rossi")
STREETS = ("Bağdat Caddesi", "İstiklal Caddesi", "Atatürk Bulvarı", "Cumhuriyet Caddesi",
           "Gazi Mustafa Kemal Bulvarı", "Kordon Boyu", "Lale Sokak", "Menekşe Sokak")
GARMENTS = (("T-Shirt", "TS"), ("Crew Neck Sweater", "SW"), ("Denim Jeans", "JN"),
            ("Linen Shirt", "SH"), ("Hooded Sweatshirt", "HD"), ("Chino Trousers", "CH"),
            ("Summer Dress", "DR"), ("Puffer Jacket", "JK"), ("Sneakers", "SN"),
            ("Leather Belt", "BL"), ("Wool Scarf", "SC"), ("Baseball Cap", "CP"))
MATERIALS = ("Organic Cotton", "Recycled", "Premium", "Basic", "Slim Fit", "Oversize",
             "Essential", "Classic")
COLORS = (("SİYAH", "Black"), ("BEYAZ", "White"), ("LACİVERT", "Navy"), ("KIRMIZI", "Red"),
          ("YEŞİL", "Green"), ("GRİ", "Grey"), ("BEJ", "Beige"))
SIZES = ("XS", "S", "M", "L", "XL", "XXL")
WEIGHED = (("Aged Kaşar Cheese", "CHS"), ("Roasted Hazelnuts", "NUT"),
           ("Turkish Delight Mix", "LOK"), ("Dried Apricots", "APR"), ("Ground Coffee", "COF"))
GIFT_NOTES = ("Happy birthday! 🎂", "İyi ki doğdun!", "Congratulations on the new job",
              "With love, from all of us", "Geçmiş olsun, çabuk iyileş")
ORDER_NOTES = ("Please leave at the door", "Call before delivery", "Fragile — pack carefully",
               "Kapıcıya bırakabilirsiniz", "No plastic packaging please")
DENIAL_REASONS = (("Out of stock in store", "OOS"), ("Item damaged", "DAMAGED"),
                  ("Wrong product on shelf", "WRONG"), ("Store closed", "CLOSED"),
                  ("Capacity exceeded", "CAPACITY"), ("Legacy reason", "LEGACY"))
PRODUCT_STAMP = "2022-09-15T06:47:53.159625Z"
# Documented (S002 `shipping_label.preview_url`); not an ApiProfile name.
SHIPPING_LABEL_PATH = "/api/v1/oms/shipping-label/"


def ean13(rng: random.Random) -> str:
    """A valid EAN-13 with a Turkish (869) GS1 prefix and a correct check digit."""
    body = "869" + "".join(str(rng.randrange(10)) for _ in range(9))
    return body + ean13_check_digit(body)


def ean13_check_digit(first12: str) -> str:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return str((10 - total % 10) % 10)


def _coord(base: str, rng: random.Random) -> str:
    return f"{float(base) + rng.uniform(-0.2, 0.2):.8f}"


def address_parts(rng: random.Random, pk: int) -> Json:
    """city / country / township / district objects as OMS nests them in addresses."""
    name, lat, lon, townships = CITIES[rng.randrange(len(CITIES))]
    city_pk = 1 + CITIES.index((name, lat, lon, townships))
    township = townships[rng.randrange(len(townships))]
    return {
        "city": {"pk": city_pk, "name": name, "country": 1, "is_active": True,
                 "longitude": _coord(lon, rng), "latitude": _coord(lat, rng)},
        "country": {"pk": 1, "name": "Türkiye", "code": "tr", "is_active": True,
                    "longitude": "35.24332200", "latitude": "38.96374500"},
        "township": {"pk": 100 + pk % 900, "name": township, "city": city_pk,
                     "is_active": True, "longitude": _coord(lon, rng),
                     "latitude": _coord(lat, rng)},
        "district": {"pk": 1000 + pk, "name": f"{township} Mahallesi", "city": city_pk,
                     "township": 100 + pk % 900, "is_active": True,
                     "longitude": _coord(lon, rng), "latitude": _coord(lat, rng)},
    }


def phone(rng: random.Random) -> str:
    return "05" + "".join(str(rng.randrange(10)) for _ in range(9))


def shipping_address(rng: random.Random, pk: int, stamp: str) -> Json:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    email = f"{first.lower()}.{last.lower()}{pk}@example.com"
    parts = address_parts(rng, pk)
    return {
        "id": pk, **parts,
        "customer": {"email": email, "first_name": first, "last_name": last,
                     "phone_number": phone(rng), "erp_code": f"C{pk:06d}", "pk": pk,
                     "channel": 1},
        "address_type": "customer", "created_date": stamp, "modified_date": stamp,
        "omnitron_id": 4000 + pk, "mapping": None, "title": "Home",
        "is_active": True, "line": f"{rng.choice(STREETS)} No:{rng.randint(1, 180)}",
        "postcode": f"{rng.randint(1000, 81999):05d}", "notes": None, "email": email,
        "phone_number": phone(rng), "first_name": first, "last_name": last,
        "company_name": "", "tax_office": "", "tax_no": "", "e_bill_taxpayer": False,
    }


def stock_location(rng: random.Random, location_id: int, index: int) -> Json:
    """A full stock location object (shape of seed 001's `stock_location`)."""
    parts = address_parts(rng, 500 + location_id)
    city = parts["city"]["name"]
    kind = "warehouse" if index == 0 else "store"
    name = f"{city} {'Depo' if kind == 'warehouse' else 'Mağaza'} {location_id}"
    return {
        "id": location_id, "stock_location_type": kind,
        "address": {"id": 500 + location_id, **parts, "mapping": None, "title": name,
                    "is_active": True, "line": f"{rng.choice(STREETS)} No:{index + 1}",
                    "postcode": f"{rng.randint(1000, 81999):05d}", "notes": None,
                    "longitude": parts["city"]["longitude"],
                    "latitude": parts["city"]["latitude"]},
        "engine": 1, "tags": [], "created_date": "2021-07-06T13:07:14.377251Z",
        "modified_date": "2023-03-15T11:49:43.340102Z", "omnitron_id": location_id,
        "name": name, "is_fulfillment_center": True, "is_pickup_location": kind == "store",
        "is_delivery_location": True, "is_return_available": True,
        "is_fast_delivery_available": kind == "store", "is_active": True,
        "priority": 10 - index, "conf": {}, "daytime_phone": phone(rng),
        "evening_phone": phone(rng), "fax_number": "", "email": f"store{location_id}@example.com",
        "target_packing_interval": "1 00:00:00" if kind == "store" else "5 00:00:00",
        "target_transfer_interval": "3 00:00:00", "erp_code": f"ST{location_id:04d}",
        "use_as_shipper_location": True,
    }


def short_stock_location(location: Json) -> Json:
    """The minimal stock location the short endpoints show."""
    address = location.get("address") or {}
    city = address.get("city") or {}
    return {
        "id": location["id"], "name": location.get("name"), "erp_code": location.get("erp_code"),
        "address": {"line": address.get("line"),
                    "city": {"id": city.get("pk"), "name": city.get("name")}},
    }


def simple_stock_location(location: Json) -> Json:
    """A row of `stocklocations/list-simple/` (AD stock-location-services)."""
    keys = ("id", "omnitron_id", "name", "erp_code", "stock_location_type",
            "is_fulfillment_center", "is_active", "priority")
    return {key: location.get(key) for key in keys}


def _attribute(value: str, label: str) -> Json:
    return {"label": label, "value": value, "data_type": "dropdown"}


def product(rng: random.Random, product_id: int, media_base: str) -> Json:
    """A product: garments (size/colour), or ~8% weight-based goods; ~20% without barcode."""
    weighed = rng.random() < 0.08
    if weighed:
        title, code = rng.choice(WEIGHED)
        name = f"{title} (per kg)"
        base_code = f"{code}-{product_id:05d}"
        sku = base_code
        attributes = {"unit_type": "weight"}
        kwargs = {"unit_type": _attribute("weight", "Sold by weight")}
    else:
        (title, code), material = rng.choice(GARMENTS), rng.choice(MATERIALS)
        (color, color_en), size = rng.choice(COLORS), rng.choice(SIZES)
        name = f"{material} {title}"
        base_code = f"AKN-{code}{product_id:05d}"
        sku = f"{base_code}-{color_en[:3].upper()}-{size}"
        attributes = {"renk": color, "beden": size, "integration_color": color,
                      "integration_size": size}
        kwargs = {"renk": _attribute(color, color_en), "beden": _attribute(size, size),
                  "integration_color": _attribute(color, color_en),
                  "integration_size": _attribute(size, size)}
    images = [] if rng.random() < 0.15 else [{
        "order": 0, "id": product_id, "product": product_id,
        "url": f"{media_base}/media/products/{product_id}.png",
    }]
    return {
        "id": product_id, "productimage_set": images, "created_date": PRODUCT_STAMP,
        "modified_date": PRODUCT_STAMP, "omnitron_id": 8000 + product_id, "name": name,
        "base_code": base_code, "sku": sku,
        "barcode": None if rng.random() < 0.2 else ean13(rng),
        "attributes": attributes, "attributes_kwargs": kwargs, "extra_attributes": {},
        "remote_modified_date": "2022-09-07T11:49:42.611585Z",
    }


def denial_reasons() -> list[Json]:
    """Rows of `package_denial_reason/` (AD package-denial-reasons); the last is inactive."""
    return [
        {"id": index + 1, "title": title, "remote_id": remote_id,
         "priority": index + 1, "is_active": index < len(DENIAL_REASONS) - 1}
        for index, (title, remote_id) in enumerate(DENIAL_REASONS)
    ]


def cargo_company() -> Json:
    return {"id": 728, "shipping_company": "speeta", "created_date": "2023-01-23T15:14:07.829927Z",
            "modified_date": "2023-01-23T15:14:07.829963Z", "name": "Speeta",
            "erp_code": "speeta", "is_active": True}


def shipment(shipment_id: int, package_id: int, awb_number: str, stamp: str) -> Json:
    """A shipment record (seed 002), as COMPLETE_PACKAGING creates it."""
    return {"id": shipment_id, "cargo_company": cargo_company(), "created_date": stamp,
            "modified_date": stamp, "awb_number": awb_number, "pay_on_delivery_amount": None,
            "update_date_time": stamp, "estimated_delivery_date": None,
            "query_number": awb_number, "state": 99, "package": package_id, "invoice": None}


def shipping_label(label_id: int, label_uuid: str, base_url: str) -> Json:
    preview = f"{SHIPPING_LABEL_PATH}{label_id}/preview/"
    return {"id": label_id, "is_file": True, "preview_url": preview, "uuid": label_uuid,
            "full_path_url": f"{base_url}{preview}"}
