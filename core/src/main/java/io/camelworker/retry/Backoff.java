package io.camelworker.retry;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/** An exponential backoff between attempts: every retry setting of the service has this shape. */
public class Backoff {

    /** Attempts, the first one included. */
    @Min(1)
    private int maxAttempts;

    /** Pause after the first failed attempt. */
    @NotNull
    private Duration initialInterval;

    /** Factor applied to the pause after each further failed attempt. */
    @DecimalMin("1.0")
    private double multiplier;

    /** Longest pause between two attempts. */
    @NotNull
    private Duration maxInterval;

    /** Three attempts, 1 s then doubled, at most 30 s. */
    public Backoff() {
        this(3, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30));
    }

    public Backoff(int maxAttempts, Duration initialInterval, double multiplier, Duration maxInterval) {
        this.maxAttempts = maxAttempts;
        this.initialInterval = initialInterval;
        this.multiplier = multiplier;
        this.maxInterval = maxInterval;
    }

    /** Pause after the failed attempt {@code attempt} (1-based). */
    public Duration backoff(int attempt) {
        double millis = initialInterval.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
        return Duration.ofMillis((long) Math.min(millis, maxInterval.toMillis()));
    }

    public int getMaxAttempts() { return maxAttempts; }
    public void setMaxAttempts(int maxAttempts) { this.maxAttempts = maxAttempts; }
    public Duration getInitialInterval() { return initialInterval; }
    public void setInitialInterval(Duration initialInterval) { this.initialInterval = initialInterval; }
    public double getMultiplier() { return multiplier; }
    public void setMultiplier(double multiplier) { this.multiplier = multiplier; }
    public Duration getMaxInterval() { return maxInterval; }
    public void setMaxInterval(Duration maxInterval) { this.maxInterval = maxInterval; }
}
