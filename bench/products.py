#!/usr/bin/env python3
"""Writes example products for the metadata worker with the standard library only (no GDAL, no netCDF4):
a GeoTIFF of any size, a NetCDF classic (CDF-1) file, a PNG quicklook and a JSON sidecar.

  python3 bench/products.py examples DIR          # the tiny example product set (committed in src/test/resources)
  python3 bench/products.py geotiff FILE SIDE     # a SIDE x SIDE one-byte GeoTIFF (SIDE=32768 gives 1 GiB)
"""
import json
import struct
import sys
import zlib

PRODUCT = "S2X_MSI_20240115T103021_O01234"


def geotiff(path, width, height, west=1.0, north=44.0, pixel=0.001):
    """Uncompressed one-band uint8 GeoTIFF in WGS84 (EPSG:4326), strips of 256 rows, pixels written as zeros."""
    rows_per_strip = 256
    strips = (height + rows_per_strip - 1) // rows_per_strip
    strip_bytes = [width * min(rows_per_strip, height - i * rows_per_strip) for i in range(strips)]
    # GeoKeyDirectory: version 1.1.0, 3 keys: model type geographic, raster type pixel-is-area, geographic CRS 4326.
    geokeys = [1, 1, 0, 3, 1024, 0, 1, 2, 1025, 0, 1, 1, 2048, 0, 1, 4326]
    datetime = b"2024:01:15 10:30:21\0"
    description = b"S2X MSI level-1 example\0"
    entries = []  # (tag, type, count, payload bytes)

    def add(tag, typ, values):
        fmt = {2: "s", 3: "H", 4: "I", 12: "d"}[typ]
        if typ == 2:
            payload, count = values, len(values)
        else:
            payload, count = struct.pack("<%d%s" % (len(values), fmt), *values), len(values)
        entries.append((tag, typ, count, payload))

    add(256, 4, [width])
    add(257, 4, [height])
    add(258, 3, [8])
    add(259, 3, [1])
    add(262, 3, [1])
    add(270, 2, description)
    add(273, 4, [0] * strips)  # strip offsets, fixed below
    add(277, 3, [1])
    add(278, 4, [rows_per_strip])
    add(279, 4, strip_bytes)
    add(284, 3, [1])
    add(306, 2, datetime)
    add(339, 3, [1])
    add(33550, 12, [pixel, pixel, 0.0])
    add(33922, 12, [0.0, 0.0, 0.0, west, north, 0.0])
    add(34735, 3, geokeys)
    entries.sort()
    ifd_offset = 8
    ifd_size = 2 + 12 * len(entries) + 4
    extra_offset = ifd_offset + ifd_size
    extras = b""
    layout = []
    for tag, typ, count, payload in entries:
        if len(payload) <= 4:
            layout.append((tag, typ, count, payload.ljust(4, b"\0"), None))
        else:
            layout.append((tag, typ, count, None, extra_offset + len(extras)))
            extras += payload + (b"\0" if len(payload) % 2 else b"")
    data_offset = extra_offset + len(extras)
    offsets = []
    position = data_offset
    for size in strip_bytes:
        offsets.append(position)
        position += size
    # Rewrite the strip offsets now that the data position is known.
    extras = bytearray(extras)
    for i, (tag, typ, count, inline, where) in enumerate(layout):
        if tag == 273 and where is None:
            layout[i] = (tag, typ, count, struct.pack("<I", offsets[0]), None)
        elif tag == 273:
            struct.pack_into("<%dI" % strips, extras, where - extra_offset, *offsets)
    with open(path, "wb") as out:
        out.write(b"II*\0" + struct.pack("<I", ifd_offset))
        out.write(struct.pack("<H", len(entries)))
        for tag, typ, count, inline, where in layout:
            out.write(struct.pack("<HHI", tag, typ, count))
            out.write(inline if inline is not None else struct.pack("<I", where))
        out.write(struct.pack("<I", 0))
        out.write(bytes(extras))
        zeros = bytes(1 << 20)
        remaining = sum(strip_bytes)
        while remaining > 0:
            chunk = min(remaining, len(zeros))
            out.write(zeros[:chunk])
            remaining -= chunk


def _name(text):
    raw = text.encode()
    return struct.pack(">i", len(raw)) + raw + b"\0" * (-len(raw) % 4)


