package io.camelworker.config;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The start-up rule: the bodies the broker may deliver at once, one more being assembled, and a margin fit the heap. */
class HeapBudgetTest {

    /** Runtime.maxMemory() of -Xmx352m with the serial collector (the README's flags; the image's 70 % of 512 MiB: 348 MiB). */
    static final long SERIAL_352M = (long) (340.3125 * 1024 * 1024);

    /** Runtime.maxMemory() of -Xmx256m with the serial collector (the image's flags before the check). */
    static final long SERIAL_256M = (long) (247.5 * 1024 * 1024);

    /** Runtime.maxMemory() of -Xmx128m with the serial collector. */
    static final long SERIAL_128M = (long) (123.75 * 1024 * 1024);

    @Test
    void theShippedDefaultsFitTheHeapOfTheImageAndOfTheReadme() {
        HeapBudget defaults = new HeapBudget(io.camelworker.runtime.WorkerProperties.DEFAULT_BROKER_MAX_MESSAGE_SIZE, 1, 1);

        assertThat(defaults.requiredBytes()).isEqualTo(DataSize.ofMegabytes(128 * 2 + 64).toBytes());
        assertThat(defaults.fitsIn(SERIAL_352M)).isTrue();
    }

    @Test
    void theShippedDefaultsDoNotFitTheFormer256MegabyteHeapNorA128MegabyteOne() {
        HeapBudget defaults = new HeapBudget(io.camelworker.runtime.WorkerProperties.DEFAULT_BROKER_MAX_MESSAGE_SIZE, 1, 1);

        assertThat(defaults.fitsIn(SERIAL_256M)).isFalse();
        assertThat(defaults.fitsIn(SERIAL_128M)).isFalse();
    }

    @Test
    void aBodyAtRabbitMq3DefaultLimitDoesNotFit256MegabytesAsMeasured() {
        // Measured: a 127 MiB body ended a -Xmx256m worker (OutOfMemoryError while the client assembled it); 90 MiB did not.
        assertThat(new HeapBudget(DataSize.ofMegabytes(128), 1, 1).fitsIn(SERIAL_256M)).isFalse();
        assertThat(new HeapBudget(DataSize.ofMegabytes(90), 1, 1).fitsIn(SERIAL_256M)).isTrue();
    }

    @Test
    void everyPrefetchedDeliveryOfEveryConsumerCounts() {
        HeapBudget budget = new HeapBudget(DataSize.ofMegabytes(16), 4, 5);

        assertThat(budget.bodiesAtOnce()).isEqualTo(4 * 5 + 1);
        assertThat(budget.requiredBytes()).isEqualTo(DataSize.ofMegabytes(16 * 21 + 64).toBytes());
        assertThat(budget.fitsIn(DataSize.ofMegabytes(400).toBytes())).isTrue();
        assertThat(budget.fitsIn(DataSize.ofMegabytes(400).toBytes() - 1)).isFalse();
    }

    @Test
    void aLargePrefetchOfLargeBodiesDoesNotOverflowTheArithmetic() {
        HeapBudget budget = new HeapBudget(DataSize.ofGigabytes(2), 256, Integer.MAX_VALUE);

        assertThat(budget.requiredBytes()).isEqualTo(Long.MAX_VALUE);
        assertThat(budget.fitsIn(Long.MAX_VALUE / 2)).isFalse();
    }

    @Test
    void aHeapTooSmallIsRefusedNamingTheSettingsTheNeedAndTheHeap() {
        HeapBudget budget = new HeapBudget(DataSize.ofMegabytes(128), 1, 250);

        assertThatThrownBy(() -> budget.check(SERIAL_128M, "-Xmx128m"))
                .isInstanceOf(HeapTooSmallException.class)
                .hasMessage("worker.broker-max-message-size=128MB x (worker.concurrency 1 x worker.prefetch 250 deliveries "
                        + "held + 1 being read) + 64MB for the rest of the worker needs 32192MB of heap; the heap is 124MB "
                        + "(-Xmx128m): raise -Xmx (or -XX:MaxRAMPercentage) to at least 33303MB, or lower "
                        + "worker.broker-max-message-size (with the broker's max_message_size), worker.prefetch or "
                        + "worker.concurrency");
    }

    @Test
    void aHeapThatFitsIsAccepted() {
        assertThatCode(() -> new HeapBudget(DataSize.ofMegabytes(128), 1, 1).check(SERIAL_352M, "-Xmx352m"))
                .doesNotThrowAnyException();
    }
}
