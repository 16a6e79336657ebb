package dev.antientropy;

import static dev.antientropy.SyncerFixture.MAXIMAL;
import static dev.antientropy.SyncerFixture.NANO;
import static dev.antientropy.SyncerFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The README's state diagram ("How the timing works", "States") against the transitions a syncer reports to its
 * listener, in virtual time: every transition the scenarios below make is an edge of the diagram, and every edge
 * of the diagram is made by one of them, but for the few no scenario here can make: {@code [*]} edges, the
 * {@code PARTIAL_SYNC} self-loop (a self-transition is not reported) and {@code FULL_SYNC --> DONE} (a close that
 * waits for the sync in flight needs a real thread; {@code ShutdownTests} covers it).
 */
class ReadmeStateDiagramTests {

    private static final Pattern EDGE = Pattern.compile("^\\s*(\\[\\*]|[A-Z_]+)\\s*-->\\s*(\\[\\*]|[A-Z_]+)\\s*(:.*)?$");

    private static final Set<String> NOT_MADE_HERE = Set.of("[*] -> NEW", "DONE -> [*]",
            "PARTIAL_SYNC -> PARTIAL_SYNC", "FULL_SYNC -> DONE");

    @Test
    void theDiagramHasEveryTransitionAndNoOther() throws IOException {
        Set<String> made = new LinkedHashSet<>();
        // start, a partial sync, the periodic full sync, a requested one, close while partial-syncing
        made.addAll(transitions((fixture) -> {
            StateSyncer syncer = fixture.started();
            syncer.triggerSyncChanges();
            fixture.scheduler.runDue();
            fixture.advance(s(120));
            syncer.triggerSyncFull();
            fixture.advance(s(3));
            syncer.close();
            fixture.scheduler.runDue();
        }));
        // a failed full sync, retried by its timer; then close while retrying
        made.addAll(transitions((fixture) -> {
            StateSyncer syncer = fixture.inRetry(fixture.builder());
            fixture.advance(s(30));
            fixture.state.thenFull(RecordingState.failing("down again"));
            syncer.triggerSyncFull();
            fixture.advance(s(3));
            syncer.close();
            fixture.scheduler.runDue();
        }));
        // paused before start: the first full sync is skipped; the last resume brings it forward
        made.addAll(transitions((fixture) -> {
            StateSyncer syncer = fixture.builder().build();
            syncer.pause();
            fixture.start(syncer);
            syncer.resume();
            fixture.advance(s(3));
        }));
        // a start-up stagger that elapses while paused; then close while starting, in a second syncer
        made.addAll(transitions((fixture) -> {
            StateSyncer syncer = fixture.start(fixture.builder(MAXIMAL).startupStagger(s(60)).build());
            syncer.pause();
            fixture.advance(s(60));
        }));
        made.addAll(transitions((fixture) -> {
            StateSyncer syncer = fixture.start(fixture.builder(MAXIMAL).startupStagger(s(60)).build());
            syncer.triggerSyncFull();
            fixture.advance(s(3));
        }));
        made.addAll(transitions((fixture) -> {
            StateSyncer syncer = fixture.start(fixture.builder(MAXIMAL).startupStagger(s(60)).build());
            syncer.close();
            fixture.scheduler.runDue();
        }));
        // a periodic full sync due while paused
        made.addAll(transitions((fixture) -> {
            StateSyncer syncer = fixture.started();
            syncer.pause();
            fixture.advance(s(120).plus(NANO));
        }));
        // closed before it was started
        made.addAll(transitions((fixture) -> fixture.builder().build().close()));

        Set<String> drawn = diagram();
        System.out.println("README state diagram: " + drawn.size() + " edges; transitions made: " + made);

        assertThat(drawn).as("transitions the syncer makes, all drawn in the README").containsAll(made);
        Set<String> expected = new LinkedHashSet<>(drawn);
        expected.removeAll(NOT_MADE_HERE);
        assertThat(made).as("edges of the README's diagram, each made by a scenario").containsAll(expected);
    }

    private static Set<String> transitions(Consumer<SyncerFixture> scenario) {
        SyncerFixture fixture = new SyncerFixture();
        scenario.accept(fixture);
        Set<String> transitions = new LinkedHashSet<>();
        fixture.events.stream().filter((event) -> event.contains(" -> ")).forEach(transitions::add);
        return transitions;
    }

    /** The edges of the README's mermaid state diagram, as {@code FROM -> TO}. */
    private static Set<String> diagram() throws IOException {
        List<String> lines = Files.readAllLines(readme());
        int start = lines.indexOf("```mermaid");
        assertThat(start).as("a mermaid block in README.md").isNotNegative();
        Set<String> edges = new LinkedHashSet<>();
        for (int i = start + 1; !lines.get(i).strip().equals("```"); i++) {
            Matcher edge = EDGE.matcher(lines.get(i));
            if (edge.matches()) {
                edges.add(edge.group(1) + " -> " + edge.group(2));
            }
        }
        assertThat(edges).isNotEmpty();
        return edges;
    }

    private static Path readme() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isRegularFile(dir.resolve("README.md")) && Files.isRegularFile(dir.resolve("mvnw")))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the repository root above " + Path.of("").toAbsolutePath()).isNotNull();
        return dir.resolve("README.md");
    }
}
