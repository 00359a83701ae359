package io.camelworker.steps.metadata;

import io.camelworker.retry.Backoff;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;
import java.time.Duration;

/** Settings of the metadata worker's steps, under {@code worker.metadata.*}; every one has a safe default. */
@ConfigurationProperties("worker.metadata")
@Validated
public class MetadataProperties {

    /** The Feature Manager's fanout exchange of update (PATCH) requests. */
    public static final String DEFAULT_UPDATE_EXCHANGE =
            "regards.broadcast.fr.cnes.regards.modules.feature.dto.event.in.FeatureUpdateRequestEvent";

    /** The Feature Manager's fanout exchange of answers to requests (GRANTED, DENIED, SUCCESS, ERROR). */
    public static final String DEFAULT_ANSWER_EXCHANGE =
            "regards.broadcast.fr.cnes.regards.modules.feature.dto.event.out.FeatureRequestEvent";

    /** Long enough for the Feature Manager to register and process a patch (it schedules them every few seconds), below worker.request-timeout. */
    public static final Duration DEFAULT_FEATURE_MANAGER_TIMEOUT = Duration.ofMinutes(5);

    /** Large enough for the strip or tile offsets of any real raster (2 M tiles of 8 bytes), small against a worker's heap. */
    public static final DataSize DEFAULT_MAX_HEADER_VALUE_SIZE = DataSize.ofMegabytes(16);

    /** Far more IFD entries, NetCDF dimensions, attributes and variables than real products have. */
    public static final long DEFAULT_MAX_HEADER_ENTRIES = 100_000;

    /** 10^12 pixels (a 1,000,000 x 1,000,000 mosaic): refuses only absurd claims (2^31 x 2^31). */
    public static final long DEFAULT_MAX_IMAGE_PIXELS = 1_000_000_000_000L;
    /** Default most bands of an image: hyperspectral products have a few hundred. */
    public static final long DEFAULT_MAX_IMAGE_BANDS = 1024;

    /** Fanout exchange the FeatureUpdateRequestEvent is published to; declared durable fanout, as REGARDS declares it. */
    @NotBlank
    private String updateExchange = DEFAULT_UPDATE_EXCHANGE;

    /** Declare the update and answer exchanges (durable fanout); turn off when the broker user may not declare. */
    private boolean declareUpdateExchange = true;

    /** Fanout exchange of the Feature Manager's answers (FeatureRequestEvent); each process binds an exclusive queue of its own. */
    @NotBlank
    private String answerExchange = DEFAULT_ANSWER_EXCHANGE;

    /** Which answer ends the wait: registration (GRANTED) or processing (SUCCESS); DENIED and ERROR end it either way. */
    @NotNull
    private FeatureManagerAnswers.Until featureManagerWait = FeatureManagerAnswers.Until.PROCESSING;

    /** How long an update waits for the Feature Manager's answer; past it the request fails, is retried, then dead-lettered. */
    @NotNull
    private Duration featureManagerTimeout = DEFAULT_FEATURE_MANAGER_TIMEOUT;

    /** {@code regards.request.owner} of the update requests; empty means the worker type. */
    private String requestOwner;

    /** {@code metadata.priority} of the update requests: LOW, NORMAL or HIGH. */
    @NotNull
    private Priority priority = Priority.NORMAL;

    /** Largest sidecar file read into memory (JSON or XML); a larger one is INVALID_CONTENT. */
    @NotNull
    private DataSize maxSidecarSize = DataSize.ofMegabytes(10);

    /**
     * Largest value one file header may declare (a TIFF tag's values, a NetCDF name or attribute, a PNG metadata
     * chunk); format readers allocate what headers declare, so a larger claim is INVALID_CONTENT before they read.
     */
    @NotNull
    private DataSize maxHeaderValueSize = DEFAULT_MAX_HEADER_VALUE_SIZE;

