package dev.antientropy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.FileSystemGeneratedFiles;
import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.javapoet.ClassName;

/**
 * Does what Spring Boot's {@code process-aot} goal and {@code -Dspring.aot.enabled=true} do, inside a test:
 * processes a prepared (not refreshed) context ahead of time, compiles the generated sources with the JDK's
 * compiler against the test class path, defines the classes next to the classes they call (package-private
 * access works as in the real build), and initializes a fresh context from the generated initializer alone.
 * (Spring's own {@code TestCompiler} of {@code spring-core-test} does the same; it is not on this build's
 * class path.)
 */
public final class AheadOfTime {

    private AheadOfTime() {
    }

    /**
     * Processes the context ahead of time and returns the generated initializer, which makes fresh contexts
     * from the generated code only. The generated classes live as long as the class loader: process one context
     * per test class, and initialize a fresh context per test.
     *
     * @param prepared a context with its bean definitions, not refreshed
     * @param workDir an empty directory for the generated sources and classes
     * @return the initializer of fresh contexts
     */
    public static ApplicationContextInitializer<GenericApplicationContext> process(GenericApplicationContext prepared,
            Path workDir) {
        Path classes = workDir.resolve("classes");
        FileSystemGeneratedFiles generatedFiles = new FileSystemGeneratedFiles((kind) -> workDir.resolve(
                kind.name().toLowerCase()));
        DefaultGenerationContext generationContext = new DefaultGenerationContext(
                new ClassNameGenerator(ClassName.get(AheadOfTime.class)), generatedFiles);
        ClassName initializerName = new ApplicationContextAotGenerator().processAheadOfTime(prepared,
                generationContext);
        generationContext.writeGeneratedContent();
        compile(workDir.resolve(Kind.SOURCE.name().toLowerCase()), classes);
        define(classes);
        return initializer(initializerName);
    }

    /**
     * Makes a fresh context, not refreshed, from a generated initializer.
     *
     * @param initializer what {@link #process} returned
     * @return the context, to refresh and close
     */
    public static GenericApplicationContext freshContext(
            ApplicationContextInitializer<GenericApplicationContext> initializer) {
        GenericApplicationContext fresh = new GenericApplicationContext();
        fresh.setClassLoader(AheadOfTime.class.getClassLoader());
        initializer.initialize(fresh);
        return fresh;
    }

    private static void compile(Path sources, Path classes) {
        try {
            Files.createDirectories(classes);
            List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "-classpath", classPath(),
                    "-parameters", "-proc:none", "-nowarn"));
            try (Stream<Path> files = Files.walk(sources)) {
                files.filter((file) -> file.toString().endsWith(".java")).forEach((file) -> arguments.add(file.toString()));
            }
            JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
            int status = compiler.run(null, null, System.err, arguments.toArray(String[]::new));
            if (status != 0) {
                throw new IllegalStateException("The AOT-generated sources in " + sources + " do not compile");
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Surefire runs tests from a manifest-only jar; it names the real class path in a property. */
    private static String classPath() {
        String testClassPath = System.getProperty("surefire.test.class.path");
        return (testClassPath != null) ? testClassPath : System.getProperty("java.class.path");
    }

    private static void define(Path classes) {
        Map<String, Class<?>> anchors = new HashMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter((f) -> f.toString().endsWith(".class")).sorted().toList()) {
                String className = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                String packageName = className.substring(0, className.lastIndexOf('.'));
                Class<?> anchor = anchors.computeIfAbsent(packageName, AheadOfTime::anyClassIn);
                MethodHandles.privateLookupIn(anchor, MethodHandles.lookup()).defineClass(Files.readAllBytes(file));
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (IllegalAccessException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static Class<?> anyClassIn(String packageName) {
        try {
            Resource[] found = new PathMatchingResourcePatternResolver(AheadOfTime.class.getClassLoader())
                .getResources("classpath*:" + packageName.replace('.', '/') + "/*.class");
            for (Resource resource : found) {
                String name = resource.getFilename();
                if (name != null && !name.contains("__")) {
                    return Class.forName(packageName + "." + name.replaceAll("\\.class$", ""), false,
                            AheadOfTime.class.getClassLoader());
                }
            }
        }
        catch (IOException | ClassNotFoundException ex) {
            throw new IllegalStateException("No class to define generated code next to in " + packageName, ex);
        }
        throw new IllegalStateException("No class to define generated code next to in " + packageName);
    }

    @SuppressWarnings("unchecked")
    private static ApplicationContextInitializer<GenericApplicationContext> initializer(ClassName name) {
        try {
            return (ApplicationContextInitializer<GenericApplicationContext>) Class
                .forName(name.reflectionName(), true, AheadOfTime.class.getClassLoader())
                .getDeclaredConstructor()
                .newInstance();
        }
        catch (ReflectiveOperationException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
