package dev.antientropy.sample;

import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.antientropy.sample.DriftInjector.Kind;

/**
 * Fault injection for the demo, all off until called: an outage of the catalog ({@code PUT} starts it,
 * {@code DELETE} ends it) and drift, rows of this node corrupted behind the syncer's back.
 */
@RestController
@RequestMapping("/api/faults")
class FaultsController {

    private final RemoteOutage outage;
    private final DriftInjector drift;

    FaultsController(RemoteOutage outage, DriftInjector drift) {
        this.outage = outage;
        this.drift = drift;
    }

    @GetMapping
    Faults faults() {
        return new Faults(outage.isDown());
    }

    /** Makes every JDBC call of the syncer throw, until {@code DELETE}. */
    @PutMapping("/outage")
    Faults startOutage() {
        outage.start();
        return faults();
    }

    @DeleteMapping("/outage")
    Faults endOutage() {
        outage.end();
        return faults();
    }

    /** Corrupts this node's rows: {@code delete}, {@code alter} or {@code orphan}; {@code ?service=ID} for one. */
    @PostMapping("/drift/{kind}")
    Drift drift(@PathVariable String kind, @RequestParam(required = false) @Nullable String service) {
        Kind parsed = Kind.parse(kind);
        return new Drift(parsed.name().toLowerCase(Locale.ROOT), drift.inject(parsed, service));
    }

    /**
     * The fault switches.
     *
     * @param outage whether the syncer's JDBC calls throw
     */
    record Faults(boolean outage) {
    }

    /**
     * What a drift injection did.
     *
     * @param kind the kind of drift
     * @param rows the number of rows changed
     */
    record Drift(String kind, int rows) {
    }
}
