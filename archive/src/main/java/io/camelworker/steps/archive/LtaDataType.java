package io.camelworker.steps.archive;

/** The REGARDS LTA data types of a product file ({@code LtaDataType}); {@code ZIP} marks an archive to extract. */
public enum LtaDataType {
    ZIP, RAWDATA, QUICKLOOK_SD, QUICKLOOK_MD, QUICKLOOK_HD, DOCUMENT, THUMBNAIL, OTHER, AIP, DESCRIPTION
}
