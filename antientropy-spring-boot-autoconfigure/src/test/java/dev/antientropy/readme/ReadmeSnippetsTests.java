package dev.antientropy.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every Java snippet of the README is a region of a test source that compiles and runs: the README marks each
 * one with {@code <!-- snippet: NAME -->} on the line before its fence, and the region lies between
 * {@code // tag::NAME[]} and {@code // end::NAME[]} in a {@code src/test/java} or {@code src/main/java} file of any
 * module. The snippet must equal the region, indentation removed.
 */
class ReadmeSnippetsTests {

    private static final Pattern MARKER = Pattern.compile("<!-- snippet: ([\\w-]+) -->");

    private static final Pattern TAG = Pattern.compile("^\\s*// tag::([\\w-]+)\\[\\]\\s*$");

    @Test
    void everyJavaSnippetIsMarked() {
        Map<String, String> snippets = snippets();
        List<String> lines = Readme.lines();
        long fences = lines.stream().filter((line) -> line.strip().equals("```java")).count();
        assertThat(snippets).as("marked java snippets of README.md").hasSize((int) fences);
    }

    @Test
    void everySnippetEqualsItsTestedRegion() throws IOException {
        Map<String, String> regions = regions();
        Map<String, String> snippets = snippets();
        assertThat(snippets).isNotEmpty();
        snippets.forEach((name, snippet) -> {
            assertThat(regions).as("a region tagged %s in the sources", name).containsKey(name);
            assertThat(snippet).as("README snippet %s against its region", name).isEqualTo(regions.get(name));
        });
    }

    @Test
    void propertiesSnippetsCarryNoCommentInAValue() throws IOException {
        for (String readme : List.of("README.md", "sample-app/README.md")) {
            List<String> lines = Files.readAllLines(Readme.root().resolve(readme));
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).strip().equals("```properties")) {
                    continue;
                }
                StringBuilder block = new StringBuilder();
                for (int j = i + 1; !lines.get(j).strip().equals("```"); j++) {
                    block.append(lines.get(j)).append('\n');
                }
                Properties properties = new Properties();
                properties.load(new StringReader(block.toString()));
                int line = i + 1;
                properties.forEach((key, value) -> assertThat((String) value)
                    .as("%s line %d: %s; in a .properties file a comment takes a line of its own", readme, line, key)
                    .doesNotContainPattern("\\s#"));
            }
        }
    }

    /** The marked Java snippets of the README, by name; a marker must come right before a java fence. */
    private static Map<String, String> snippets() {
        List<String> lines = Readme.lines();
        Map<String, String> snippets = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals("```java")) {
                continue;
            }
            Matcher marker = (i > 0) ? MARKER.matcher(lines.get(i - 1).strip()) : null;
            assertThat(marker != null && marker.matches())
                .as("README.md line %d: a java snippet needs <!-- snippet: NAME --> on the line before", i + 1)
                .isTrue();
            List<String> body = new ArrayList<>();
            int j = i + 1;
            while (!lines.get(j).strip().equals("```")) {
                body.add(lines.get(j++));
            }
            String previous = snippets.put(marker.group(1), String.join("\n", body));
            assertThat(previous).as("snippet %s shown twice", marker.group(1)).isNull();
        }
        return snippets;
    }

    /** Every tagged region of the modules' sources, by name, without its indentation and inner tag lines. */
    private static Map<String, String> regions() throws IOException {
        Map<String, String> regions = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(Readme.root())) {
            List<Path> sources = files
                .filter((path) -> path.toString().endsWith(".java"))
                .filter((path) -> path.toString().contains("/src/test/java/")
                        || path.toString().contains("/src/main/java/"))
                .filter((path) -> !path.toString().contains("/target/"))
                .toList();
            for (Path source : sources) {
                List<String> lines = Files.readAllLines(source);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher tag = TAG.matcher(lines.get(i));
                    if (tag.matches()) {
                        String end = "// end::" + tag.group(1) + "[]";
                        List<String> body = new ArrayList<>();
                        int j = i + 1;
                        while (j < lines.size() && !lines.get(j).strip().equals(end)) {
                            if (!lines.get(j).strip().matches("// (tag|end)::[\\w-]+\\[\\]")) {
                                body.add(lines.get(j));
                            }
                            j++;
                        }
                        assertThat(j).as("%s: %s is never closed", source, tag.group(1)).isLessThan(lines.size());
                        String previous = regions.put(tag.group(1), dedent(body));
                        assertThat(previous).as("region %s tagged twice (again in %s)", tag.group(1), source).isNull();
                    }
                }
            }
        }
        return regions;
    }

    private static String dedent(List<String> lines) {
        int indent = lines.stream()
            .filter((line) -> !line.isBlank())
            .mapToInt((line) -> line.length() - line.stripLeading().length())
            .min()
            .orElse(0);
        return String.join("\n", lines.stream().map((line) -> line.isBlank() ? "" : line.substring(indent)).toList());
    }
}
