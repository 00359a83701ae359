package com.example.productname;

import io.camelworker.outcome.InvalidContentException;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the name of a Sentinel-2 product says, by ESA's compact naming convention
 * ({@code MMM_MSIXXX_YYYYMMDDTHHMMSS_Nxxyy_ROOO_Txxxxx_<discriminator>.SAFE}).
 *
 * @param productName        the name read
 * @param satellite          S2A, S2B or S2C
 * @param level              L1C or L2A
 * @param sensingStart       when the datatake's sensing started, UTC
 * @param processingBaseline the processing baseline, e.g. 05.10
 * @param relativeOrbit      the relative orbit number
 * @param tile               the tile of the UTM/MGRS grid, e.g. 32TLQ
 */
public record Sentinel2ProductName(String productName, String satellite, String level, Instant sensingStart,
                                   String processingBaseline, int relativeOrbit, String tile) {

    private static final Pattern NAME = Pattern.compile(
            "(S2[ABC])_MSI(L1C|L2A)_(\\d{8}T\\d{6})_N(\\d{2})(\\d{2})_R(\\d{3})_T(\\d{2}[A-Z]{3})_\\d{8}T\\d{6}(\\.SAFE)?");
    private static final DateTimeFormatter SENSING_TIME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss");
    private static final String CONVENTION = "MMM_MSIXXX_YYYYMMDDTHHMMSS_Nxxyy_ROOO_Txxxxx_<discriminator>[.SAFE]";

    /** Reads a name; one that does not follow the convention is an {@link InvalidContentException} saying so. */
    static Sentinel2ProductName parse(String name) {
        Matcher parts = NAME.matcher(name);
        if (!parts.matches()) {
            throw new InvalidContentException("field 'productName': '" + name + "' is not a Sentinel-2 product name ("
                    + CONVENTION + ")");
        }
        return new Sentinel2ProductName(name, parts.group(1), parts.group(2), sensingStart(name, parts.group(3)),
                parts.group(4) + "." + parts.group(5), Integer.parseInt(parts.group(6)), parts.group(7));
    }

    private static Instant sensingStart(String name, String time) {
        try {
            return LocalDateTime.parse(time, SENSING_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new InvalidContentException("field 'productName': '" + name + "' has no valid sensing time: '" + time
                    + "'", e);
        }
    }
}
