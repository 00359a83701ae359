package io.camelworker.steps.archive;

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
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Settings of archive extraction, under {@code worker.extraction.*}; the defaults refuse archive bombs. */
@ConfigurationProperties("worker.extraction")
@Validated
public class ExtractionProperties {

    public static final int DEFAULT_MAX_ENTRIES = 100_000;
    public static final long DEFAULT_MAX_TOTAL_BYTES = 10L * 1024 * 1024 * 1024;
    public static final double DEFAULT_MAX_RATIO = 100.0;
    public static final long DEFAULT_RATIO_MIN_BYTES = 1024 * 1024;

    /** Directory the archives are extracted into, one sub-directory per request; add it to worker.files.allowed-roots for the next step to read the files. */
    @NotNull
    private Path workspace = Path.of(System.getProperty("java.io.tmpdir"), "camel-worker", "extraction");

    /** Most entries (files, directories) one archive may hold, counted in its central directory before a zip is parsed. */
    @Min(1)
    private int maxEntries = DEFAULT_MAX_ENTRIES;

    /** Most bytes one request may extract, all its archives together, counted on the bytes actually written (worker.storage.max-file-size also bounds it). */
    @Min(1)
    private long maxTotalBytes = DEFAULT_MAX_TOTAL_BYTES;

    /** Highest compression ratio (bytes written / bytes read from the archives) of an entry, of an archive and of a request: above it the archive is a bomb. */
    @DecimalMin("1.0")
    private double maxRatio = DEFAULT_MAX_RATIO;

    /** The ratio is checked once this many bytes were written (per entry, and for the archive): small files of zeros are harmless. */
    @Min(0)
    private long ratioMinBytes = DEFAULT_RATIO_MIN_BYTES;

    /** Threads extracting the entries of one zip archive in parallel (tar archives are read sequentially). */
    @Min(1)
    @Max(64)
    private int parallelism = Math.min(4, Runtime.getRuntime().availableProcessors());

    /** LTA type of an extracted file, by the first rule whose regex matches its whole path in the archive; RAWDATA when none does. */
    @Valid
    private List<TypeRule> typeRules = new ArrayList<>();

    /** The limits of extraction, with {@code worker.storage.max-file-size}, which bounds what any request writes. */
    public ExtractionLimits limits(DataSize maxFileSize) {
        return new ExtractionLimits(maxEntries, maxTotalBytes, maxRatio, ratioMinBytes, maxFileSize.toBytes());
    }

    public Path getWorkspace() { return workspace; }
    public void setWorkspace(Path workspace) { this.workspace = workspace; }
    public int getMaxEntries() { return maxEntries; }
    public void setMaxEntries(int maxEntries) { this.maxEntries = maxEntries; }
    public long getMaxTotalBytes() { return maxTotalBytes; }
    public void setMaxTotalBytes(long maxTotalBytes) { this.maxTotalBytes = maxTotalBytes; }
    public double getMaxRatio() { return maxRatio; }
    public void setMaxRatio(double maxRatio) { this.maxRatio = maxRatio; }
    public long getRatioMinBytes() { return ratioMinBytes; }
    public void setRatioMinBytes(long ratioMinBytes) { this.ratioMinBytes = ratioMinBytes; }
    public int getParallelism() { return parallelism; }
    public void setParallelism(int parallelism) { this.parallelism = parallelism; }
    public List<TypeRule> getTypeRules() { return typeRules; }
    public void setTypeRules(List<TypeRule> typeRules) { this.typeRules = typeRules; }

    /** A file-name rule giving the LTA type of the extracted files whose path in the archive matches it. */
    public static class TypeRule {

        /** Java regex matched against the whole path of the file in the archive, e.g. {@code .*\.png}. */
        @NotBlank
        private String pattern;

        /** LTA type of the matching files. */
        @NotNull
        private LtaDataType type;

        @AssertTrue(message = "worker.extraction.type-rules[].pattern must be a valid Java regular expression")
        public boolean isPatternValid() {
            if (pattern == null) {
                return true;
            }
            try {
                Pattern.compile(pattern);
                return true;
            } catch (PatternSyntaxException e) {
                return false;
            }
        }

        public String getPattern() { return pattern; }
        public void setPattern(String pattern) { this.pattern = pattern; }
        public LtaDataType getType() { return type; }
        public void setType(LtaDataType type) { this.type = type; }
    }
}
