package dev.antientropy.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The README reads as a manual for a new user (issue 14): one paragraph of what and why, then the two commands
 * (start the sample, run the tests), then Install, Quick start and the table of contents, and after it the
 * sections a user looks for, each present.
 */
class ReadmeOrderTests {

    @Test
    void oneParagraphOfWhatAndWhyThenTheTwoCommands() {
        List<String> lines = Readme.lines();
        assertThat(lines.get(0)).isEqualTo("# antientropy");
        int i = 1;
        while (lines.get(i).isBlank()) {
            i++;
        }
        int paragraph = i;
        while (!lines.get(i).isBlank()) {
            i++;
        }
        assertThat(String.join(" ", lines.subList(paragraph, i))).as("the opening paragraph")
            .doesNotContain("```").contains("Consul").contains("Spring Boot starter");
        while (lines.get(i).isBlank()) {
            i++;
        }
        assertThat(lines.get(i)).as("right after the first paragraph").isEqualTo("```sh");
        assertThat(lines.get(i + 1)).as("first command: start the sample")
            .startsWith("./mvnw ").contains("-pl sample-app").contains("java -jar sample-app/target/");
        assertThat(lines.get(i + 2)).as("second command: run all tests").startsWith("./mvnw verify");
        assertThat(lines.get(i + 3)).isEqualTo("```");
    }

    @Test
    void installQuickStartAndContentsComeFirstAndEverySectionAUserLooksForExists() {
        List<String> headings = new ArrayList<>();
        boolean code = false;
        for (String line : Readme.lines()) {
            if (line.startsWith("```")) {
                code = !code;
            }
            if (!code && line.startsWith("## ")) {
                headings.add(line.substring(3));
            }
        }

        assertThat(headings).as("the README's sections").startsWith("Install", "Quick start", "Contents");
        assertThat(headings).containsSubsequence("Contents", "Writing your SyncState", "Testing your SyncState",
                "Configuration reference", "Operating it", "Troubleshooting", "Compatibility", "Performance",
                "Contributing");
        assertThat(headings).contains("How the timing works", "Actuator endpoint", "Metrics", "Health");
        String readme = String.join("\n", Readme.lines());
        assertThat(readme).as("Writing your SyncState covers").contains("**Which thread.**", "**Idempotence.**",
                "**Interrupts and timeouts.**", "**JDBC and interrupts.**", "**Keeping changes pending.**");
        assertThat(readme).as("the state diagram").contains("### States", "```mermaid");
        assertThat(readme).as("the Spring Boot properties that matter").contains(
                "`management.endpoints.web.exposure.include`", "`spring.lifecycle.timeout-per-shutdown-phase`",
                "`spring.threads.virtual.enabled`", "### Environment variables");
    }
}
