package io.camelworker.sandbox;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of the sandbox processes that parse untrusted content ({@code worker.sandbox.*}). The defaults fit a
 * 512 MiB container whose worker runs with {@code -Xmx256m}: one child of 128 MB heap, measured at 78 MB resident
 * when idle and 118 MB after extracting 8,192 files (at most about 180 MB: the heap and the JVM's own).
 */
@ConfigurationProperties("worker.sandbox")
@Validated
public class SandboxProperties {

    public static final int DEFAULT_POOL_SIZE = 1;
    public static final DataSize DEFAULT_HEAP = DataSize.ofMegabytes(128);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);

    /** Sandbox processes kept warm, started on first use; as many parses run at once, the others wait for one. */
    @Min(value = 1, message = "worker.sandbox.pool-size must be at least 1")
    @Max(value = 16, message = "worker.sandbox.pool-size must be at most 16")
    private int poolSize = DEFAULT_POOL_SIZE;

    /** Heap of each sandbox process (-Xmx); a parse that needs more is answered INVALID_CONTENT naming this limit. */
    @NotNull(message = "worker.sandbox.heap must be set")
    private DataSize heap = DEFAULT_HEAP;

    /** Time one parse may take in a sandbox process; past it the process is killed and the request answered ERROR. */
    @NotNull(message = "worker.sandbox.timeout must be set")
    private Duration timeout = DEFAULT_TIMEOUT;

    /** Time a sandbox process has to start and report ready; past it the start fails and the process is killed. */
    @NotNull(message = "worker.sandbox.start-timeout must be set")
    private Duration startTimeout = DEFAULT_START_TIMEOUT;

    /** Further JVM options of the sandbox processes, after the sandbox's own (e.g. -XX:ActiveProcessorCount=1 to keep a parse on one core). */
    @NotNull(message = "worker.sandbox.jvm-options must not be null")
    private List<String> jvmOptions = new ArrayList<>();

    @AssertTrue(message = "worker.sandbox.heap must be at least 16MB")
    public boolean isHeapEnough() {
        return heap == null || heap.toMegabytes() >= 16;
    }

    @AssertTrue(message = "worker.sandbox.timeout must be at least 1s")
    public boolean isTimeoutPositive() {
        return timeout == null || timeout.compareTo(Duration.ofSeconds(1)) >= 0;
    }

    @AssertTrue(message = "worker.sandbox.start-timeout must be at least 1s")
    public boolean isStartTimeoutPositive() {
        return startTimeout == null || startTimeout.compareTo(Duration.ofSeconds(1)) >= 0;
    }

    @AssertTrue(message = "worker.sandbox.jvm-options must be JVM options starting with '-', and not set the class path, "
            + "-jar nor -Xmx (use worker.sandbox.heap)")
    public boolean isJvmOptionsValid() {
        return jvmOptions == null || jvmOptions.stream().allMatch(SandboxProperties::isPlainJvmOption);
    }

    private static boolean isPlainJvmOption(String option) {
        return option != null && option.startsWith("-") && !option.startsWith("-Xmx") && !option.equals("-jar")
                && !option.equals("-cp") && !option.equals("-classpath") && !option.startsWith("--class-path");
    }

    public int getPoolSize() { return poolSize; }
    public void setPoolSize(int poolSize) { this.poolSize = poolSize; }
    public DataSize getHeap() { return heap; }
    public void setHeap(DataSize heap) { this.heap = heap; }
    public Duration getTimeout() { return timeout; }
    public void setTimeout(Duration timeout) { this.timeout = timeout; }
    public Duration getStartTimeout() { return startTimeout; }
    public void setStartTimeout(Duration startTimeout) { this.startTimeout = startTimeout; }
    public List<String> getJvmOptions() { return jvmOptions; }
    public void setJvmOptions(List<String> jvmOptions) { this.jvmOptions = jvmOptions; }
}
