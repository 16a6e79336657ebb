package dev.antientropy.sample.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The alert rules of {@code ops/prometheus} under Prometheus's own checker: {@code promtool check rules} and the
 * unit tests of {@code antientropy-alerts.test.yml} with {@code promtool test rules}. Without promtool these fail
 * with the way to install it; they never skip.
 */
class AlertRulesTests {

    private static final Path RULES = OpsFiles.ops().resolve("prometheus/antientropy-alerts.yml");

    private static final Path UNIT_TESTS = OpsFiles.ops().resolve("prometheus/antientropy-alerts.test.yml");

    @Test
    void promtoolAcceptsTheRules() {
        OpsFiles.Run check = OpsFiles.run(RULES.getParent(), OpsFiles.binary("promtool").toString(), "check",
                "rules", RULES.getFileName().toString());
        System.out.println("promtool check rules:\n" + check.output());

        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: 4 rules found");
    }

    @Test
    void promtoolUnitTestsPass() {
        OpsFiles.Run test = OpsFiles.run(UNIT_TESTS.getParent(), OpsFiles.binary("promtool").toString(), "test",
                "rules", UNIT_TESTS.getFileName().toString());
        System.out.println("promtool test rules:\n" + test.output());

        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS").doesNotContain("FAILED");
    }

    @Test
    void everyAlertHasASeverityASummaryAndADescription() throws IOException {
        List<Map<String, Object>> rules = rules();

        assertThat(rules).extracting((rule) -> rule.get("alert"))
            .containsExactly("AntiEntropyFullSyncOverdue", "AntiEntropyFullSyncFailing", "AntiEntropyPausedTooLong",
                    "AntiEntropySyncerGone");
        for (Map<String, Object> rule : rules) {
            assertThat(map(rule, "labels")).as("%s labels", rule.get("alert")).containsKey("severity");
            assertThat(map(rule, "annotations")).as("%s annotations", rule.get("alert"))
                .containsKeys("summary", "description");
            assertThat(rule.get("expr").toString()).as("%s expr", rule.get("alert")).doesNotContain("3 * 60");
        }
    }

    @Test
    void everyAlertIsUnitTestedFiringAndNotFiring() throws IOException {
        Set<String> firing = new LinkedHashSet<>();
        Set<String> silent = new LinkedHashSet<>();
        int evaluations = 0;
        for (Map<String, Object> test : list(load(UNIT_TESTS), "tests")) {
            for (Map<String, Object> evaluation : list(test, "alert_rule_test")) {
                evaluations++;
                String alert = evaluation.get("alertname").toString();
                (list(evaluation, "exp_alerts").isEmpty() ? silent : firing).add(alert);
            }
        }
        List<Object> alerts = new ArrayList<>();
        rules().forEach((rule) -> alerts.add(rule.get("alert")));
        System.out.println("promtool unit tests: " + evaluations + " evaluations; firing " + firing + ", silent "
                + silent);

        assertThat(firing).containsExactlyInAnyOrderElementsOf(alerts.stream().map(Object::toString).toList());
        assertThat(silent).containsExactlyInAnyOrderElementsOf(alerts.stream().map(Object::toString).toList());
    }

    private static List<Map<String, Object>> rules() throws IOException {
        List<Map<String, Object>> rules = new ArrayList<>();
        list(load(RULES), "groups").forEach((group) -> rules.addAll(list(group, "rules")));
        return rules;
    }

    private static Map<String, Object> load(Path file) throws IOException {
        return new Yaml().load(Files.readString(file));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> map, String key) {
        Object value = map.get(key);
        return (value != null) ? (List<Map<String, Object>>) value : List.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> map, String key) {
        return (Map<String, Object>) map.get(key);
    }
}
