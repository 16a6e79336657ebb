package dev.antientropy.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The README's map of the code ("Contributing", the table of packages) against the source tree: every package
 * that holds a Java source under a {@code src/NAME/java} folder of the repository ({@code main}, {@code test}, the
 * test kit's {@code spring}, the consumer project in {@code src/it} included) is named in the table, and the table names no package that does not exist.
 */
class ReadmeContributingTests {

    private static final Pattern ROW = Pattern.compile("^\\| `([a-z][\\w.]*)` \\|.*\\|$");

    private static final Pattern SOURCE_ROOT = Pattern.compile("/src/[a-z-]+/java/");

    @Test
    void theTableOfPackagesNamesEveryPackageAndNoOther() throws IOException {
        Set<String> sources = sourcePackages();
        Set<String> mapped = mappedPackages();
        System.out.println("README Contributing: " + mapped.size() + " packages mapped; in the source tree: " + sources);

        assertThat(sources).as("packages of the source tree").isNotEmpty();
        assertThat(mapped).as("packages in README.md, Contributing: add a line for each package missing, "
                + "remove each that no longer exists").containsExactlyInAnyOrderElementsOf(sources);
    }

    private static Set<String> mappedPackages() {
        List<String> lines = Readme.lines();
        int contributing = lines.indexOf("## Contributing");
        assertThat(contributing).as("a Contributing section in README.md").isNotNegative();
        Set<String> mapped = new TreeSet<>();
        for (int i = contributing + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            Matcher row = ROW.matcher(lines.get(i));
            if (row.matches() && row.group(1).contains(".")) {
                assertThat(mapped.add(row.group(1))).as("package %s mapped twice", row.group(1)).isTrue();
            }
        }
        return mapped;
    }

    private static Set<String> sourcePackages() throws IOException {
        Path root = Readme.root();
        Set<String> packages = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter((path) -> path.toString().endsWith(".java"))
                .map((path) -> root.relativize(path).toString().replace('\\', '/'))
                .filter((path) -> !path.contains("/target/") && !path.startsWith("target/"))
                .forEach((path) -> {
                    Matcher source = SOURCE_ROOT.matcher("/" + path);
                    if (source.find()) {
                        String relative = ("/" + path).substring(source.end());
                        int slash = relative.lastIndexOf('/');
                        if (slash > 0) {
                            packages.add(relative.substring(0, slash).replace('/', '.'));
                        }
                    }
                });
        }
        return packages;
    }
}