def _attribute(name, value):
    if isinstance(value, str):
        raw = value.encode()
        return _name(name) + struct.pack(">ii", 2, len(raw)) + raw + b"\0" * (-len(raw) % 4)
    if isinstance(value, float):
        return _name(name) + struct.pack(">iid", 6, 1, value)
    return _name(name) + struct.pack(">iii", 4, 1, value)


def _attributes(attributes):
    if not attributes:
        return struct.pack(">ii", 0, 0)
    return struct.pack(">ii", 0x0C, len(attributes)) + b"".join(_attribute(k, v) for k, v in attributes.items())


def netcdf(path):
    """NetCDF classic (CDF-1): sea surface temperature on a 3 x 4 lat/lon grid at one time, with ACDD attributes."""
    dims = [("time", 1), ("lat", 3), ("lon", 4)]
    lats = [43.5, 43.6, 43.7]
    lons = [1.1, 1.2, 1.3, 1.4]
    variables = [
        ("time", [0], {"units": "seconds since 2024-01-15 10:30:21", "standard_name": "time", "axis": "T"}, 6,
         struct.pack(">d", 0.0)),
        ("lat", [1], {"units": "degrees_north", "standard_name": "latitude", "axis": "Y"}, 5,
         struct.pack(">3f", *lats)),
        ("lon", [2], {"units": "degrees_east", "standard_name": "longitude", "axis": "X"}, 5,
         struct.pack(">4f", *lons)),
        ("sst", [0, 1, 2], {"units": "K", "standard_name": "sea_surface_temperature"}, 5,
         struct.pack(">12f", *[285.0 + i / 10 for i in range(12)])),
    ]
    global_attributes = {
        "Conventions": "CF-1.8, ACDD-1.3",
        "title": "S2X sea surface temperature example",
        "platform": "S2X",
        "orbit_number": 1234,
        "geospatial_lat_min": 43.5,
        "geospatial_lat_max": 43.7,
        "geospatial_lon_min": 1.1,
        "geospatial_lon_max": 1.4,
        "time_coverage_start": "2024-01-15T10:30:21Z",
        "time_coverage_end": "2024-01-15T10:35:21Z",
    }

    def header(begins):
        out = b"CDF\x01" + struct.pack(">i", 0)
        out += struct.pack(">ii", 0x0A, len(dims)) + b"".join(_name(n) + struct.pack(">i", s) for n, s in dims)
        out += _attributes(global_attributes)
        out += struct.pack(">ii", 0x0B, len(variables))
        for (name, dimids, attrs, nctype, data), begin in zip(variables, begins):
            out += _name(name) + struct.pack(">i", len(dimids)) + b"".join(struct.pack(">i", d) for d in dimids)
            out += _attributes(attrs) + struct.pack(">iii", nctype, len(data) + (-len(data) % 4), begin)
        return out

    size = len(header([0] * len(variables)))
    begins = []
    for _, _, _, _, data in variables:
        begins.append(size)
        size += len(data) + (-len(data) % 4)
    with open(path, "wb") as out:
        out.write(header(begins))
        for _, _, _, _, data in variables:
            out.write(data + b"\0" * (-len(data) % 4))


def png(path, width=8, height=6):
    """RGB gradient with a tEXt chunk."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\0" + bytes(v for x in range(width) for v in (x * 30, y * 40, 128)) for y in range(height))
    with open(path, "wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n")
        out.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)))
        out.write(chunk(b"tEXt", b"Title\0S2X quicklook"))
        out.write(chunk(b"IDAT", zlib.compress(rows)))
        out.write(chunk(b"IEND", b""))


def examples(directory):
    geotiff(f"{directory}/{PRODUCT}.tif", 40, 30)
    netcdf(f"{directory}/S2X_SST_20240115T103021_O01234.nc")
    png(f"{directory}/{PRODUCT}_ql.png")
    with open(f"{directory}/{PRODUCT}.json", "w") as out:
        json.dump({"product": {"processingLevel": "L1C", "baseline": "05.10"},
                   "quality": {"cloudCover": 12.5, "valid": True}}, out, indent=2)
        out.write("\n")


if __name__ == "__main__":
    if sys.argv[1] == "examples":
        examples(sys.argv[2])
    elif sys.argv[1] == "geotiff":
        side = int(sys.argv[3])
        geotiff(sys.argv[2], side, side)
    else:
        sys.exit(__doc__)
