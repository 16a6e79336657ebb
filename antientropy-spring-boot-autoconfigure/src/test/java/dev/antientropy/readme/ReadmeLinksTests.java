package dev.antientropy.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every link of the READMEs leads somewhere: a relative link names a file or folder of the repository (so each
 * figure's "raw" link finds its raw output), and a {@code #fragment} names a heading of the file it points
 * into, as GitHub makes its anchors. Links inside code blocks are not links and are left out.
 */
class ReadmeLinksTests {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "README.md", "sample-app/README.md", "benchmarks/README.md" })
    void everyLinkLeadsToAFileOrAHeading(String readme) throws IOException {
        Path file = Readme.root().resolve(readme);
        List<String> links = links(file);
        List<String> broken = new ArrayList<>();
        for (String link : links) {
            if (link.matches("^[a-z]+:.*")) {
                continue; // https:, mailto:
            }
            int hash = link.indexOf('#');
            String path = (hash < 0) ? link : link.substring(0, hash);
            Path target = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
            if (!Files.exists(target)) {
                broken.add(link + " (no such file)");
            }
            else if (hash >= 0 && target.toString().endsWith(".md")
                    && !anchors(target).contains(link.substring(hash + 1))) {
                broken.add(link + " (no such heading)");
            }
        }
        System.out.println(readme + ": " + links.size() + " links, " + broken.size() + " broken");

        assertThat(broken).as("links of %s that lead nowhere", readme).isEmpty();
    }

    private static List<String> links(Path file) throws IOException {
        List<String> links = new ArrayList<>();
        boolean code = false;
        for (String line : Files.readAllLines(file)) {
            if (line.strip().startsWith("```")) {
                code = !code;
                continue;
            }
            if (code) {
                continue;
            }
            Matcher link = LINK.matcher(line.replaceAll("`[^`]*`", "``"));
            while (link.find()) {
                links.add(link.group(1));
            }
        }
        return links;
    }

    /** GitHub's anchors of a Markdown file's headings: lower case, punctuation dropped, spaces to hyphens. */
    private static Set<String> anchors(Path file) throws IOException {
        Set<String> anchors = new HashSet<>();
        boolean code = false;
        for (String line : Files.readAllLines(file)) {
            if (line.strip().startsWith("```")) {
                code = !code;
            }
            Matcher heading = HEADING.matcher(line);
            if (!code && heading.matches()) {
                String anchor = heading.group(1).strip().toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N} _-]", "")
                    .replace(' ', '-');
                String unique = anchor;
                for (int n = 1; !anchors.add(unique); n++) {
                    unique = anchor + "-" + n;
                }
            }
        }
        return anchors;
    }
}
