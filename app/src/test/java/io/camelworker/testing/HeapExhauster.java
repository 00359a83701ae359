package io.camelworker.testing;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.ArrayList;
import java.util.List;

/**
 * A step that fills the heap from a thread of its own until the JVM throws {@link OutOfMemoryError}, as a parser that
 * believes a hostile length field would: the JVM's own error (a thrown one would not trigger {@code ExitOnOutOfMemoryError}),
 * in a thread that is not the consumer's.
 */
public class HeapExhauster implements Processor {

    @Override
    public void process(Exchange exchange) throws InterruptedException {
        Thread allocator = new Thread(HeapExhauster::allocateForever, "heap-exhauster");
        allocator.start();
        allocator.join();
    }

    private static void allocateForever() {
        List<long[]> held = new ArrayList<>();
        while (true) {
            held.add(new long[1 << 20]);
        }
    }
}
