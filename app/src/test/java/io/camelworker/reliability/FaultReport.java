package io.camelworker.reliability;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts, for one fault test, the requests sent, answered, answered more than once and lost, and prints them in the
 * form of the README's reliability table.
 *
 * @param sent       requests submitted
 * @param answered   requests with at least one final answer
 * @param duplicated requests answered more than once
 * @param lost       requests never answered
 */
record FaultReport(int sent, int answered, int duplicated, int lost) {

    static FaultReport of(Collection<String> sentIds, Collection<String> answeredIds) {
        Map<String, Integer> answers = new HashMap<>();
        answeredIds.forEach(id -> answers.merge(id, 1, Integer::sum));
        int answered = (int) sentIds.stream().filter(answers::containsKey).count();
        int duplicated = (int) sentIds.stream().filter(id -> answers.getOrDefault(id, 0) > 1).count();
        return new FaultReport(sentIds.size(), answered, duplicated, sentIds.size() - answered);
    }

    void print(String fault) {
        System.out.printf("RELIABILITY | %s | sent %d | answered %d | duplicated %d | lost %d%n", fault, sent, answered, duplicated, lost);
    }
}
