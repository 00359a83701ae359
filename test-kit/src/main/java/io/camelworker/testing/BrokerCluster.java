package io.camelworker.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * A RabbitMQ cluster of three nodes on loopback ({@code cw-cluster-1@localhost} to {@code -3}, AMQP on 5675 to 5677), of the
 * test's own. The nodes run as the {@code rabbitmq} user, as {@link SecondBrokerNode} does, so they share its Erlang cookie.
 */
public final class BrokerCluster implements AutoCloseable {

    /** AMQP port of the first node; the others follow. */
    public static final int FIRST_PORT = 5675;
    private static final int SIZE = 3;

    private final List<SecondBrokerNode> nodes;

    private BrokerCluster(List<SecondBrokerNode> nodes) {
        this.nodes = nodes;
    }

    /** Starts the three nodes side by side, then joins the second and third to the first. */
    public static BrokerCluster start() throws IOException, InterruptedException {
        List<CompletableFuture<SecondBrokerNode>> starting = new ArrayList<>();
        for (int i = 0; i < SIZE; i++) {
            int index = i;
            starting.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return SecondBrokerNode.start("cw-cluster-" + (index + 1), FIRST_PORT + index, List.of(), "[].");
                } catch (IOException | InterruptedException e) {
                    throw new CompletionException(e);
                }
            }));
        }
        List<SecondBrokerNode> nodes = new ArrayList<>();
        try {
            for (CompletableFuture<SecondBrokerNode> node : starting) {
                nodes.add(node.join());
            }
        } catch (CompletionException e) {
            for (CompletableFuture<SecondBrokerNode> node : starting) {
                node.thenAccept(BrokerCluster::stopQuietly);
            }
            throw new IllegalStateException("a node of the cluster did not start", e.getCause());
        }
        BrokerCluster cluster = new BrokerCluster(nodes);
        try {
            for (SecondBrokerNode node : nodes.subList(1, SIZE)) {
                node.rabbitmqctl("stop_app");
                node.rabbitmqctl("join_cluster", nodes.get(0).name());
                node.rabbitmqctl("start_app");
            }
            nodes.get(0).rabbitmqctl("await_online_nodes", String.valueOf(SIZE));
        } catch (RuntimeException | IOException | InterruptedException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** The node of index 0, 1 or 2. */
    public SecondBrokerNode node(int index) {
        return nodes.get(index);
    }

    /** {@code spring.rabbitmq.addresses} for these nodes, in this order. */
    public String addresses(int... order) {
        return Arrays.stream(order).mapToObj(index -> "127.0.0.1:" + nodes.get(index).port())
                .collect(Collectors.joining(","));
    }

    /** The nodes the cluster reports running. */
    public String runningNodes() throws IOException, InterruptedException {
        return nodes.get(0).rabbitmqctl("eval", "rabbit_nodes:all_running().");
    }

    /** The node a queue lives on (its process id names it), as the node of index 0 sees it. */
    public String homeNodeOf(String queue) throws IOException, InterruptedException {
        return nodes.get(0).rabbitmqctl("eval", "{ok, Q} = rabbit_amqqueue:lookup(rabbit_misc:r(<<\"/\">>, queue, <<\""
                + queue + "\">>)), node(amqqueue:get_pid(Q)).").strip().replace("'", "");
    }

    /** How many client connections a node holds. */
    public long connectionsOn(int index) throws IOException, InterruptedException {
        return nodes.get(index).rabbitmqctl("-q", "list_connections", "name").lines().filter(line -> !line.isBlank()).count();
    }

    @Override
    public void close() {
        nodes.forEach(BrokerCluster::stopQuietly);
    }

    private static void stopQuietly(SecondBrokerNode node) {
        try {
            node.close();
        } catch (IOException | InterruptedException e) {
            // stopping a test fixture: nothing more to do
        }
    }
}
