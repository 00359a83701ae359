package io.camelworker.testing;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** A step that kills its own JVM at once, as a native crash or the OOM killer would: no shutdown hook runs. */
public class ProcessHalter implements Processor {

    @Override
    public void process(Exchange exchange) {
        Runtime.getRuntime().halt(137);
    }
}
