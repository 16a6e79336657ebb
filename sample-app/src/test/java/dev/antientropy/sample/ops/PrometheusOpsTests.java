package dev.antientropy.sample.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.antientropy.StateSyncer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operations kit against the running sample and a real Prometheus ({@code /usr/bin/prometheus} from Debian's
 * package, started here on a free port, scraping the sample's {@code /actuator/prometheus} every second and
 * evaluating {@code ops/prometheus/antientropy-alerts.yml} every second): the rules load, every query of the
 * Grafana dashboard runs and names only series the sample exports, and pausing the sample's syncer takes
 * {@code AntiEntropyPausedTooLong} through pending to firing. The rule file is loaded as it is but for that one
 * alert's {@code for: 30m}, shortened to {@code for: 5s} in the copy Prometheus reads so that the test takes
 * seconds, not half an hour. Without the prometheus binary it fails with the way to install it; it never skips.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:catalog-ops;DB_CLOSE_DELAY=-1", "sample.node-id=ops-${random.uuid}",
        "sample.services-file=", "logging.level.dev.antientropy=INFO" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusOpsTests {

    private static final Duration BOUND = Duration.ofSeconds(60);

    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{");

    private static final Pattern ANTIENTROPY_NAME = Pattern.compile("antientropy_[a-z_]+");

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    private int port;

    @Autowired
    @Qualifier("catalog")
    private StateSyncer syncer;

    @Value("${sample.operator.name}")
    private String operator;

    @Value("${sample.operator.password}")
    private String password;

    private Process prometheus;

    private Path prometheusLog;

    private String prometheusUrl;

    @BeforeAll
    void startPrometheus(@TempDir Path dir) throws IOException {
        Path binary = OpsFiles.binary("prometheus");
        String rules = Files.readString(OpsFiles.ops().resolve("prometheus/antientropy-alerts.yml"));
        String paused = "      - alert: AntiEntropyPausedTooLong\n        expr: antientropy_paused == 1\n"
                + "        for: 30m\n";
        assertThat(rules).contains(paused);
        Files.writeString(dir.resolve("antientropy-alerts.yml"), rules.replace(paused, paused.replace("30m", "5s")));
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - antientropy-alerts.yml
                scrape_configs:
                  - job_name: sample
                    metrics_path: /actuator/prometheus
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(port));
        int prometheusPort = freePort();
        prometheusUrl = "http://127.0.0.1:" + prometheusPort;
        prometheusLog = dir.resolve("prometheus.log");
        prometheus = new ProcessBuilder(binary.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + prometheusPort)
            .redirectErrorStream(true)
            .redirectOutput(prometheusLog.toFile())
            .start();
        await().atMost(BOUND).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(prometheus.isAlive()).as(this::prometheusLog).isTrue();
            assertThat(status(prometheusUrl + "/-/ready")).isEqualTo(200);
        });
    }

    @AfterAll
    void stopPrometheus() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
        while (syncer.isPaused()) {
            syncer.resume();
        }
    }

    @Test
    void prometheusScrapesTheSampleAndLoadsEveryRule() {
        await().atMost(BOUND).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonNode target = get(prometheusUrl + "/api/v1/targets").get("data").get("activeTargets").get(0);
            assertThat(target.get("health").asString()).as(target.toString()).isEqualTo("up");
        });
        JsonNode rules = get(prometheusUrl + "/api/v1/rules?type=alert").get("data").get("groups").get(0);
        List<String> names = new ArrayList<>();
        rules.get("rules").forEach((rule) -> names.add(rule.get("name").asString()));

        assertThat(names).containsExactly("AntiEntropyFullSyncOverdue", "AntiEntropyFullSyncFailing",
                "AntiEntropyPausedTooLong", "AntiEntropySyncerGone");
        rules.get("rules").forEach((rule) -> assertThat(rule.get("health").asString()).isEqualTo("ok"));
    }

    @Test
    void everyDashboardQueryNamesScrapedSeriesAndRunsOnPrometheus() throws IOException {
        String scrape = http(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")))
            .body();
        Set<String> scraped = new TreeSet<>();
        scrape.lines()
            .filter((line) -> !line.isBlank() && !line.startsWith("#"))
            .forEach((line) -> scraped.add(line.split("[{ ]", 2)[0]));
        JsonNode dashboard = json
            .readTree(Files.readString(OpsFiles.ops().resolve("grafana/antientropy-dashboard.json")));
        List<String> queries = new ArrayList<>();
        dashboard.get("panels").forEach((panel) -> {
            if (panel.has("targets")) {
                panel.get("targets").forEach((target) -> queries.add(target.get("expr").asString()));
            }
        });
        List<String> variables = new ArrayList<>();
        dashboard.get("templating").get("list").forEach((variable) -> {
            if (variable.get("type").asString().equals("query")) {
                variables.add(variable.get("definition").asString());
            }
        });
        Set<String> named = new LinkedHashSet<>();
        for (String query : queries) {
            Matcher selector = SELECTOR.matcher(query);
            while (selector.find()) {
                named.add(selector.group(1));
            }
            assertThat(query).as("every query filters by the variables").contains("syncer=~\"$syncer\"",
                    "instance=~\"$instance\"");
        }
        Matcher anywhere = ANTIENTROPY_NAME.matcher(dashboard.toString());
        while (anywhere.find()) {
            named.add(anywhere.group());
        }
        System.out.println("dashboard: " + queries.size() + " queries, " + variables.size()
                + " variable queries, series named: " + named);

        assertThat(queries).hasSizeGreaterThanOrEqualTo(10);
        assertThat(variables).contains("label_values(antientropy_paused, syncer)");
        assertThat(scraped).containsAll(named);
        await().atMost(BOUND).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (String query : queries) {
                String promql = query.replace("$syncer", "catalog")
                    .replace("$instance", ".*")
                    .replace("$__rate_interval", "1m");
                JsonNode answer = get(prometheusUrl + "/api/v1/query?query="
                        + URLEncoder.encode(promql, StandardCharsets.UTF_8));
                assertThat(answer.get("status").asString()).as(promql).isEqualTo("success");
                assertThat(answer.get("data").get("result").isEmpty()).as("no result for %s", promql).isFalse();
            }
        });
    }

    @Test
    void pausingTheSyncerTakesThePausedAlertThroughPendingToFiringAndHealthShowsIt() {
        await().atMost(BOUND).pollInterval(Duration.ofMillis(200))
            .untilAsserted(() -> assertThat(query("antientropy_paused{syncer=\"catalog\"}")).isEqualTo("0"));
        assertThat(alerts()).isEmpty();
        JsonNode before = health(200);
        assertThat(before.get("status").asString()).isEqualTo("UP");
        assertThat(before.get("details").get("paused").asBoolean()).isFalse();

        HttpResponse<String> pause = act("pause");
        System.out.println("POST /actuator/antientropy/catalog {\"action\":\"pause\"} -> " + pause.statusCode());
        assertThat(pause.statusCode()).isEqualTo(200);
        Set<String> states = new LinkedHashSet<>();
        await().atMost(BOUND).pollInterval(Duration.ofMillis(100)).until(() -> {
            alerts().forEach((alert) -> {
                assertThat(alert.get("labels").get("alertname").asString()).isEqualTo("AntiEntropyPausedTooLong");
                assertThat(alert.get("labels").get("syncer").asString()).isEqualTo("catalog");
                assertThat(alert.get("labels").get("severity").asString()).isEqualTo("warning");
                states.add(alert.get("state").asString());
            });
            return states.contains("firing");
        });
        JsonNode paused = health(200);
        System.out.println("Prometheus alert states seen: " + states);

        assertThat(states).containsExactly("pending", "firing");
        assertThat(paused.get("status").asString()).isEqualTo("UP");
        assertThat(paused.get("details").get("paused").asBoolean()).isTrue();
        assertThat(act("resume").statusCode()).isEqualTo(200);
        await().atMost(BOUND).pollInterval(Duration.ofMillis(200)).until(() -> alerts().isEmpty());
        assertThat(syncer.isPaused()).isFalse();
    }

    private JsonNode health(int expectedStatus) {
        HttpResponse<String> response = http(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health/antientropy/catalog")));
        System.out.println("GET /actuator/health/antientropy/catalog -> " + response.statusCode() + " "
                + response.body());
        assertThat(response.statusCode()).isEqualTo(expectedStatus);
        return json.readTree(response.body());
    }

    private HttpResponse<String> act(String action) {
        String credentials = Base64.getEncoder()
            .encodeToString((operator + ":" + password).getBytes(StandardCharsets.UTF_8));
        return http(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/antientropy/catalog"))
            .header("Authorization", "Basic " + credentials)
            .header("Content-Type", "application/json")
            .POST(BodyPublishers.ofString("{\"action\":\"" + action + "\"}")));
    }

    private List<JsonNode> alerts() {
        List<JsonNode> alerts = new ArrayList<>();
        get(prometheusUrl + "/api/v1/alerts").get("data").get("alerts").forEach(alerts::add);
        return alerts;
    }

    private String query(String promql) {
        JsonNode result = get(prometheusUrl + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8)).get("data").get("result");
        return result.isEmpty() ? null : result.get(0).get("value").get(1).asString();
    }

    private JsonNode get(String url) {
        HttpResponse<String> response = http(HttpRequest.newBuilder(URI.create(url)));
        assertThat(response.statusCode()).as("%s: %s", url, response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private int status(String url) {
        try {
            return http(HttpRequest.newBuilder(URI.create(url))).statusCode();
        }
        catch (UncheckedIOException ex) {
            return -1;
        }
    }

    private HttpResponse<String> http(HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private String prometheusLog() {
        try {
            return "prometheus exited:\n" + Files.readString(prometheusLog);
        }
        catch (IOException ex) {
            return "prometheus exited (no log: " + ex.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