    /** Most entries one file header may list in all (TIFF IFD entries, NetCDF dimensions, attributes and variables, PNG chunks). */
    @Min(1)
    @Max(10_000_000)
    private long maxHeaderEntries = DEFAULT_MAX_HEADER_ENTRIES;

    /** Largest width x height an image header may claim (TIFF, PNG). */
    @Min(1)
    private long maxImagePixels = DEFAULT_MAX_IMAGE_PIXELS;

    /** Most bands (TIFF SamplesPerPixel) an image header may claim; a reader's time grows with their square. */
    @Min(1)
    @Max(65_535)
    private long maxImageBands = DEFAULT_MAX_IMAGE_BANDS;

    /** Directory of the temporary copies of remote (http, S3) files that a sandbox process parses (geospatial, image, sidecar); empty means java.io.tmpdir. */
    private Path workDirectory;

    /** Retries of a product file that cannot be reached (I/O failure), before the request is answered ERROR. */
    @Valid
    private final Backoff sourceRetry = new Backoff();

    public String getUpdateExchange() { return updateExchange; }
    public void setUpdateExchange(String updateExchange) { this.updateExchange = updateExchange; }
    public boolean isDeclareUpdateExchange() { return declareUpdateExchange; }
    public void setDeclareUpdateExchange(boolean declareUpdateExchange) { this.declareUpdateExchange = declareUpdateExchange; }
    public String getAnswerExchange() { return answerExchange; }
    public void setAnswerExchange(String answerExchange) { this.answerExchange = answerExchange; }
    public FeatureManagerAnswers.Until getFeatureManagerWait() { return featureManagerWait; }
    public void setFeatureManagerWait(FeatureManagerAnswers.Until featureManagerWait) { this.featureManagerWait = featureManagerWait; }
    public Duration getFeatureManagerTimeout() { return featureManagerTimeout; }
    public void setFeatureManagerTimeout(Duration featureManagerTimeout) { this.featureManagerTimeout = featureManagerTimeout; }
    public String getRequestOwner() { return requestOwner; }
    public void setRequestOwner(String requestOwner) { this.requestOwner = requestOwner; }
    public Priority getPriority() { return priority; }
    public void setPriority(Priority priority) { this.priority = priority; }
    public DataSize getMaxSidecarSize() { return maxSidecarSize; }
    public void setMaxSidecarSize(DataSize maxSidecarSize) { this.maxSidecarSize = maxSidecarSize; }
    public DataSize getMaxHeaderValueSize() { return maxHeaderValueSize; }
    public void setMaxHeaderValueSize(DataSize maxHeaderValueSize) { this.maxHeaderValueSize = maxHeaderValueSize; }
    public long getMaxHeaderEntries() { return maxHeaderEntries; }
    public void setMaxHeaderEntries(long maxHeaderEntries) { this.maxHeaderEntries = maxHeaderEntries; }
    public long getMaxImagePixels() { return maxImagePixels; }
    public void setMaxImagePixels(long maxImagePixels) { this.maxImagePixels = maxImagePixels; }
    public long getMaxImageBands() { return maxImageBands; }
    public void setMaxImageBands(long maxImageBands) { this.maxImageBands = maxImageBands; }

    /** The header limits as the format checks take them. */
    public HeaderLimits headerLimits() {
        return new HeaderLimits(maxHeaderValueSize.toBytes(), maxHeaderEntries, maxImagePixels, maxImageBands);
    }

    public Path getWorkDirectory() { return workDirectory; }
    public void setWorkDirectory(Path workDirectory) { this.workDirectory = workDirectory; }
    public Backoff getSourceRetry() { return sourceRetry; }

    @AssertTrue(message = "worker.metadata.feature-manager-timeout must be positive")
    public boolean isFeatureManagerTimeoutPositive() {
        return featureManagerTimeout == null || (!featureManagerTimeout.isNegative() && !featureManagerTimeout.isZero());
    }

    /** Priority of a Feature Manager request ({@code FeatureMetadata.priority}). */
    public enum Priority { LOW, NORMAL, HIGH }

}
